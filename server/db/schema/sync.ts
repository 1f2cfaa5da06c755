import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { shops } from './shops.js';

/** Backfill runs (GraphQL bulk operations) and their progress, shown in the admin UI. */
export const syncRuns = pgTable(
  'sync_runs',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    /** customers | orders */
    resource: text('resource').notNull(),
    /** created | running | importing | completed | failed | cancelled */
    status: text('status').notNull().default('created'),
    bulkOperationId: text('bulk_operation_id'),
    objectCount: bigint('object_count', { mode: 'number' }),
    rowsImported: bigint('rows_imported', { mode: 'number' }).notNull().default(0),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('sync_runs_shop_idx').on(t.shopId, t.startedAt),
    index('sync_runs_bulk_idx').on(t.bulkOperationId),
  ],
);

/** GDPR customers/data_request: what was asked and the export assembled for the merchant. */
export const dataRequests = pgTable(
  'data_requests',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    customerId: bigint('customer_id', { mode: 'bigint' }),
    /** data_request | redact */
    kind: text('kind').notNull(),
    request: jsonb('request').notNull(),
    export: jsonb('export'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [index('data_requests_shop_idx').on(t.shopId, t.requestedAt)],
);
