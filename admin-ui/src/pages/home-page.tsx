// Home (/): the dashboard. A date range, the overview (GET /api/reports/overview) and the last campaign's
// report, loaded here and shown by reports/dashboard.tsx; a first step to take when nothing was sent yet.
import { Banner, BlockStack, Card, InlineStack, Layout, Page, Text } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import type { CampaignReport, Overview } from '../../../server/contracts/index.js';
import { campaignStatuses } from '../../../server/contracts/index.js';
import { apiGet } from '../api/client.js';
import { Dashboard, DashboardSkeleton } from '../reports/dashboard.js';
import { DateRangePicker, lastDays } from '../reports/date-range-picker.js';
import { NextStep } from '../reports/next-step.js';
import { fetchCampaignReport, fetchOverview, type DateRange } from '../reports/report-api.js';
import { errorMessage } from '../reports/report-format.js';

type State =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; overview: Overview };

// Only what the dashboard reads of GET /api/campaigns.
const campaignListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.enum(campaignStatuses),
      startAt: z.string().nullable(),
    }),
  ),
});

/** The latest campaign that has started sending, with its report (null when there is none). */
async function loadLastCampaign(signal: AbortSignal): Promise<CampaignReport | null> {
  const list = await apiGet('/api/campaigns?limit=100', campaignListSchema, signal);
  const started = list.items
    .filter((c) => c.startAt !== null && ['sending', 'paused', 'completed', 'sent'].includes(c.status))
    .sort((a, b) => (b.startAt ?? '').localeCompare(a.startAt ?? ''));
  const last = started[0];
  return last === undefined ? null : fetchCampaignReport(last.id, signal);
}

export function HomePage() {
  const [range, setRange] = useState<DateRange>(() => lastDays(30));
  const [state, setState] = useState<State>({ status: 'loading' });
  const [lastCampaign, setLastCampaign] = useState<CampaignReport | null | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    fetchOverview(range, controller.signal).then(
      (overview) => setState({ status: 'ready', overview }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [range, attempt]);

  useEffect(() => {
    const controller = new AbortController();
    loadLastCampaign(controller.signal).then(setLastCampaign, () => {
      if (!controller.signal.aborted) setLastCampaign(null);
    });
    return () => controller.abort();
  }, [attempt]);

  const overview = state.status === 'ready' ? state.overview : undefined;
  const nothingYet =
    overview !== undefined &&
    overview.totals.sent === 0 &&
    overview.totals.optIns === 0 &&
    overview.messages.length === 0 &&
    lastCampaign === null;

  return (
    <Page
      title="Home"
      subtitle="How your texts are doing: subscribers, messages and the revenue they brought in."
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <InlineStack align="space-between" blockAlign="end">
                <Text as="p" tone="subdued">
                  {overview === undefined
                    ? '\u00a0'
                    : `Revenue in ${overview.currency}. Figures update within seconds of each delivery, click and order.`}
                </Text>
                <DateRangePicker value={range} onChange={setRange} />
              </InlineStack>
            </Card>
            {state.status === 'loading' && <DashboardSkeleton />}
            {state.status === 'failed' && (
              <Banner
                tone="critical"
                title="We couldn't load the dashboard"
                action={{ content: 'Try again', onAction: () => setAttempt((n) => n + 1) }}
              >
                <p>{state.message}</p>
              </Banner>
            )}
            {nothingYet && (
              <NextStep
                heading="Nothing sent yet"
                action={{ content: 'Turn on an automation', url: '/automations' }}
              >
                Turn on the welcome or abandoned-checkout automation, or send your first campaign. Results
                show here within seconds.
              </NextStep>
            )}
            {overview !== undefined && !nothingYet && (
              <Dashboard overview={overview} range={range} lastCampaign={lastCampaign} />
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
