// Reports API shapes behind the figures (issue #13): the recipients behind one figure, "why did this person
// not get it", an order's attribution and the message-log summary. Shared by the server and the admin UI:
// zod + types only. Instants are ISO 8601 strings; money is a decimal string in the shop currency.
import { z } from 'zod';
import { automationFlowKeySchema } from './automations.js';
import { rangeChecks, rangeShape } from './reports.js';

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
