// The campaign report (GET /api/campaigns/:id/report), self-contained: the campaign detail page renders
// <CampaignReport campaignId=… />. Figures, charts, A/B variants with significance, the holdout's lift and
// the attributed orders with why each was attributed.
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineStack,
  SkeletonBodyText,
  Text,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';
import type {
  AttributedOrderRow,
  CampaignReport as CampaignReportData,
  HoldoutComparison,
  VariantReport,
} from '../../../server/contracts/index.js';
import { downloadFile } from '../api/download.js';
import { formatDateTime } from '../subscribers/format.js';
import { ChartPlaceholder } from './charts.js';
import { campaignReportPath, fetchCampaignOrders, fetchCampaignReport } from './report-api.js';
import { NextStep } from './next-step.js';
import { ReportBody } from './report-body.js';
import {
  errorMessage,
  formatCount,
  formatMoney,
  formatMoneyOrDash,
  formatRate,
  formatRateDelta,
} from './report-format.js';

type State =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; report: CampaignReportData; orders: AttributedOrderRow[] };

export function ReportSkeleton() {
  return (
    <BlockStack gap="400">
      <Card>
        <SkeletonBodyText lines={4} />
      </Card>
      <Card>
        <ChartPlaceholder />
      </Card>
    </BlockStack>
  );
}

function VariantsCard({ variants, currency }: { variants: VariantReport[]; currency: string }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          A/B variants
        </Text>
        <DataTable
          columnContentTypes={['text', 'numeric', 'numeric', 'numeric', 'numeric', 'numeric', 'text']}
          headings={[
            'Variant',
            'Recipients',
            'Delivered',
            'Click rate',
            'Order rate',
            'Revenue',
            'Significance',
          ]}
          rows={variants.map((v) => [
            <InlineStack key="v" gap="100">
              <Text as="span">{v.variant}</Text>
              {v.winner && <Badge tone="success">Winner</Badge>}
            </InlineStack>,
            formatCount(v.recipients),
            formatCount(v.figures.delivered),
            formatRate(v.rates.click),
            formatRate(v.rates.order),
            formatMoney(v.figures.revenue, currency),
            v.significance === null
              ? 'Baseline'
              : `${v.significance.significant ? 'Significant' : 'Not significant'} (p = ${v.significance.pValue.toFixed(3)})`,
          ])}
        />
      </BlockStack>
    </Card>
  );
}

function HoldoutCard({ holdout, currency }: { holdout: HoldoutComparison; currency: string }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          Holdout: the lift this campaign made
        </Text>
        <DataTable
          columnContentTypes={['text', 'numeric', 'numeric', 'numeric']}
          headings={['', 'Recipients', 'Order rate', 'Revenue per recipient']}
          rows={[
            [
              'Sent',
              formatCount(holdout.sentRecipients),
              formatRate(holdout.sentOrderRate),
              formatMoneyOrDash(holdout.sentRevenuePerRecipient, currency),
            ],
            [
              'Holdout (not sent)',
              formatCount(holdout.holdoutRecipients),
              formatRate(holdout.holdoutOrderRate),
              formatMoneyOrDash(holdout.holdoutRevenuePerRecipient, currency),
            ],
            [
              'Incremental',
              '',
              formatRateDelta(holdout.incrementalOrderRate),
              formatMoneyOrDash(holdout.incrementalRevenuePerRecipient, currency),
            ],
          ]}
        />
      </BlockStack>
    </Card>
  );
}

const CHANNEL_TEXT = {
  click: 'Clicked',
  delivery: 'Delivered',
  discount_code: 'Used its discount code',
} as const;

function OrdersCard({ orders, onExport }: { orders: AttributedOrderRow[]; onExport: () => void }) {
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h3" variant="headingSm">
            Attributed orders
          </Text>
          <Button variant="plain" onClick={onExport}>
            Export CSV
          </Button>
        </InlineStack>
        {orders.length === 0 ? (
          <Text as="p" tone="subdued">
            No orders attributed yet. An order counts when a recipient buys after clicking or receiving this
            text.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={['text', 'text', 'text', 'numeric']}
            headings={['Order', 'Placed', 'Why it counts', 'Revenue']}
            rows={orders.map((o) => [
              o.orderName ?? o.orderId,
              formatDateTime(o.orderedAt),
              o.channel === null
                ? '—'
                : `${CHANNEL_TEXT[o.channel]}${o.touchedAt === null ? '' : ` ${formatDateTime(o.touchedAt)}`}${o.rule === null ? '' : ` — ${o.rule}`}`,
              o.cancelled
                ? `Cancelled (${formatMoney(o.revenue, o.currency)})`
                : formatMoney(o.revenue, o.currency),
            ])}
          />
        )}
      </BlockStack>
    </Card>
  );
}

export function CampaignReport({ campaignId }: { campaignId: string }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    Promise.all([
      fetchCampaignReport(campaignId, controller.signal),
      fetchCampaignOrders(campaignId, controller.signal).catch(() => ({ items: [] })),
    ]).then(
      ([report, orders]) => setState({ status: 'ready', report, orders: orders.items }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [campaignId, attempt]);

  if (state.status === 'loading') return <ReportSkeleton />;
  if (state.status === 'failed') {
    return (
      <Banner
        tone="critical"
        title="We couldn't load the report"
        action={{ content: 'Try again', onAction: () => setAttempt((n) => n + 1) }}
      >
        <p>{state.message}</p>
      </Banner>
    );
  }
  const { report, orders } = state;
  if (report.figures.produced === 0 && report.audience === 0) {
    return (
      <NextStep heading="No results yet">
        Results appear here within seconds of the first text going out. Schedule or send the campaign to
        start.
      </NextStep>
    );
  }
  const csvPath = (table: string) => campaignReportPath(report.campaignId, { format: 'csv', table });
  const windows = report.attributionWindows;
  return (
    <BlockStack gap="400">
      <Text as="p" variant="bodySm" tone="subdued">
        {report.startedAt === null ? 'Not sent yet.' : `Sent ${formatDateTime(report.startedAt)}.`} Orders
        count for {windows.clickDays} days after a click or {windows.deliveredHours} hours after delivery.
        {report.freshAt !== null && ` Updated ${formatDateTime(report.freshAt)}.`}
      </Text>
      <ReportBody
        subject={{ kind: 'campaign', id: report.campaignId }}
        currency={report.currency}
        figures={report.figures}
        rates={report.rates}
        suppressedByReason={report.suppressedByReason}
        failedByError={report.failedByError}
        timeSeries={report.timeSeries}
        csvPath={csvPath}
        leadingTiles={[{ name: 'audience', label: 'Audience', value: formatCount(report.audience) }]}
      />
      {report.variants.length > 0 && <VariantsCard variants={report.variants} currency={report.currency} />}
      {report.holdout !== null && <HoldoutCard holdout={report.holdout} currency={report.currency} />}
      <OrdersCard orders={orders} onExport={() => void downloadFile(csvPath('orders'), 'orders.csv')} />
    </BlockStack>
  );
}
