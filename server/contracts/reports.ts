// Reports API shapes (issue #13): campaign and flow reports, overview, drill-down, "why not", order
// attribution, message-log summary, CSV exports. Shared by the server and the admin UI: zod + types only.
// Money is a decimal string in the shop currency ("12.50"); instants are ISO 8601 strings.
import { z } from 'zod';
import { automationFlowKeySchema } from './automations.js';
import { messageKindValues, messageStatusValues } from './messages.js';

/** Longest date range a report accepts. */
export const MAX_REPORT_RANGE_DAYS = 400;

const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'must be a date (2025-01-31) or an ISO 8601 date-time',
  })
  .transform((v) => new Date(v));

const rangeShape = { from: instant.optional(), to: instant.optional() };
type RangeIn = { from?: Date | undefined; to?: Date | undefined };
const rangeChecks = <T extends z.ZodType<RangeIn>>(s: T) =>
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

/** Drill-down: the recipients behind one figure. */
export const recipientFigureValues = [
  'suppressed',
  'sent',
  'delivered',
  'failed',
  'expired',
  'undeliverable',
  'awaiting',
  'clicked',
  'ordered',
  'opted_out',
] as const;
export type RecipientFigure = (typeof recipientFigureValues)[number];
export const recipientsQuerySchema = rangeChecks(
  z.strictObject({
    campaign: z.uuid('must be a campaign id').optional(),
    flow: automationFlowKeySchema.optional(),
    figure: z.enum(recipientFigureValues, { error: `must be one of: ${recipientFigureValues.join(', ')}` }),
    /** A suppression reason or error code to narrow suppressed / failed. */
    reason: z.string().trim().min(1).max(100).optional(),
    ...rangeShape,
    cursor: z
      .string()
      .regex(/^\d{1,16}\.[0-9a-f-]{36}$/i, 'is not a cursor returned by this API')
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    format: z.enum(['json', 'csv']).default('json'),
  }),
).refine((q) => (q.campaign ? 1 : 0) + (q.flow ? 1 : 0) === 1, {
  message: 'give exactly one of campaign or flow',
  path: ['campaign'],
});
export type RecipientsQuery = z.infer<typeof recipientsQuerySchema>;

export interface RecipientRow {
  messageId: string | null;
  subscriberId: string | null;
  phone: string;
  status: string;
  reason: string | null;
  at: string;
}

export interface RecipientList {
  items: RecipientRow[];
  nextCursor: string | null;
}

/** GET /api/reports/why-not?campaign=&subscriber= (or &phone=): why this person did not get it. */
export const whyNotQuerySchema = z
  .strictObject({
    campaign: z.uuid('must be a campaign id').optional(),
    flow: automationFlowKeySchema.optional(),
    subscriber: z.uuid('must be a subscriber id').optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 format')
      .optional(),
  })
  .refine((q) => (q.campaign ? 1 : 0) + (q.flow ? 1 : 0) === 1, {
    message: 'give exactly one of campaign or flow',
    path: ['campaign'],
  })
  .refine((q) => q.subscriber || q.phone, { message: 'give subscriber or phone', path: ['subscriber'] });
export type WhyNotQuery = z.infer<typeof whyNotQuerySchema>;

export interface WhyNotAnswer {
  /** received: it was sent (see status); suppressed: reason and time; not_in_audience / holdout: never selected / held out. */
  outcome: 'received' | 'suppressed' | 'failed' | 'pending' | 'holdout' | 'not_in_audience';
  reason: string | null;
  at: string | null;
  messageId: string | null;
  status: string | null;
}

/** GET /api/orders/:id/attribution (the id is the Shopify order id). */
export interface OrderAttribution {
  orderId: string;
  orderName: string | null;
  attributed: boolean;
  messageId: string | null;
  sourceKind: 'campaign' | 'flow' | null;
  sourceId: string | null;
  /** click: clicked within the click window; delivery: delivered within the delivered window; discount_code: used the message's unique code. */
  channel: 'click' | 'delivery' | 'discount_code' | null;
  /** customer | phone | discount_code */
  matchedBy: 'customer' | 'phone' | 'discount_code' | null;
  /** The rule in words, with the window that applied. */
  rule: string | null;
  touchedAt: string | null;
  revenue: string;
  refunded: string;
  cancelled: boolean;
  currency: string;
}

export interface AttributedOrderRow extends OrderAttribution {
  orderedAt: string;
}

export interface AttributedOrderList {
  items: AttributedOrderRow[];
}

/** Top of the message log: "produced / production errors / remaining, delivered / delivery errors, confirmed or not". */
export interface MessageLogSummary {
  produced: number;
  /** Suppressed or cancelled when created or at dispatch. */
  productionErrors: number;
  /** Queued or sending. */
  remaining: number;
  delivered: number;
  /** failed, expired, undeliverable. */
  deliveryErrors: number;
  /** Sent with a final delivery report (delivered or failed). */
  confirmed: number;
  /** Sent without a final report yet, or unknown. */
  unconfirmed: number;
}

/** GET /api/messages/summary takes the message list's filters (without cursor/limit). */
export const messageSourceValues = ['flow', 'campaign', 'keyword', 'test'] as const;
