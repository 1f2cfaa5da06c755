import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** One row per installed (or once installed) store. Everything else hangs off shops.id. */
export const shops = pgTable(
  'shops',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    domain: text('domain').notNull().unique(),
    name: text('name').notNull(),
    /** Alphanumeric brand shown as the sender (display only, never routes inbound), or the shop's own sms_number. */
    senderId: text('sender_id').notNull(),
    /**
     * The number (E.164) that receives the shop's inbound texts: assigned by the operator (npm run shop:number,
     * SHOP_SMS_NUMBERS), unique across shops, never settable through /api/settings.
     */
    smsNumber: text('sms_number').unique('shops_sms_number_unique'),
    timezone: text('timezone').notNull().default('UTC'),
    currency: text('currency').notNull().default('USD'),
    countryCode: text('country_code').notNull().default('US'),
    /** Per-shop settings that are not columns yet (quiet hours narrowing, caps, prices...). */
    settings: jsonb('settings')
      .notNull()
      .default(sql`'{}'::jsonb`),
    installedAt: timestamp('installed_at', { withTimezone: true }).notNull().defaultNow(),
    uninstalledAt: timestamp('uninstalled_at', { withTimezone: true }),
    /** The latest token exchange or OAuth grant (migration 0015): events triggered before it belong to an earlier installation. */
    lastInstallAt: timestamp('last_install_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('shops_sms_number_e164', sql`${t.smsNumber} ~ '^\\+[1-9][0-9]{6,14}$'`),
    check(
      'shops_sender_id_owned',
      sql`${t.senderId} !~ '^\\+' OR ${t.senderId} IS NOT DISTINCT FROM ${t.smsNumber}`,
    ),
  ],
);

/** Who held which SMS number when (operator assignments): an opt-out to a number no shop owns reaches past holders. */
export const smsNumberAssignments = pgTable(
  'sms_number_assignments',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    smsNumber: text('sms_number').notNull(),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp('released_at', { withTimezone: true }),
  },
  (t) => [
    index('sms_number_assignments_number_idx').on(t.smsNumber, t.shopId),
    uniqueIndex('sms_number_assignments_open_uq')
      .on(t.smsNumber)
      .where(sql`released_at IS NULL`),
  ],
);
