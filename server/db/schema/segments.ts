import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
  bigint,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { shops } from './shops.js';

/** A merchant's saved segment: a rule tree (contracts/segments.ts) and its counts when last computed. */
export const segments = pgTable(
  'segments',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`uuid_v7()`),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    definition: jsonb('definition').notNull(),
    /** The predefined segment it was copied from, if any. */
    templateKey: text('template_key'),
    lastCustomers: integer('last_customers'),
    lastReachable: integer('last_reachable'),
    lastComputedAt: timestamp('last_computed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('segments_shop_idx').on(t.shopId, t.createdAt)],
);

/**
 * RFM scores (1-5 quintiles of recency, frequency, monetary value among the shop's customers with orders)
 * and the group they map to; recomputed per shop by the nightly job and after a backfill.
 */
export const customerRfm = pgTable(
  'customer_rfm',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    customerId: bigint('customer_id', { mode: 'bigint' }).notNull(),
    recency: smallint('recency').notNull(),
    frequency: smallint('frequency').notNull(),
    monetary: smallint('monetary').notNull(),
    rfmGroup: text('rfm_group').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.customerId] }),
    index('customer_rfm_group_idx').on(t.shopId, t.rfmGroup, t.customerId),
  ],
);
