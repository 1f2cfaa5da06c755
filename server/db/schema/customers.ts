import { sql } from 'drizzle-orm';
import {
  bigint,
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

/** Mirror of the store's customers, with purchase aggregates kept for segmentation. */
export const customers = pgTable(
  'customers',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'bigint' }).notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    email: text('email'),
    phone: text('phone'),
    countryCode: text('country_code'),
    provinceCode: text('province_code'),
    zip: text('zip'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    smsConsentState: text('sms_consent_state'),
    ordersCount: integer('orders_count').notNull().default(0),
    totalSpent: numeric('total_spent', { precision: 14, scale: 2 }).notNull().default('0'),
    firstOrderAt: timestamp('first_order_at', { withTimezone: true }),
    lastOrderAt: timestamp('last_order_at', { withTimezone: true }),
    lastOrderId: bigint('last_order_id', { mode: 'bigint' }),
    /**
     * How many of the customer's linked subscribers are reachable (segments' REACHABLE_SQL), so segment counts
     * read it with the members. Kept exact by triggers on customers, subscribers and messages (migration 0024);
     * the app never writes it.
     */
    reachablePhones: integer('reachable_phones').notNull().default(0),
    /** The customer's RFM group as of the shop's last recompute (server/segments/rfm.ts; null: not scored). */
    rfmGroup: text('rfm_group'),
    shopifyCreatedAt: timestamp('shopify_created_at', { withTimezone: true }),
    shopifyUpdatedAt: timestamp('shopify_updated_at', { withTimezone: true }),
    /** X-Shopify-Triggered-At of the webhook that wrote this version (null: backfill, seed or no header); breaks updated_at ties. */
    sourceTriggeredAt: timestamp('source_triggered_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    redactedAt: timestamp('redacted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.id] }),
    index('customers_shop_phone_idx').on(t.shopId, t.phone),
    // Segment counts (migrations 0017, 0024): index-only scans of the live customers' aggregates; INCLUDE (id,
    // first_order_at, country_code, province_code, shopify_created_at, tags, reachable_phones) is in the SQL only.
    index('customers_segment_idx')
      .on(t.shopId, t.ordersCount, t.totalSpent, t.lastOrderAt)
      .where(sql`deleted_at IS NULL AND redacted_at IS NULL`),
    // Migration 0031: narrow index-only ranges of the live customers for segment counts, by id (conditions on
    // other tables join or probe it), RFM group, total spent, last and first order, country; their INCLUDE
    // (reachable_phones; orders_count for the last four, total_spent for the country) is in the SQL only.
    index('customers_live_idx')
      .on(t.shopId, t.id)
      .where(sql`deleted_at IS NULL AND redacted_at IS NULL`),
    index('customers_rfm_idx')
      .on(t.shopId, t.rfmGroup)
      .where(sql`deleted_at IS NULL AND redacted_at IS NULL AND rfm_group IS NOT NULL`),
    index('customers_spent_idx')
      .on(t.shopId, t.totalSpent)
      .where(sql`deleted_at IS NULL AND redacted_at IS NULL`),
    index('customers_last_order_idx')
      .on(t.shopId, t.lastOrderAt)
      .where(sql`deleted_at IS NULL AND redacted_at IS NULL`),
    index('customers_first_order_idx')
      .on(t.shopId, t.firstOrderAt)
      .where(sql`deleted_at IS NULL AND redacted_at IS NULL`),
    index('customers_country_idx')
      .on(t.shopId, t.countryCode)
      .where(sql`deleted_at IS NULL AND redacted_at IS NULL`),
  ],
);
