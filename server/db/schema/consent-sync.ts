import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { shops } from './shops.js';
import { consentEvents, subscribers } from './subscribers.js';

/**
 * Outbox of SMS marketing consent changes to write back to Shopify (customerSmsMarketingConsentUpdate),
 * inserted in the same transaction as the ledger row, retried with backoff by an agenda job.
 * status: pending -> done | failed (gave up) | skipped (no customer, local mode, superseded).
 */
export const consentSync = pgTable(
  'consent_sync',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    subscriberId: uuid('subscriber_id')
      .notNull()
      .references(() => subscribers.id, { onDelete: 'cascade' }),
    consentEventId: bigint('consent_event_id', { mode: 'bigint' }).references(() => consentEvents.id, {
      onDelete: 'set null',
    }),
    customerId: bigint('customer_id', { mode: 'bigint' }),
    /** SUBSCRIBED | UNSUBSCRIBED | PENDING (CustomerSmsMarketingState) */
    marketingState: text('marketing_state').notNull(),
    /** SINGLE_OPT_IN | CONFIRMED_OPT_IN | UNKNOWN (CustomerMarketingOptInLevel) */
    optInLevel: text('opt_in_level').notNull(),
    consentUpdatedAt: timestamp('consent_updated_at', { withTimezone: true }).notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('consent_sync_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
    index('consent_sync_subscriber_idx').on(t.shopId, t.subscriberId),
  ],
);
