// Migration 0021: the compliance-settings audit list and background subscriber imports.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { shops } from './shops.js';

/** One row per saved change of a settings section: which fields, from what, to what. */
export const settingsAudit = pgTable(
  'settings_audit',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    /** compliance */
    section: text('section').notNull(),
    /** { field: { from, to } } */
    changes: jsonb('changes').notNull(),
    actor: text('actor'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('settings_audit_shop_idx').on(t.shopId, t.id)],
);

/** A CSV file uploaded for import, its column mapping and its progress. */
export const subscriberImports = pgTable(
  'subscriber_imports',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    filename: text('filename'),
    /** uploaded | queued | running | completed | failed */
    status: text('status').notNull().default('uploaded'),
    /** The header line's column names. */
    columns: jsonb('columns').notNull(),
    totalRows: integer('total_rows').notNull(),
    mapping: jsonb('mapping'),
    processedRows: integer('processed_rows').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('subscriber_imports_shop_idx').on(t.shopId, t.createdAt)],
);

/** The rows of an uploaded file: pending until processed; imported and unchanged ones are deleted at the end. */
export const subscriberImportRows = pgTable(
  'subscriber_import_rows',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    importId: uuid('import_id')
      .notNull()
      .references(() => subscriberImports.id, { onDelete: 'cascade' }),
    /** 1-based line of the file (the header is line 1). */
    line: integer('line').notNull(),
    cells: jsonb('cells').notNull(),
    /** pending | imported | unchanged | rejected */
    status: text('status').notNull().default('pending'),
    /** E.164, once normalised. */
    phone: text('phone'),
    reason: text('reason'),
    message: text('message'),
  },
  (t) => [
    primaryKey({ name: 'subscriber_import_rows_pk', columns: [t.importId, t.line] }),
    index('subscriber_import_rows_phone_idx')
      .on(t.importId, t.phone)
      .where(sql`${t.phone} IS NOT NULL`),
  ],
);
