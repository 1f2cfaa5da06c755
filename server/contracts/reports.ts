// Reports API shapes (issue #13): date ranges, campaign and flow reports, overview, CSV exports (the drill-down,
// "why not", order attribution and message-log summary: report-drill-down.ts). Shared by the server and the
// admin UI: zod + types only.
// Money is a decimal string in the shop currency ("12.50"); instants are ISO 8601 strings.
import { z } from 'zod';
import { messageKindValues, messageStatusValues } from './messages.js';

/** Longest date range a report accepts. */
export const MAX_REPORT_RANGE_DAYS = 400;

const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'must be a date (2025-01-31) or an ISO 8601 date-time',
  })
  .transform((v) => new Date(v));

/** ?from=&to= as schema fields; rangeChecks adds the order and length checks. */
export const rangeShape = { from: instant.optional(), to: instant.optional() };
type RangeIn = { from?: Date | undefined; to?: Date | undefined };
export const rangeChecks = <T extends z.ZodType<RangeIn>>(s: T) =>
  s
    .refine((q) => !q.from || !q.to || q.from <= q.to, {
      message: 'from must not be after to',
      path: ['from'],
    })
    .refine(
      (q) => !q.from || !q.to || q.to.getTime() - q.from.getTime() <= MAX_REPORT_RANGE_DAYS * 86_400_000,
      {
        message: `the range must be at most ${MAX_REPORT_RANGE_DAYS} days`,
        path: ['to'],
      },
    );

/** ?from=&to= (defaults: the last 30 days up to now). */
export const reportRangeQuerySchema = rangeChecks(z.strictObject(rangeShape));
export type ReportRangeQuery = z.infer<typeof reportRangeQuerySchema>;

/** ?format=csv turns any report table into a streamed CSV download. */
export const reportTableValues = [
  'summary',
  'timeseries',
  'variants',
  'orders',
  'suppressed',
  'errors',
] as const;
export type ReportTable = (typeof reportTableValues)[number];
export const campaignReportQuerySchema = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  table: z.enum(reportTableValues).default('summary'),
});
export const flowReportQuerySchema = rangeChecks(
  z.strictObject({
    ...rangeShape,
    format: z.enum(['json', 'csv']).default('json'),
    table: z.enum(reportTableValues).default('summary'),
  }),
);
export const overviewTableValues = ['subscribers', 'messages', 'revenue', 'top'] as const;
export const overviewQuerySchema = rangeChecks(
  z.strictObject({
    ...rangeShape,
    format: z.enum(['json', 'csv']).default('json'),
    table: z.enum(overviewTableValues).default('subscribers'),
  }),
);
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

/** Counters that the reports read (report_counters): every figure is a whole number except money. */
export interface ReportFigures {
  /** Messages created (not tests). */
  produced: number;
  suppressed: number;
  cancelled: number;
  /** Queued or sending (not yet handed to the provider). */
  pending: number;
  /** Handed to the provider. */
  sent: number;
  delivered: number;
  failed: number;
  expired: number;
  undeliverable: number;
  /** Sent, no final delivery report yet. */
  awaitingReport: number;
  /** Outcome unknown after a crash (never resent). */
  unknown: number;
  clicks: number;
  uniqueClicks: number;
  botClicks: number;
  orders: number;
  /** Attributed revenue net of cancellations and refunds. */
  revenue: string;
  discountRedemptions: number;
  optOuts: number;
  segments: number;
  /** Provider cost estimate in USD (the price list is in USD), e.g. "12.3400". */
  cost: string;
}

export interface ReportRates {
  /** delivered / sent, 0..1; null when nothing was sent. */
  delivery: number | null;
  /** uniqueClicks / delivered. */
  click: number | null;
  /** orders / delivered. */
  order: number | null;
  /** optOuts / delivered. */
  optOut: number | null;
  /** Revenue per message sent (EPM), money. */
  revenuePerMessage: string | null;
  /** revenue / cost; null when cost is 0. */
  returnOnSpend: number | null;
}

export interface ReasonCount {
  /** A suppression reason (no_marketing_consent, opted_out, quiet_hours_skipped, frequency cap reasons, smart_sending, invalid_phone, pending_double_opt_in, daily_ceiling…) or a provider error code. */
  reason: string;
  count: number;
}

export interface TimeSeriesPoint {
  /** Start of the bucket. */
  at: string;
  sent: number;
  delivered: number;
  clicks: number;
  orders: number;
  revenue: string;
}

export interface TimeSeries {
  /** hour: the first 48 h after sending; day: afterwards (a report has both, in order). */
  points: Array<TimeSeriesPoint & { granularity: 'hour' | 'day' }>;
}

export interface VariantReport {
  variant: string;
  recipients: number;
  figures: ReportFigures;
  rates: ReportRates;
  /** Click rate vs the first variant: two-proportion z-test. */
  significance: { pValue: number; significant: boolean } | null;
  winner: boolean;
}

export interface HoldoutComparison {
  holdoutRecipients: number;
  holdoutOrders: number;
  holdoutOrderRate: number | null;
  holdoutRevenuePerRecipient: string | null;
  sentRecipients: number;
  sentOrderRate: number | null;
  sentRevenuePerRecipient: string | null;
  /** sent minus holdout. */
  incrementalOrderRate: number | null;
  incrementalRevenuePerRecipient: string | null;
}

export interface CampaignReport {
  campaignId: string;
  name: string;
  status: string;
  currency: string;
  startedAt: string | null;
  /** Recipients chosen (campaign_recipients), holdout included. */
  audience: number;
  figures: ReportFigures;
  rates: ReportRates;
  suppressedByReason: ReasonCount[];
  failedByError: ReasonCount[];
  timeSeries: TimeSeries;
  variants: VariantReport[];
  holdout: HoldoutComparison | null;
  attributionWindows: { clickDays: number; deliveredHours: number };
  /** When the counters were last written. */
  freshAt: string | null;
}

export interface FlowReport {
  flow: string;
  currency: string;
  from: string;
  to: string;
  figures: ReportFigures;
  rates: ReportRates;
  suppressedByReason: ReasonCount[];
  failedByError: ReasonCount[];
  /** Per day. */
  timeSeries: TimeSeries;
  attributionWindows: { clickDays: number; deliveredHours: number };
}

export interface DayCount {
  day: string;
  count: number;
}

export interface OverviewSubscribersDay {
  day: string;
  optIns: number;
  optOuts: number;
  net: number;
}

export interface OverviewMessagesDay {
  day: string;
  kind: (typeof messageKindValues)[number];
  status: (typeof messageStatusValues)[number];
  count: number;
}

export interface OverviewRevenueDay {
  day: string;
  orders: number;
  revenue: string;
}

export interface TopSource {
  sourceKind: 'campaign' | 'flow';
  sourceId: string;
  name: string;
  sent: number;
  orders: number;
  revenue: string;
}

export interface Overview {
  from: string;
  to: string;
  currency: string;
  subscribers: { days: OverviewSubscribersDay[]; bySource: Array<{ source: string; optIns: number }> };
  messages: OverviewMessagesDay[];
  revenue: OverviewRevenueDay[];
  totals: {
    sent: number;
    delivered: number;
    clicks: number;
    orders: number;
    revenue: string;
    spend: string;
    optIns: number;
    optOuts: number;
  };
  topCampaigns: TopSource[];
  topFlows: TopSource[];
}
