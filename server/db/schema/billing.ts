import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { messages } from './messages.js';
import { shops } from './shops.js';

/**
 * Each shop's app subscription (migration 0023). status: pending | active | declined | cancelled | frozen | expired.
 * Amounts are integer micros of `currency` (the currency Shopify bills the subscription in).
 */
export const billingSubscriptions = pgTable(
  'billing_subscriptions',
  {
    shopId: uuid('shop_id')
      .primaryKey()
      .references(() => shops.id, { onDelete: 'cascade' }),
    plan: text('plan').notNull(),
    status: text('status').notNull(),
    subscriptionGid: text('subscription_gid'),
    usageLineItemGid: text('usage_line_item_gid'),
    cappedMicros: bigint('capped_micros', { mode: 'number' }).notNull(),
    currency: text('currency').notNull().default('USD'),
    /** The operator's margin (BILLING_MARGIN_PERCENT) when the row was last written from the subscription. */
    marginPercent: integer('margin_percent').notNull().default(0),
    test: boolean('test').notNull().default(false),
    confirmationUrl: text('confirmation_url'),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    periodEnd: timestamp('period_end', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('billing_subscriptions_gid_uq')
      .on(t.subscriptionGid)
      .where(sql`subscription_gid IS NOT NULL`),
  ],
);

/** One usage charge per batch of delivered messages. status: pending | billed | rejected. */
export const usageRecords = pgTable(
  'usage_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    idempotencyKey: text('idempotency_key').notNull(),
    subscriptionGid: text('subscription_gid').notNull(),
    segments: integer('segments').notNull(),
    chargedSegments: integer('charged_segments').notNull(),
    amountMicros: bigint('amount_micros', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    byCountry: jsonb('by_country').notNull().default({}),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    shopifyUsageRecordGid: text('shopify_usage_record_gid'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    billedAt: timestamp('billed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('usage_records_shop_key_uq').on(t.shopId, t.idempotencyKey),
    index('usage_records_shop_created_idx').on(t.shopId, t.createdAt),
    index('usage_records_pending_idx')
      .on(t.shopId)
      .where(sql`status = 'pending'`),
  ],
);

/** Which usage record bills each delivered message (at most one). */
export const usageRecordMessages = pgTable(
  'usage_record_messages',
  {
    messageId: uuid('message_id')
      .primaryKey()
      .references(() => messages.id, { onDelete: 'cascade' }),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    usageRecordId: uuid('usage_record_id')
      .notNull()
      .references(() => usageRecords.id, { onDelete: 'cascade' }),
  },
  (t) => [index('usage_record_messages_record_idx').on(t.usageRecordId)],
);
