// What campaign and flow reports share: the figures (each drillable to its recipients), the rates, the
// time series and funnel charts, suppressed-by-reason and failed-by-error tables, and CSV exports.
import { BlockStack, Button, Card, DataTable, InlineGrid, InlineStack, Text } from '@shopify/polaris';
import { useState } from 'react';
import type {
  RecipientFigure,
  ReasonCount,
  ReportFigures,
  ReportRates,
  ReportTable,
  TimeSeries,
} from '../../../server/contracts/index.js';
import { downloadFile } from '../api/download.js';
import { ReportFunnelChart, ReportLineChart } from './charts.js';
import { DrillDownModal, type DrillTarget } from './drill-down-modal.js';
import { FigureTiles, type FigureTile } from './figure-tiles.js';
import type { ReportSubject } from './report-api.js';
import {
  bucketLabel,
  formatCount,
  formatMoney,
  formatMoneyOrDash,
  formatMultiple,
  formatRate,
  reasonLabel,
} from './report-format.js';

export interface ReportBodyProps {
  subject: ReportSubject;
  currency: string;
  figures: ReportFigures;
  rates: ReportRates;
  suppressedByReason: ReasonCount[];
  failedByError: ReasonCount[];
  timeSeries: TimeSeries;
  /** The CSV download path of one table. */
  csvPath: (table: ReportTable) => string;
  /** Extra tiles first (e.g. the campaign's audience). */
  leadingTiles?: FigureTile[];
}

export function figureTiles(figures: ReportFigures, rates: ReportRates, currency: string): FigureTile[] {
  return [
    { name: 'produced', label: 'Produced', value: formatCount(figures.produced) },
    { name: 'suppressed', label: 'Suppressed', value: formatCount(figures.suppressed), drill: 'suppressed' },
    { name: 'sent', label: 'Sent', value: formatCount(figures.sent), drill: 'sent' },
    {
      name: 'delivered',
      label: 'Delivered',
      value: formatCount(figures.delivered),
      detail: `${formatRate(rates.delivery)} delivery rate`,
      drill: 'delivered',
    },
    {
      name: 'failed',
      label: 'Failed',
      value: formatCount(figures.failed + figures.undeliverable),
      drill: 'failed',
    },
    { name: 'expired', label: 'Expired', value: formatCount(figures.expired), drill: 'expired' },
    {
      name: 'awaitingReport',
      label: 'Awaiting a delivery report',
      value: formatCount(figures.awaitingReport),
      drill: 'awaiting',
    },
    {
      name: 'uniqueClicks',
      label: 'Unique clicks',
      value: formatCount(figures.uniqueClicks),
      detail: `${formatRate(rates.click)} click rate · ${formatCount(figures.clicks)} total · ${formatCount(figures.botClicks)} bots`,
      drill: 'clicked',
    },
    {
      name: 'orders',
      label: 'Orders',
      value: formatCount(figures.orders),
      detail: `${formatRate(rates.order)} order rate`,
      drill: 'ordered',
    },
    {
      name: 'revenue',
      label: 'Revenue',
      value: formatMoney(figures.revenue, currency),
      detail: `${formatMoneyOrDash(rates.revenuePerMessage, currency)} per message (EPM)`,
    },
    {
      name: 'optOuts',
      label: 'Opt-outs',
      value: formatCount(figures.optOuts),
      detail: `${formatRate(rates.optOut)} opt-out rate`,
      drill: 'opted_out',
    },
    {
      name: 'cost',
      label: 'Cost',
      value: formatMoney(figures.cost, currency),
      detail: `${formatCount(figures.segments)} segments · ${formatMultiple(rates.returnOnSpend)} return on spend`,
    },
    {
      name: 'discountRedemptions',
      label: 'Discount codes redeemed',
      value: formatCount(figures.discountRedemptions),
    },
  ];
}

function ReasonTable({
  title,
  rows,
  empty,
  onDrill,
  onExport,
}: {
  title: string;
  rows: ReasonCount[];
  empty: string;
  onDrill: (reason: string) => void;
  onExport: () => void;
}) {
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h3" variant="headingSm">
            {title}
          </Text>
          <Button variant="plain" onClick={onExport}>
            Export CSV
          </Button>
        </InlineStack>
        {rows.length === 0 ? (
          <Text as="p" tone="subdued">
            {empty}
          </Text>
        ) : (
          <DataTable
            columnContentTypes={['text', 'numeric']}
            headings={['Reason', 'Recipients']}
            rows={rows.map((row) => [
              reasonLabel(row.reason),
              <Button key={row.reason} variant="plain" onClick={() => onDrill(row.reason)}>
                {formatCount(row.count)}
              </Button>,
            ])}
          />
        )}
      </BlockStack>
    </Card>
  );
}

export function ReportBody(props: ReportBodyProps) {
  const { subject, currency, figures, rates, timeSeries, csvPath } = props;
  const [drill, setDrill] = useState<DrillTarget | undefined>();
  const open = (figure: RecipientFigure, label: string, reason?: string) =>
    setDrill(reason === undefined ? { figure, label } : { figure, label, reason });
  const exportTable = (table: ReportTable) => void downloadFile(csvPath(table), `${table}.csv`);

  const points = timeSeries.points;
  const key = (p: (typeof points)[number]) => bucketLabel(p.at, p.granularity);
  const series = [
    { name: 'Sent', points: points.map((p) => ({ key: key(p), value: p.sent })) },
    { name: 'Delivered', points: points.map((p) => ({ key: key(p), value: p.delivered })) },
    { name: 'Clicks', points: points.map((p) => ({ key: key(p), value: p.clicks })) },
    { name: 'Orders', points: points.map((p) => ({ key: key(p), value: p.orders })) },
  ];
  const funnel = [
    { label: 'Sent', value: figures.sent },
    { label: 'Delivered', value: figures.delivered },
    { label: 'Clicked', value: figures.uniqueClicks },
    { label: 'Ordered', value: figures.orders },
  ];

  return (
    <BlockStack gap="400">
      <FigureTiles
        tiles={[...(props.leadingTiles ?? []), ...figureTiles(figures, rates, currency)]}
        onDrill={open}
      />
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        <Card>
          <BlockStack gap="200">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h3" variant="headingSm">
                Over time
              </Text>
              <Button variant="plain" onClick={() => exportTable('timeseries')}>
                Export CSV
              </Button>
            </InlineStack>
            <ReportLineChart name="timeseries" series={series} />
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              Funnel
            </Text>
            <ReportFunnelChart name="funnel" steps={funnel} />
          </BlockStack>
        </Card>
      </InlineGrid>
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        <ReasonTable
          title="Suppressed by reason"
          rows={props.suppressedByReason}
          empty="Nobody was held back."
          onDrill={(reason) => open('suppressed', 'Suppressed', reason)}
          onExport={() => exportTable('suppressed')}
        />
        <ReasonTable
          title="Failed by error"
          rows={props.failedByError}
          empty="No delivery failures."
          onDrill={(reason) => open('failed', 'Failed', reason)}
          onExport={() => exportTable('errors')}
        />
      </InlineGrid>
      {drill !== undefined && (
        <DrillDownModal subject={subject} target={drill} onClose={() => setDrill(undefined)} />
      )}
    </BlockStack>
  );
}
