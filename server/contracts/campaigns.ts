// Campaigns API shapes (issue #12): POST/GET /api/campaigns, GET/PUT/DELETE /api/campaigns/:id, .../estimate,
// .../schedule, /pause, /resume, /cancel, /test, /duplicate. Shared by the server and the admin UI: zod + types.
import { z } from 'zod';
import type { MessageItem } from './messages.js';
import type { TemplateValidationIssue } from './templates.js';

export const campaignStatuses = [
  'draft',
  'scheduled',
  'sending',
  'paused',
  'completed',
  'cancelled',
] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

const uuid = (what: string) => z.uuid(`must be a ${what} id`);
export const campaignIdSchema = uuid('campaign');

/** include: "all" (every reachable subscriber) or one or more saved segments; exclude: segments left out. */
export const campaignAudienceSchema = z.strictObject({
  include: z.union([
    z.literal('all'),
    z.array(uuid('segment')).min(1, 'choose at least one segment').max(20),
  ]),
  exclude: z.array(uuid('segment')).max(20).default([]),
});
export type CampaignAudience = z.infer<typeof campaignAudienceSchema>;

const template = z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters');
/** One template per locale: `en` always, `fr` optional (French recipients get `en` without it). */
export const campaignTemplatesSchema = z.strictObject({ en: template, fr: template.optional() });
export type CampaignTemplates = z.infer<typeof campaignTemplatesSchema>;

/**
 * The discount in the message (`{{ discount.code }}`): the merchant's existing code shared by everyone, or a code
 * per recipient created in bulk (Admin GraphQL discountCodeBasicCreate + discountRedeemCodeBulkAdd) when the
 * fan-out starts.
 */
export const campaignDiscountSchema = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('shared'),
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{3,40}$/, 'must be 3–40 letters, digits, - or _'),
  }),
  z.strictObject({
    mode: z.literal('unique'),
    percentage: z
      .int('must be a whole percentage')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100'),
    /** Days the codes stay valid after the send starts. */
    validDays: z.int().min(1).max(365).default(30),
  }),
]);
export type CampaignDiscount = z.infer<typeof campaignDiscountSchema>;

export const campaignMessageSchema = z.strictObject({
  templates: campaignTemplatesSchema,
  discount: campaignDiscountSchema.nullable().default(null),
});
export type CampaignMessage = z.infer<typeof campaignMessageSchema>;

const localDate = z.iso.date({ error: 'must be a date such as 2026-05-01' });
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 09:30');

/**
 * now: when scheduled. at: a date and time in the shop's time zone. recipient_local: that date and time in each
 * recipient's zone; a recipient whose zone is already past it when the send starts gets it at once or the next day.
 */
export const campaignScheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('now') }),
  z.strictObject({ kind: z.literal('at'), date: localDate, time: localTime }),
  z.strictObject({
    kind: z.literal('recipient_local'),
    date: localDate,
    time: localTime,
    whenPast: z.enum(['at_once', 'tomorrow']).default('at_once'),
  }),
]);
export type CampaignSchedule = z.infer<typeof campaignScheduleSchema>;

export const CAMPAIGN_SMART_SENDING_DEFAULT_HOURS = 16;

export const campaignOptionsSchema = z.strictObject({
  /** A recipient in quiet hours or over a frequency cap: hold the message until allowed, or skip them. */
  whenBlocked: z.enum(['hold', 'skip']).default('hold'),
  /** Skip recipients messaged (marketing) in the last N hours; 0 turns smart sending off. */
  smartSendingHours: z.int().min(0).max(168).default(CAMPAIGN_SMART_SENDING_DEFAULT_HOURS),
  /** Add utm_source=sms, utm_medium=sms, utm_campaign=<slug> to tracked links to the shop's domain. */
  utm: z.boolean().default(true),
  /** Share of the audience (percent) that receives nothing, for incremental orders and revenue in reports. */
  holdoutPercent: z.int().min(0).max(50).default(0),
  /**
   * Send to at most this many recipients (those the fan-out would message, in subscriber order; the rest are
   * recorded as suppressed 'audience_limit'); null sends to the whole audience. The billing refusal's
   * "send to the N that fit" sets it. Absent: null.
   */
  audienceLimit: z.int().min(1).max(10_000_000).nullable().optional(),
});
export type CampaignOptions = z.infer<typeof campaignOptionsSchema>;

export const campaignAbMetrics = ['click_rate', 'order_rate', 'revenue_per_recipient'] as const;
export type CampaignAbMetric = (typeof campaignAbMetrics)[number];
export const campaignVariantKeys = ['A', 'B', 'C', 'D'] as const;
export type CampaignVariantKey = (typeof campaignVariantKeys)[number];

/** A variant: its own templates (content test) or a delay after the start (send-time test). */
export const campaignVariantSchema = z.strictObject({
  key: z.enum(campaignVariantKeys),
  templates: campaignTemplatesSchema.optional(),
  sendDelayMinutes: z.int().min(0).max(4320).optional(),
});
export type CampaignVariant = z.infer<typeof campaignVariantSchema>;

