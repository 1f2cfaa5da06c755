// Home (/): the dashboard. A date range, the totals, charts of subscribers, messages and revenue
// (GET /api/reports/overview), the last campaign's funnel, and the top campaigns and flows.
import {
  Banner,
  BlockStack,
  Button,
  ButtonGroup,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  SkeletonBodyText,
  Text,
} from '@shopify/polaris';
import { useEffect, useMemo, useState } from 'react';
import { z } from 'zod';
import type { CampaignReport, Overview, TopSource } from '../../../server/contracts/index.js';
import { campaignStatuses } from '../../../server/contracts/index.js';
import { apiGet } from '../api/client.js';
import { ChartPlaceholder, ReportBarChart, ReportFunnelChart, ReportLineChart } from '../reports/charts.js';
import { DateRangePicker, lastDays } from '../reports/date-range-picker.js';
import { FigureTiles } from '../reports/figure-tiles.js';
import { NextStep } from '../reports/next-step.js';
import { daysOf, messageSeries, revenueSeries, subscriberSeries } from '../reports/overview-series.js';
import { fetchCampaignReport, fetchOverview, type DateRange } from '../reports/report-api.js';
import {
  errorMessage,
  formatCount,
  formatMoney,
  readableName,
  reasonLabel,
} from '../reports/report-format.js';

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

function ChartCard({
  title,
  children,
  actions,
}: {
  title: string;
  children: React.ReactNode;
  actions?: React.ReactNode;
}) {
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingSm">
            {title}
          </Text>
          {actions}
        </InlineStack>
        {children}
      </BlockStack>
    </Card>
  );
}

function TopTable({
  title,
  rows,
  currency,
  empty,
}: {
  title: string;
  rows: TopSource[];
  currency: string;
  empty: string;
}) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm">
          {title}
        </Text>
        {rows.length === 0 ? (
          <Text as="p" tone="subdued">
            {empty}
          </Text>
        ) : (
          <DataTable
            columnContentTypes={['text', 'numeric', 'numeric', 'numeric']}
            headings={['Name', 'Sent', 'Orders', 'Revenue']}
            rows={rows.map((row) => [
              <Link
                key={row.sourceId}
                url={
                  row.sourceKind === 'campaign'
                    ? `/campaigns/${row.sourceId}`
                    : `/automations/${row.sourceId}`
                }
              >
                {row.sourceKind === 'flow' ? readableName(row.name) : row.name}
              </Link>,
              formatCount(row.sent),
              formatCount(row.orders),
              formatMoney(row.revenue, currency),
            ])}
          />
        )}
      </BlockStack>
    </Card>
  );
}

function DashboardSkeleton() {
  return (
    <BlockStack gap="400">
      <Card>
        <SkeletonBodyText lines={3} />
      </Card>
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        {[0, 1, 2, 3].map((i) => (
          <Card key={i}>
            <ChartPlaceholder />
          </Card>
        ))}
      </InlineGrid>
    </BlockStack>
  );
}

function Dashboard({
  overview,
  range,
  lastCampaign,
}: {
  overview: Overview;
  range: DateRange;
  lastCampaign: CampaignReport | null | undefined;
}) {
  const [messagesBy, setMessagesBy] = useState<'status' | 'kind'>('status');
  const days = useMemo(() => daysOf(range), [range]);
  const { totals, currency } = overview;
  const money = (value: number) => formatMoney(String(value), currency);
  return (
    <BlockStack gap="400">
      <FigureTiles
        tiles={[
          {
            name: 'optIns',
            label: 'New subscribers',
            value: formatCount(totals.optIns),
            detail: `${formatCount(totals.optOuts)} opted out`,
          },
          {
            name: 'sent',
            label: 'Messages sent',
            value: formatCount(totals.sent),
            detail: `${formatCount(totals.delivered)} delivered`,
          },
          { name: 'clicks', label: 'Clicks', value: formatCount(totals.clicks) },
          { name: 'orders', label: 'Attributed orders', value: formatCount(totals.orders) },
          { name: 'revenue', label: 'Attributed revenue', value: formatMoney(totals.revenue, currency) },
          { name: 'spend', label: 'Spend', value: formatMoney(totals.spend, currency) },
          { name: 'optOuts', label: 'Opt-outs', value: formatCount(totals.optOuts) },
          { name: 'delivered', label: 'Delivered', value: formatCount(totals.delivered) },
        ]}
      />
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        <ChartCard title="Subscribers">
          <ReportLineChart name="subscribers" series={subscriberSeries(overview, days)} />
        </ChartCard>
        <ChartCard
          title="Messages"
          actions={
            <ButtonGroup variant="segmented">
              <Button size="slim" pressed={messagesBy === 'status'} onClick={() => setMessagesBy('status')}>
                By status
              </Button>
              <Button size="slim" pressed={messagesBy === 'kind'} onClick={() => setMessagesBy('kind')}>
                By kind
              </Button>
            </ButtonGroup>
          }
        >
          <ReportBarChart name="messages" series={messageSeries(overview, days, messagesBy)} stacked />
        </ChartCard>
        <ChartCard title="Attributed revenue">
          <ReportBarChart name="revenue" series={revenueSeries(overview, days)} formatY={money} />
        </ChartCard>
        <ChartCard
          title={lastCampaign ? `Last campaign: ${lastCampaign.name}` : 'Last campaign'}
          actions={
            lastCampaign ? (
              <Link url={`/campaigns/${lastCampaign.campaignId}`}>See the report</Link>
            ) : undefined
          }
        >
          {lastCampaign === undefined ? (
            <ChartPlaceholder />
          ) : lastCampaign === null ? (
            <div style={{ height: 260, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
              <BlockStack gap="200" inlineAlign="center">
                <Text as="p" tone="subdued">
                  No campaign has been sent yet.
                </Text>
                <Button url="/campaigns">Create a campaign</Button>
              </BlockStack>
            </div>
          ) : (
            <ReportFunnelChart
              name="last-campaign-funnel"
              steps={[
                { label: 'Sent', value: lastCampaign.figures.sent },
                { label: 'Delivered', value: lastCampaign.figures.delivered },
                { label: 'Clicked', value: lastCampaign.figures.uniqueClicks },
                { label: 'Ordered', value: lastCampaign.figures.orders },
              ]}
            />
          )}
        </ChartCard>
      </InlineGrid>
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        <TopTable
          title="Top campaigns"
          rows={overview.topCampaigns}
          currency={currency}
          empty="No campaign sent in this range."
        />
        <TopTable
          title="Top automations"
          rows={overview.topFlows}
          currency={currency}
          empty="No automation sent in this range."
        />
      </InlineGrid>
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingSm">
            Where new subscribers came from
          </Text>
          {overview.subscribers.bySource.length === 0 ? (
            <Text as="p" tone="subdued">
              Nobody subscribed in this range.
            </Text>
          ) : (
            <DataTable
              columnContentTypes={['text', 'numeric']}
              headings={['Source', 'Opt-ins']}
              rows={overview.subscribers.bySource.map((s) => [reasonLabel(s.source), formatCount(s.optIns)])}
            />
          )}
        </BlockStack>
      </Card>
    </BlockStack>
  );
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
