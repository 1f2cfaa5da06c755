import {
  bigint,
  boolean,
  index,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { shops } from './shops.js';

/** Mirror of checkouts (for abandoned-checkout recovery and checkout SMS consent). */
export const checkouts = pgTable(
  'checkouts',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    token: text('token').notNull(),
    checkoutId: bigint('checkout_id', { mode: 'bigint' }),
    customerId: bigint('customer_id', { mode: 'bigint' }),
    email: text('email'),
    phone: text('phone'),
    smsMarketingPhone: text('sms_marketing_phone'),
    buyerAcceptsSmsMarketing: boolean('buyer_accepts_sms_marketing').notNull().default(false),
    abandonedCheckoutUrl: text('abandoned_checkout_url'),
    totalPrice: numeric('total_price', { precision: 14, scale: 2 }),
    currency: text('currency'),
    countryCode: text('country_code'),
    provinceCode: text('province_code'),
    zip: text('zip'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    shopifyCreatedAt: timestamp('shopify_created_at', { withTimezone: true }),
    shopifyUpdatedAt: timestamp('shopify_updated_at', { withTimezone: true }),
    /** X-Shopify-Triggered-At of the webhook that wrote this version (null: backfill, seed or no header); breaks updated_at ties. */
    sourceTriggeredAt: timestamp('source_triggered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.token] }),
    index('checkouts_shop_customer_idx').on(t.shopId, t.customerId),
  ],
);