export const campaignAbSchema = z
  .strictObject({
    kind: z.enum(['content', 'send_time']),
    variants: z.array(campaignVariantSchema).min(2, 'needs 2 to 4 variants').max(4, 'needs 2 to 4 variants'),
    /** Share of the audience (percent) in the test, split evenly across the variants. */
    testPercent: z.int().min(2).max(100),
    metric: z.enum(campaignAbMetrics),
    /** Hours after the test starts until the winner goes to the rest. */
    waitHours: z.int().min(1).max(72),
  })
  .superRefine((ab, ctx) => {
    const keys = ab.variants.map((v) => v.key);
    keys.forEach((k, i) => {
      if (k !== campaignVariantKeys[i])
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i, 'key'],
          message: `must be ${campaignVariantKeys[i]}`,
        });
    });
    ab.variants.forEach((v, i) => {
      if (ab.kind === 'content' && !v.templates)
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i, 'templates'],
          message: 'is required for a content test',
        });
      if (ab.kind === 'send_time' && v.sendDelayMinutes === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i, 'sendDelayMinutes'],
          message: 'is required for a send-time test',
        });
      }
    });
  });
export type CampaignAb = z.infer<typeof campaignAbSchema>;

/** POST /api/campaigns body (everything but the name has a default) → Campaign (201). */
export const createCampaignSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  audience: campaignAudienceSchema.default({ include: 'all', exclude: [] }),
  message: campaignMessageSchema.default({ templates: { en: 'New at {{ shop.name }}!' }, discount: null }),
  schedule: campaignScheduleSchema.default({ kind: 'now' }),
  options: campaignOptionsSchema.default({
    whenBlocked: 'hold',
    smartSendingHours: CAMPAIGN_SMART_SENDING_DEFAULT_HOURS,
    utm: true,
    holdoutPercent: 0,
  }),
  ab: campaignAbSchema.nullable().default(null),
});
export type CreateCampaign = z.input<typeof createCampaignSchema>;

/** PUT /api/campaigns/:id body: any subset; only in draft or scheduled (409 otherwise) → Campaign. */
export const updateCampaignSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100).optional(),
  audience: campaignAudienceSchema.optional(),
  message: campaignMessageSchema.optional(),
  schedule: campaignScheduleSchema.optional(),
  options: campaignOptionsSchema.optional(),
  ab: campaignAbSchema.nullable().optional(),
});
export type UpdateCampaign = z.input<typeof updateCampaignSchema>;

/** POST /api/campaigns/:id/test body → CampaignTestResponse. */
export const testCampaignSchema = z.strictObject({
  phone: z
    .string()
    .trim()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 format such as +14155550123'),
  locale: z.enum(['en', 'fr']).default('en'),
  /** Variant whose content to send (content A/B tests); the main templates otherwise. */
  variant: z.enum(campaignVariantKeys).optional(),
});
export type TestCampaign = z.input<typeof testCampaignSchema>;

export const listCampaignsQuerySchema = z.strictObject({
  status: z.enum(campaignStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListCampaignsQuery = z.input<typeof listCampaignsQuerySchema>;

/** Live progress (GET /api/campaigns/:id). suppressed: reason → count (consent, caps, smart sending, …). */
export interface CampaignProgress {
  /** Reachable recipients when the send started (0 before it started or when empty). */
  audience: number;
  holdout: number;
  suppressed: Record<string, number>;
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  failed: number;
  cancelled: number;
}

export interface CampaignAuditEntry {
  actor: string;
  action: string;
  changes: Record<string, unknown>;
  at: string;
}

export interface CampaignVariantResult {
  key: string;
  recipients: number;
  /** Clicks, orders or revenue (decimal string as a number) depending on the metric. */
  value: number;
  /** The metric: a rate (0–1) or revenue per recipient. */
  metric: number;
  /** 95% interval of the metric. */
  low: number;
  high: number;
}

export interface CampaignAbResult {
  metric: CampaignAbMetric;
  variants: CampaignVariantResult[];
  winner: string;
  /** Two-proportion z-test of the winner against the runner-up (rates only; null for revenue). */
  pValue: number | null;
  significant: boolean;
  /** E.g. "The difference between A and B is not significant (p = 0.41); A was sent." */
  summary: string;
}

export interface Campaign {
  id: string;
  name: string;
  slug: string;
  status: CampaignStatus;
  /** Why it is in this status, e.g. "empty_audience: no reachable subscriber in the audience". */
  statusReason: string | null;
  audience: CampaignAudience;
  message: CampaignMessage;
  schedule: CampaignSchedule;
  options: CampaignOptions;
  ab: CampaignAb | null;
  abResult: CampaignAbResult | null;
  /** When the send starts or started (ISO), null while a draft. */
  startAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/campaigns/:id. */
export interface CampaignDetail extends Campaign {
  progress: CampaignProgress;
  audit: CampaignAuditEntry[];
}

/** An item of GET /api/campaigns: status and key figures. */
export interface CampaignListItem {
  id: string;
  name: string;
  status: CampaignStatus;
  startAt: string | null;
  audience: number;
  sent: number;
  delivered: number;
  clicks: number;
  orders: number;
  /** Decimal string in the shop currency. */
  revenue: string;
  currency: string;
  createdAt: string;
}

export interface CampaignList {
  items: CampaignListItem[];
}

/** GET /api/campaigns/:id/estimate: reachable now, SMS segments per message and the cost for all of them. */
export interface CampaignEstimate {
  /** Reachable now, at most the campaign's audience limit. */
  reachable: number;
  segments: { min: number; max: number };
  /** Total for every reachable recipient, decimal strings. */
  cost: { min: string; max: string; currency: string };
}

export interface CampaignTestResponse {
  message: MessageItem;
  ownTestNumber: boolean;
  notSentReason: string | null;
}

/** 422 body for a template that does not validate: per locale (or variant) with positions. */
export interface CampaignTemplateErrors {
  error: { code: 'invalid_template'; message: string; templates: Record<string, TemplateValidationIssue[]> };
}
