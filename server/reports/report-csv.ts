// CSV exports of the report tables: streamed with backpressure, every cell formula-safe (server/subscribers/csv.ts).
import type { Response } from 'express';
import type {
  CampaignReport,
  FlowReport,
  Overview,
  ReportFigures,
  ReportTable,
  VariantReport,
} from '../contracts/reports.js';
import { writeWithBackpressure } from '../http/write-with-backpressure.js';
import { csvLine } from '../subscribers/csv.js';
import { assertNever } from '../errors.js';

type Cell = string | number | boolean | null;
export interface CsvTable {
  header: string[];
  rows: Cell[][];
}

export function startCsv(res: Response, filename: string): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
}

/** Writes the header, then the rows (an iterable of pages), 500 rows a write; stops when the client went away. */
export async function streamCsv(
  res: Response,
  filename: string,
  header: string[],
  pages: AsyncIterable<Cell[][]> | Iterable<Cell[][]>,
): Promise<void> {
  startCsv(res, filename);
  if (!(await writeWithBackpressure(res, csvLine(header)))) return;
  for await (const page of pages) {
    for (let i = 0; i < page.length; i += 500) {
      if (
        !(await writeWithBackpressure(
          res,
          page
            .slice(i, i + 500)
            .map(csvLine)
            .join(''),
        ))
      )
        return;
    }
  }
  res.end();
}

const FIGURES: Array<keyof ReportFigures> = [
  'produced',
  'suppressed',
  'cancelled',
  'pending',
  'sent',
  'delivered',
  'failed',
  'expired',
  'undeliverable',
  'awaitingReport',
  'unknown',
  'clicks',
  'uniqueClicks',
  'botClicks',
  'orders',
  'revenue',
  'discountRedemptions',
  'optOuts',
  'segments',
  'cost',
];

function summary(report: CampaignReport | FlowReport): CsvTable {
  const rows: Cell[][] = FIGURES.map((k) => [k, report.figures[k]]);
  for (const [k, v] of Object.entries(report.rates)) rows.push([`rate.${k}`, v as Cell]);
  if ('audience' in report) rows.unshift(['audience', report.audience]);
  return { header: ['figure', 'value'], rows };
}

const variantRow = (v: VariantReport): Cell[] => [
  v.variant,
  v.recipients,
  v.figures.sent,
  v.figures.delivered,
  v.figures.uniqueClicks,
  v.figures.orders,
  v.figures.revenue,
  v.significance?.pValue ?? null,
  v.winner,
];

/** A report table (orders are streamed by the routes from the attribution rows). */
export function reportTable(
  report: CampaignReport | FlowReport,
  table: Exclude<ReportTable, 'orders'>,
): CsvTable {
  switch (table) {
    case 'summary':
      return summary(report);
    case 'timeseries':
      return {
        header: ['at', 'granularity', 'sent', 'delivered', 'clicks', 'orders', 'revenue'],
        rows: report.timeSeries.points.map((p) => [
          p.at,
          p.granularity,
          p.sent,
          p.delivered,
          p.clicks,
          p.orders,
          p.revenue,
        ]),
      };
    case 'variants':
      return {
        header: [
          'variant',
          'recipients',
          'sent',
          'delivered',
          'unique_clicks',
          'orders',
          'revenue',
          'p_value',
          'winner',
        ],
        rows: 'variants' in report ? report.variants.map(variantRow) : [],
      };
    case 'suppressed':
      return { header: ['reason', 'count'], rows: report.suppressedByReason.map((r) => [r.reason, r.count]) };
    case 'errors':
      return { header: ['error', 'count'], rows: report.failedByError.map((r) => [r.reason, r.count]) };
    default:
      return assertNever(table, 'report table');
  }
}

export function overviewTable(o: Overview, table: 'subscribers' | 'messages' | 'revenue' | 'top'): CsvTable {
  switch (table) {
    case 'subscribers':
      return {
        header: ['day', 'opt_ins', 'opt_outs', 'net'],
        rows: o.subscribers.days.map((d) => [d.day, d.optIns, d.optOuts, d.net]),
      };
    case 'messages':
      return {
        header: ['day', 'kind', 'status', 'count'],
        rows: o.messages.map((m) => [m.day, m.kind, m.status, m.count]),
      };
    case 'revenue':
      return {
        header: ['day', 'orders', 'revenue'],
        rows: o.revenue.map((r) => [r.day, r.orders, r.revenue]),
      };
    case 'top':
      return {
        header: ['source_kind', 'source_id', 'name', 'sent', 'orders', 'revenue'],
        rows: [...o.topCampaigns, ...o.topFlows].map((s) => [
          s.sourceKind,
          s.sourceId,
          s.name,
          s.sent,
          s.orders,
          s.revenue,
        ]),
      };
    default:
      return assertNever(table, 'overview table');
  }
}
