import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Inbox of Shopify webhooks: stored before acknowledging, processed asynchronously, unique per
 * delivery (X-Shopify-Webhook-Id). Carries the shop's domain: the shop row may not exist (shop/redact).
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    shopDomain: text('shop_domain').notNull(),
    topic: text('topic').notNull(),
    webhookId: text('webhook_id').notNull().unique(),
    eventId: text('event_id'),
    triggeredAt: timestamp('triggered_at', { withTimezone: true }),
    apiVersion: text('api_version'),
    payload: jsonb('payload').notNull(),
    /** pending | processing | done | failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    error: text('error'),
    /** When a processor claimed the row (status processing); a stale claim is a dead worker's and is reclaimed. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    index('webhook_events_pending_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
    index('webhook_events_processing_idx')
      .on(t.claimedAt)
      .where(sql`status = 'processing'`),
    index('webhook_events_shop_idx').on(t.shopDomain, t.receivedAt),
  ],
);
