import {
  bigint,
  boolean,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { shops } from './shops.js';

const metric = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);

/**
 * Pre-aggregated report figures per (source, message kind, hour), kept by the triggers of migration 0022 in the
 * same transaction as each message status change, click, recipient, opt-out and attributed order.
 * source_kind: campaign | flow | other (keyword replies and the like; source_id is then the source type).
 */
export const reportCounters = pgTable(
  'report_counters',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    sourceKind: text('source_kind').notNull(),
    sourceId: text('source_id').notNull(),
    messageKind: text('message_kind').notNull(),
    bucket: timestamp('bucket', { withTimezone: true }).notNull(),
    produced: metric('produced'),
    pending: metric('pending'),
    suppressed: metric('suppressed'),
    cancelled: metric('cancelled'),
    sent: metric('sent'),
    delivered: metric('delivered'),
    failed: metric('failed'),
    expired: metric('expired'),
    undeliverable: metric('undeliverable'),
    awaiting: metric('awaiting'),
    unknown: metric('unknown'),
    clicks: metric('clicks'),
    uniqueClicks: metric('unique_clicks'),
    botClicks: metric('bot_clicks'),
    orders: metric('orders'),
    revenue: numeric('revenue', { precision: 14, scale: 2 }).notNull().default('0'),
    discountRedemptions: metric('discount_redemptions'),
    optOuts: metric('opt_outs'),
    segments: metric('segments'),
    costMicros: metric('cost_micros'),
    audience: metric('audience'),
    holdout: metric('holdout'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({
      name: 'report_counters_pk',
      columns: [t.shopId, t.sourceKind, t.sourceId, t.messageKind, t.bucket],
    }),
    index('report_counters_shop_bucket_idx').on(t.shopId, t.bucket),
  ],
);

/**
 * The daily rollup of report_counters (migration 0026): the same metrics per (source, message kind, UTC day), kept
 * by statement-level triggers on report_counters in the same transaction. Reports over whole days read it.
 */
export const reportCountersDaily = pgTable(
  'report_counters_daily',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    sourceKind: text('source_kind').notNull(),
    sourceId: text('source_id').notNull(),
    messageKind: text('message_kind').notNull(),
    day: timestamp('day', { withTimezone: true }).notNull(),
    produced: metric('produced'),
    pending: metric('pending'),
    suppressed: metric('suppressed'),
    cancelled: metric('cancelled'),
    sent: metric('sent'),
    delivered: metric('delivered'),
    failed: metric('failed'),
    expired: metric('expired'),
    undeliverable: metric('undeliverable'),
    awaiting: metric('awaiting'),
    unknown: metric('unknown'),
    clicks: metric('clicks'),
    uniqueClicks: metric('unique_clicks'),
    botClicks: metric('bot_clicks'),
    orders: metric('orders'),
    revenue: numeric('revenue', { precision: 14, scale: 2 }).notNull().default('0'),
    discountRedemptions: metric('discount_redemptions'),
    optOuts: metric('opt_outs'),
    segments: metric('segments'),
    costMicros: metric('cost_micros'),
    audience: metric('audience'),
    holdout: metric('holdout'),
  },
  (t) => [
    primaryKey({
      name: 'report_counters_daily_pk',
      columns: [t.shopId, t.sourceKind, t.sourceId, t.messageKind, t.day],
    }),
    index('report_counters_daily_shop_day_idx').on(t.shopId, t.day),
  ],
);

/** Suppression reasons and provider error codes per source and day (dimension: suppressed | error). */
export const reportReasons = pgTable(
  'report_reasons',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    sourceKind: text('source_kind').notNull(),
    sourceId: text('source_id').notNull(),
    day: timestamp('day', { withTimezone: true }).notNull(),
    dimension: text('dimension').notNull(),
    reason: text('reason').notNull(),
    count: metric('count'),
  },
  (t) => [
    primaryKey({
      name: 'report_reasons_pk',
      columns: [t.shopId, t.sourceKind, t.sourceId, t.dimension, t.reason, t.day],
    }),
  ],
);

/** Marketing opt-ins and opt-outs per day and consent source (from consent_events). */
export const subscriberCounters = pgTable(
  'subscriber_counters',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    day: timestamp('day', { withTimezone: true }).notNull(),
    source: text('source').notNull(),
    optIns: metric('opt_ins'),
    optOuts: metric('opt_outs'),
  },
  (t) => [primaryKey({ name: 'subscriber_counters_pk', columns: [t.shopId, t.day, t.source] })],
);

/** Why an order is attributed to a message (one row per order; written by the orders trigger of migration 0022). */
export const orderAttributions = pgTable(
  'order_attributions',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    orderId: bigint('order_id', { mode: 'bigint' }).notNull(),
    messageId: uuid('message_id').notNull(),
    sourceKind: text('source_kind').notNull(),
    sourceId: text('source_id').notNull(),
    messageKind: text('message_kind').notNull(),
    /** click | delivery | discount_code */
    channel: text('channel').notNull(),
    /** customer | phone | discount_code */
    matchedBy: text('matched_by').notNull(),
    windowHours: integer('window_hours').notNull(),
    touchedAt: timestamp('touched_at', { withTimezone: true }).notNull(),
    orderedAt: timestamp('ordered_at', { withTimezone: true }).notNull(),
    currency: text('currency').notNull(),
    inShopCurrency: boolean('in_shop_currency').notNull(),
    total: numeric('total', { precision: 14, scale: 2 }).notNull(),
    refunded: numeric('refunded', { precision: 14, scale: 2 }).notNull().default('0'),
    cancelled: boolean('cancelled').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'order_attributions_pk', columns: [t.shopId, t.orderId] }),
    index('order_attributions_source_idx').on(t.shopId, t.sourceKind, t.sourceId, t.orderedAt),
  ],
);
