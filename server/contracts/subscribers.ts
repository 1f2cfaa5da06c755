// Subscribers API shapes, shared by the server and the admin UI: zod schemas and types only (the response
// schemas the admin UI validates with: subscriber-response-schemas.ts).
import { z } from 'zod';

export const subscriberStates = ['never', 'pending', 'subscribed', 'unsubscribed'] as const;
export type SubscriberState = (typeof subscriberStates)[number];
export const consentSourceValues = [
  'checkout',
  'thank_you_page',
  'keyword',
  'admin',
  'import',
  'shopify_sync',
  'demo_seed',
] as const;
export type ConsentSourceValue = (typeof consentSourceValues)[number];

const e164 = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +14155550123');
/** A real calendar day: Date.parse('2025-02-30') gives March 2nd rather than failing. */
const isCalendarDay = (v: string) => {
  const [y, m, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
};
const isoDate = z
  .string()
  .trim()
  .refine(
    (v) =>
      /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) &&
      !Number.isNaN(Date.parse(v)) &&
      isCalendarDay(v),
    'must be an ISO date such as 2025-01-31 or 2025-01-31T12:00:00Z',
  );

export const listSubscribersQuerySchema = z
  .object({
    phone: e164.optional(),
    q: z.string().trim().min(1).max(100).optional(),
    state: z.enum(['subscribed', 'pending', 'unsubscribed']).optional(),
    source: z.enum(consentSourceValues).optional(),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as US')
      .transform((v) => v.toUpperCase())
      .optional(),
    subscribedFrom: isoDate.optional(),
    subscribedTo: isoDate.optional(),
    cursor: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ListSubscribersQuery = z.infer<typeof listSubscribersQuerySchema>;

/** GET /api/subscribers/counts and /api/subscribers/export: the list's filters without paging. */
export const subscriberFiltersSchema = listSubscribersQuerySchema.omit({ cursor: true, limit: true });

/** Subscribers per marketing state matching the filters (the state filter itself aside). */
export interface SubscriberCounts {
  subscribed: number;
  pending: number;
  unsubscribed: number;
  never: number;
  total: number;
}

export interface SubscriberListItem {
  id: string;
  phone: string;
  state: SubscriberState;
  source: string;
  country: string | null;
  name: string | null;
  subscribedAt: string | null;
  createdAt: string;
}

export interface SubscriberListResponse {
  items: SubscriberListItem[];
  nextCursor: string | null;
}

export interface ConsentEventView {
  id: string;
  channel: 'marketing' | 'transactional';
  action: string;
  source: string;
  disclosureText: string | null;
  occurredAt: string;
  recordedAt: string;
  orderId: string | null;
  checkoutToken: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  evidence: Record<string, unknown>;
}

export interface SubscriberMessageView {
  id: string;
  direction: 'inbound' | 'outbound';
  kind: string;
  sourceType: string;
  body: string;
  status: string;
  suppressedReason: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
}

/** An order attributed to one of the subscriber's messages (last touch: discount code, click or delivery). */
export interface AttributedOrderView {
  orderId: string;
  /** The order's name in the store (#1001); null when the order is not in the mirror. */
  name: string | null;
  orderedAt: string;
  total: string;
  refunded: string;
  currency: string;
  cancelled: boolean;
  /** click | delivery | discount_code */
  channel: string;
  messageId: string;
  messageBody: string | null;
}

export interface SubscriberDetail extends SubscriberListItem {
  customerId: string | null;
  transactionalState: string;
  locale: string | null;
  unsubscribedAt: string | null;
  /** Newest first. */
  consentHistory: ConsentEventView[];
  /** The latest messages sent and received, newest first (a page of at most 50). */
  messages: SubscriberMessageView[];
  /** Pass as `cursor` to GET /api/subscribers/:id/messages for the older ones; null when there are none. */
  messagesNextCursor: string | null;
  /** The latest orders attributed to their messages (at most 50), newest first. */
  attributedOrders: AttributedOrderView[];
}

export const subscriberMessagesQuerySchema = z
  .object({
    cursor: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type SubscriberMessagesQuery = z.infer<typeof subscriberMessagesQuerySchema>;

export interface SubscriberMessagePage {
  /** Newest first. */
  items: SubscriberMessageView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface ConsentProof {
  subscriber: {
    id: string;
    phone: string;
    marketingState: string;
    transactionalState: string;
    country: string | null;
    customerId: string | null;
  };
  /** Oldest first: the ledger as recorded. */
  events: ConsentEventView[];
  generatedAt: string;
}

/** A required string whose absence is named with `missing` (zod's own text says only "expected string"). */
const requiredText = (missing: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? missing : 'must be text') }).trim();

/**
 * POST /api/subscribers: a subscriber added by hand, only with the proof of consent: where and how they
 * agreed, when (not in the future: the route checks it against the app's clock), and the exact text.
 */
export const createSubscriberSchema = z
  .object({
    phone: requiredText('Phone is required').pipe(z.string().min(1, 'Phone is required').max(40)),
    countryCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code')
      .transform((v) => v.toUpperCase())
      .optional(),
    /** The exact text the person agreed to. */
    disclosureText: requiredText('The disclosure text the person agreed to is required').pipe(
      z
        .string()
        .min(1, 'The disclosure text the person agreed to is required')
        .max(2000, 'must be at most 2000 characters'),
    ),
    /** When consent was given: a date (2025-01-31) or a date and time; never in the future. */
    consentDate: requiredText('The date the person agreed is required')
      .pipe(z.string().min(1, 'The date the person agreed is required'))
      .pipe(isoDate),
    /** Where and how consent was collected (a paper form at the counter, a call...); kept in the ledger's evidence. */
    consentSource: requiredText('Say where and how consent was collected').pipe(
      z.string().min(1, 'Say where and how consent was collected').max(200, 'must be at most 200 characters'),
    ),
    locale: z.enum(['en', 'fr']).optional(),
    evidence: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type CreateSubscriber = z.infer<typeof createSubscriberSchema>;

export const unsubscribeSchema = z
  .object({
    /** Default both: like STOP. */
    channels: z
      .array(z.enum(['marketing', 'transactional']))
      .min(1)
      .optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict();
export type UnsubscribeRequest = z.infer<typeof unsubscribeSchema>;

export interface ImportRowError {
  /** 1-based line number in the file (the header is line 1). */
  row: number;
  phone: string;
  reason: string;
  message: string;
}

export interface ImportResult {
  imported: number;
  /** Valid rows that changed nothing (already subscribed). */
  unchanged: number;
  errors: ImportRowError[];
}

export const growthQuerySchema = z
  .object({
    from: isoDate,
    to: isoDate,
    interval: z.enum(['day', 'week']).default('day'),
  })
  .strict()
  .refine((v) => Date.parse(v.from) <= Date.parse(v.to), {
    message: 'from must not be after to',
    path: ['from'],
  })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 731 * 86_400_000, {
    message: 'the range is limited to two years',
    path: ['to'],
  });
export type GrowthQuery = z.infer<typeof growthQuerySchema>;

export interface GrowthBucket {
  /** Start of the bucket (UTC midnight; weeks start on Monday). */
  start: string;
  /** Marketing consent changes in the bucket, by resulting state. */
  subscribed: number;
  pending: number;
  unsubscribed: number;
  /** New opt-ins (pending or subscribed) by source. */
  bySource: Record<string, number>;
}

export interface GrowthResponse {
  interval: 'day' | 'week';
  buckets: GrowthBucket[];
  /** Current totals by state. */
  totals: Record<SubscriberState, number>;
}
