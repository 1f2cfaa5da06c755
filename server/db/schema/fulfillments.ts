import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { shops } from './shops.js';

/** Mirror of fulfillments with tracking, for shipping / out-for-delivery / delivered messages. */
export const fulfillments = pgTable(
  'fulfillments',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'bigint' }).notNull(),
    orderId: bigint('order_id', { mode: 'bigint' }).notNull(),
    status: text('status'),
    shipmentStatus: text('shipment_status'),
    trackingCompany: text('tracking_company'),
    trackingNumbers: text('tracking_numbers')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    trackingUrls: text('tracking_urls')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    itemCount: bigint('item_count', { mode: 'number' }),
    shopifyCreatedAt: timestamp('shopify_created_at', { withTimezone: true }),
    shopifyUpdatedAt: timestamp('shopify_updated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.id] }), index('fulfillments_order_idx').on(t.shopId, t.orderId)],
);

/** Products each customer bought (for segments such as "bought X", "never bought Y"). */
export const purchasedProducts = pgTable(
  'purchased_products',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    customerId: bigint('customer_id', { mode: 'bigint' }).notNull(),
    productId: bigint('product_id', { mode: 'bigint' }).notNull(),
    firstPurchasedAt: timestamp('first_purchased_at', { withTimezone: true }).notNull(),
    lastPurchasedAt: timestamp('last_purchased_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.customerId, t.productId] }),
    // Migration 0024: (shop_id, product_id, customer_id) INCLUDE (first/last purchased at): index-only
    // "bought product X" in segment counts; the INCLUDE is in the SQL only.
    index('purchased_products_product_idx').on(t.shopId, t.productId, t.customerId),
  ],
);
