// Shared between the server and the admin UI: the webhook inbox (received Shopify webhooks), its
// listing filters and the replay response. Zod schemas and types only.
import { z } from 'zod';

export const webhookEventStatuses = ['pending', 'processing', 'done', 'failed'] as const;
export type WebhookEventStatus = (typeof webhookEventStatuses)[number];

const idString = z.string().regex(/^[1-9]\d{0,18}$/, 'must be a webhook event id (a positive integer)');

/** GET /api/webhook-events query: newest first, keyset pagination on the id. */
export const webhookEventListQuerySchema = z
  .object({
    status: z
      .enum(webhookEventStatuses, { message: `status must be one of ${webhookEventStatuses.join(', ')}` })
      .optional(),
    topic: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[a-z0-9_]+(\/[a-z0-9_]+)*$/, 'topic must look like orders/create')
      .optional(),
    /** nextCursor of the previous page. */
    cursor: idString.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type WebhookEventListQuery = z.infer<typeof webhookEventListQuerySchema>;

export const webhookEventIdParamsSchema = z.object({ id: idString });

export const webhookEventSummarySchema = z.object({
  /** bigint as a decimal string. */
  id: z.string(),
  shopDomain: z.string(),
  topic: z.string(),
  webhookId: z.string(),
  eventId: z.string().nullable(),
  apiVersion: z.string().nullable(),
  status: z.enum(webhookEventStatuses),
  attempts: z.number().int(),
  /** Last error (validation error for a parked payload, handler error for a retry). */
  error: z.string().nullable(),
  /** ISO timestamps. */
  triggeredAt: z.string().nullable(),
  receivedAt: z.string(),
  nextAttemptAt: z.string(),
  processedAt: z.string().nullable(),
});
export type WebhookEventSummary = z.infer<typeof webhookEventSummarySchema>;

export const webhookEventDetailSchema = webhookEventSummarySchema.extend({
  /** The payload as received (64-bit ids beyond 2^53 appear as strings). */
  payload: z.unknown(),
});
export type WebhookEventDetail = z.infer<typeof webhookEventDetailSchema>;

export const webhookEventListSchema = z.object({
  events: z.array(webhookEventSummarySchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type WebhookEventList = z.infer<typeof webhookEventListSchema>;
