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

/** Mirror of the store's orders. Money is numeric in the order's currency. */
export const orders = pgTable(
  'orders',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'bigint' }).notNull(),
    customerId: bigint('customer_id', { mode: 'bigint' }),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    checkoutToken: text('checkout_token'),
    currency: text('currency').notNull(),
    totalPrice: numeric('total_price', { precision: 14, scale: 2 }).notNull(),
    subtotalPrice: numeric('subtotal_price', { precision: 14, scale: 2 }),
    totalDiscounts: numeric('total_discounts', { precision: 14, scale: 2 }).notNull().default('0'),
    refundedAmount: numeric('refunded_amount', { precision: 14, scale: 2 }).notNull().default('0'),
    discountCodes: text('discount_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    financialStatus: text('financial_status'),
    fulfillmentStatus: text('fulfillment_status'),
    orderStatusUrl: text('order_status_url'),
    shopifyCreatedAt: timestamp('shopify_created_at', { withTimezone: true }).notNull(),
    shopifyUpdatedAt: timestamp('shopify_updated_at', { withTimezone: true }).notNull(),
    /** X-Shopify-Triggered-At of the webhook that wrote this version (null: backfill, seed or no header); breaks updated_at ties. */
    sourceTriggeredAt: timestamp('source_triggered_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.id] }),
    index('orders_shop_customer_idx').on(t.shopId, t.customerId),
    index('orders_shop_checkout_idx').on(t.shopId, t.checkoutToken),
    index('orders_shop_created_idx').on(t.shopId, t.shopifyCreatedAt),
    // Segment windows (migration 0017): index-only scans of a date range's orders per customer.
    index('orders_segment_window_idx')
      .on(t.shopId, t.shopifyCreatedAt)
      .where(sql`cancelled_at IS NULL AND customer_id IS NOT NULL`),
  ],
);

export const orderLineItems = pgTable(
  'order_line_items',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'bigint' }).notNull(),
    orderId: bigint('order_id', { mode: 'bigint' }).notNull(),
    productId: bigint('product_id', { mode: 'bigint' }),
    variantId: bigint('variant_id', { mode: 'bigint' }),
    title: text('title').notNull(),
    vendor: text('vendor'),
    productType: text('product_type'),
    sku: text('sku'),
    quantity: integer('quantity').notNull(),
    price: numeric('price', { precision: 14, scale: 2 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.id] }),
    index('order_line_items_order_idx').on(t.shopId, t.orderId),
    index('order_line_items_product_idx').on(t.shopId, t.productId),
    index('order_line_items_variant_idx').on(t.shopId, t.variantId),
    index('order_line_items_sku_idx')
      .on(t.shopId, t.sku)
      .where(sql`sku IS NOT NULL`),
  ],
);
