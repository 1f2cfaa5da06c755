import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  inet,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { shops } from './shops.js';

/**
 * One subscriber per (shop, E.164 phone). The state columns are a cache derived from consent_events,
 * which is the append-only proof.
 */
export const subscribers = pgTable(
  'subscribers',
  {
    // Time-ordered (UUIDv7, migration 0010): paging an audience by id follows the order rows were written
    // in, so a campaign's scan reads the table's pages in order instead of at random.
    id: uuid('id')
      .primaryKey()
      .default(sql`uuid_v7()`),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    phone: text('phone').notNull(),
    countryCode: text('country_code'),
    customerId: bigint('customer_id', { mode: 'bigint' }),
    /** never | pending | subscribed | unsubscribed */
    marketingState: text('marketing_state').notNull().default('never'),
    /** never | subscribed | unsubscribed */
    transactionalState: text('transactional_state').notNull().default('never'),
    source: text('source').notNull(),
    locale: text('locale'),
    subscribedAt: timestamp('subscribed_at', { withTimezone: true }),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('subscribers_shop_phone_uq').on(t.shopId, t.phone),
    index('subscribers_shop_state_idx').on(t.shopId, t.marketingState),
    index('subscribers_shop_customer_idx').on(t.shopId, t.customerId),
  ],
);

/** Append-only consent ledger: every change with its source and the exact disclosure shown. */
export const consentEvents = pgTable(
  'consent_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    subscriberId: uuid('subscriber_id')
      .notNull()
      .references(() => subscribers.id, { onDelete: 'cascade' }),
    /** marketing | transactional */
    channel: text('channel').notNull(),
    /** subscribed | confirmed | unsubscribed | resubscribed */
    action: text('action').notNull(),
    /** checkout | thank_you_page | keyword | admin | import | shopify_sync | demo_seed */
    source: text('source').notNull(),
    disclosureText: text('disclosure_text'),
    ipAddress: inet('ip_address'),
    userAgent: text('user_agent'),
    orderId: bigint('order_id', { mode: 'bigint' }),
    checkoutToken: text('checkout_token'),
    evidence: jsonb('evidence')
      .notNull()
      .default(sql`'{}'::jsonb`),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('consent_events_subscriber_idx').on(t.shopId, t.subscriberId, t.occurredAt)],
);
