// zod schemas for the reports and message-log API responses, checked against the contract's types
// (server/contracts/reports.ts, messages.ts), so apiGet rejects a response the pages can't rely on.
import { z } from 'zod';
import {
  messageKindValues,
  messageStatusValues,
  type AttributedOrderList,
  type CampaignReport,
  type FlowReport,
  type MessageDetail,
  type MessageList,
  type MessageLogSummary,
  type Overview,
  type RecipientList,
  type ReportFigures,
  type ReportRates,
  type TimeSeries,
  type TopSource,
  type WhyNotAnswer,
} from '../../../server/contracts/index.js';

const count = z.number();
const money = z.string();
const nullableRate = z.number().nullable();

export const figuresSchema: z.ZodType<ReportFigures> = z.object({
  produced: count,
  suppressed: count,
  cancelled: count,
  pending: count,
  sent: count,
  delivered: count,
  failed: count,
  expired: count,
  undeliverable: count,
  awaitingReport: count,
  unknown: count,
  clicks: count,
  uniqueClicks: count,
  botClicks: count,
  orders: count,
  revenue: money,
  discountRedemptions: count,
  optOuts: count,
  segments: count,
  cost: money,
});

const ratesSchema: z.ZodType<ReportRates> = z.object({
  delivery: nullableRate,
  click: nullableRate,
  order: nullableRate,
  optOut: nullableRate,
  revenuePerMessage: money.nullable(),
  returnOnSpend: nullableRate,
});

const reasonCounts = z.array(z.object({ reason: z.string(), count }));

const timeSeriesSchema: z.ZodType<TimeSeries> = z.object({
  points: z.array(
    z.object({
      at: z.string(),
      granularity: z.enum(['hour', 'day']),
      sent: count,
      delivered: count,
      clicks: count,
      orders: count,
      revenue: money,
    }),
  ),
});

const windowsSchema = z.object({ clickDays: z.number(), deliveredHours: z.number() });

export const campaignReportSchema: z.ZodType<CampaignReport> = z.object({
  campaignId: z.string(),
  name: z.string(),
  status: z.string(),
  currency: z.string(),
  startedAt: z.string().nullable(),
  audience: count,
  figures: figuresSchema,
  rates: ratesSchema,
  suppressedByReason: reasonCounts,
  failedByError: reasonCounts,
  timeSeries: timeSeriesSchema,
  variants: z.array(
    z.object({
      variant: z.string(),
      recipients: count,
      figures: figuresSchema,
      rates: ratesSchema,
      significance: z.object({ pValue: z.number(), significant: z.boolean() }).nullable(),
      winner: z.boolean(),
    }),
  ),
  holdout: z
    .object({
      holdoutRecipients: count,
      holdoutOrders: count,
      holdoutOrderRate: nullableRate,
      holdoutRevenuePerRecipient: money.nullable(),
      sentRecipients: count,
      sentOrderRate: nullableRate,
      sentRevenuePerRecipient: money.nullable(),
      incrementalOrderRate: nullableRate,
      incrementalRevenuePerRecipient: money.nullable(),
    })
    .nullable(),
  attributionWindows: windowsSchema,
  freshAt: z.string().nullable(),
});

export const flowReportSchema: z.ZodType<FlowReport> = z.object({
  flow: z.string(),
  currency: z.string(),
  from: z.string(),
  to: z.string(),
  figures: figuresSchema,
  rates: ratesSchema,
  suppressedByReason: reasonCounts,
  failedByError: reasonCounts,
  timeSeries: timeSeriesSchema,
  attributionWindows: windowsSchema,
});

const topSourceSchema: z.ZodType<TopSource> = z.object({
  sourceKind: z.enum(['campaign', 'flow']),
  sourceId: z.string(),
  name: z.string(),
  sent: count,
  orders: count,
  revenue: money,
});

export const overviewSchema: z.ZodType<Overview> = z.object({
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  subscribers: z.object({
    days: z.array(z.object({ day: z.string(), optIns: count, optOuts: count, net: count })),
    bySource: z.array(z.object({ source: z.string(), optIns: count })),
  }),
  messages: z.array(
    z.object({
      day: z.string(),
      kind: z.enum(messageKindValues),
      status: z.enum(messageStatusValues),
      count,
    }),
  ),
  revenue: z.array(z.object({ day: z.string(), orders: count, revenue: money })),
  totals: z.object({
    sent: count,
    delivered: count,
    clicks: count,
    orders: count,
    revenue: money,
    spend: money,
    optIns: count,
    optOuts: count,
  }),
  topCampaigns: z.array(topSourceSchema),
  topFlows: z.array(topSourceSchema),
});

export const messageLogSummarySchema: z.ZodType<MessageLogSummary> = z.object({
  produced: count,
  productionErrors: count,
  remaining: count,
  delivered: count,
  deliveryErrors: count,
  confirmed: count,
  unconfirmed: count,
});

const messageItemShape = {
  id: z.string(),
  phone: z.string(),
  status: z.enum(messageStatusValues),
  kind: z.enum(messageKindValues),
  sourceType: z.string(),
  sourceId: z.string().nullable(),
  body: z.string(),
  segments: count,
  encoding: z.string(),
  costMicros: count,
  isTest: z.boolean(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  suppressedReason: z.string().nullable(),
  errorCode: z.string().nullable(),
};

export const messageListSchema: z.ZodType<MessageList> = z.object({
  items: z.array(z.object(messageItemShape)),
  nextCursor: z.string().nullable(),
});

export const messageDetailSchema: z.ZodType<MessageDetail> = z.object({
  ...messageItemShape,
  subscriberId: z.string().nullable(),
  errorReason: z.string().nullable(),
  attempts: count,
  notBefore: z.string(),
  provider: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  history: z.array(
    z.object({ status: z.string(), at: z.string(), detail: z.record(z.string(), z.unknown()) }),
  ),
});

export const recipientListSchema: z.ZodType<RecipientList> = z.object({
  items: z.array(
    z.object({
      messageId: z.string().nullable(),
      subscriberId: z.string().nullable(),
      phone: z.string(),
      status: z.string(),
      reason: z.string().nullable(),
      at: z.string(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const whyNotSchema: z.ZodType<WhyNotAnswer> = z.object({
  outcome: z.enum(['received', 'suppressed', 'failed', 'pending', 'holdout', 'not_in_audience']),
  reason: z.string().nullable(),
  at: z.string().nullable(),
  messageId: z.string().nullable(),
  status: z.string().nullable(),
});

export const attributedOrdersSchema: z.ZodType<AttributedOrderList> = z.object({
  items: z.array(
    z.object({
      orderId: z.string(),
      orderName: z.string().nullable(),
      attributed: z.boolean(),
      messageId: z.string().nullable(),
      sourceKind: z.enum(['campaign', 'flow']).nullable(),
      sourceId: z.string().nullable(),
      channel: z.enum(['click', 'delivery', 'discount_code']).nullable(),
      matchedBy: z.enum(['customer', 'phone', 'discount_code']).nullable(),
      rule: z.string().nullable(),
      touchedAt: z.string().nullable(),
      revenue: money,
      refunded: money,
      cancelled: z.boolean(),
      currency: z.string(),
      orderedAt: z.string(),
    }),
  ),
});
