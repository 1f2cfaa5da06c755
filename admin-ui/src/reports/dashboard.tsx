// The home dashboard's body (home-page.tsx loads what it shows): the totals, charts of subscribers, messages
// and revenue, the last campaign's funnel, the top campaigns and flows, and where subscribers came from.
import {
  BlockStack,
  Button,
  ButtonGroup,
  Card,
  DataTable,
  InlineGrid,
  Link,
  SkeletonBodyText,
  Text,
} from '@shopify/polaris';
import { useMemo, useState } from 'react';
import type { CampaignReport, Overview, TopSource } from '../../../server/contracts/index.js';
import { ChartPlaceholder, ReportBarChart, ReportFunnelChart, ReportLineChart } from './charts.js';
import { FigureTiles } from './figure-tiles.js';
import { daysOf, messageSeries, revenueSeries, subscriberSeries } from './overview-series.js';
import type { DateRange } from './report-api.js';
import { SectionCard } from '../ui/section-card.js';
import { formatCount, formatMoney, readableName, reasonLabel } from './report-format.js';

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
    <SectionCard title={title} empty={rows.length === 0 && empty}>
      <DataTable
        columnContentTypes={['text', 'numeric', 'numeric', 'numeric']}
        headings={['Name', 'Sent', 'Orders', 'Revenue']}
        rows={rows.map((row) => [
          <Link
            key={row.sourceId}
            url={
              row.sourceKind === 'campaign' ? `/campaigns/${row.sourceId}` : `/automations/${row.sourceId}`
            }
          >
            {row.sourceKind === 'flow' ? readableName(row.name) : row.name}
          </Link>,
          formatCount(row.sent),
          formatCount(row.orders),
          formatMoney(row.revenue, currency),
        ])}
      />
    </SectionCard>
  );
}

export function DashboardSkeleton() {
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

export function Dashboard({
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
        <SectionCard title="Subscribers">
          <ReportLineChart name="subscribers" series={subscriberSeries(overview, days)} />
        </SectionCard>
        <SectionCard
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
        </SectionCard>
        <SectionCard title="Attributed revenue">
          <ReportBarChart name="revenue" series={revenueSeries(overview, days)} formatY={money} />
        </SectionCard>
        <SectionCard
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
        </SectionCard>
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
      <SectionCard
        title="Where new subscribers came from"
        empty={overview.subscribers.bySource.length === 0 && 'Nobody subscribed in this range.'}
      >
        <DataTable
          columnContentTypes={['text', 'numeric']}
          headings={['Source', 'Opt-ins']}
          rows={overview.subscribers.bySource.map((s) => [reasonLabel(s.source), formatCount(s.optIns)])}
        />
      </SectionCard>
    </BlockStack>
  );
}
