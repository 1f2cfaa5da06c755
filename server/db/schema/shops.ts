import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One row per installed (or once installed) store. Everything else hangs off shops.id. */
export const shops = pgTable('shops', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  domain: text('domain').notNull().unique(),
  name: text('name').notNull(),
  senderId: text('sender_id').notNull(),
  timezone: text('timezone').notNull().default('UTC'),
  currency: text('currency').notNull().default('USD'),
  countryCode: text('country_code').notNull().default('US'),
  /** Per-shop settings that are not columns yet (quiet hours narrowing, caps, prices...). */
  settings: jsonb('settings').notNull().default(sql`'{}'::jsonb`),
  installedAt: timestamp('installed_at', { withTimezone: true }).notNull().defaultNow(),
  uninstalledAt: timestamp('uninstalled_at', { withTimezone: true }),
  /** The latest token exchange or OAuth grant (migration 0015): events triggered before it belong to an earlier installation. */
  lastInstallAt: timestamp('last_install_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
