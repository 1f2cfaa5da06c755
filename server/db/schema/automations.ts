import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { shops } from './shops.js';

/**
 * A shop's settings for one automation flow. A flow without a row runs with its defaults
 * (server/automations/flow-definitions.ts); a row is written the first time the merchant changes it.
 */
export const automationFlows = pgTable(
  'automation_flows',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    /** order_confirmation | shipping_confirmation | ... (contracts/automations.ts automationFlowKeys) */
    flow: text('flow').notNull(),
    enabled: boolean('enabled').notNull().default(false),
    /** { en?: string, fr?: string }: a missing locale uses the default template. */
    templates: jsonb('templates')
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** Null: the flow's default delay (or no delay for immediate flows). */
    delayMinutes: integer('delay_minutes'),
    /** { discount?: { enabled, percentage }, winBackDays? } */
    options: jsonb('options')
      .notNull()
      .default(sql`'{}'::jsonb`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.flow] })],
);

/** Shop-wide automation settings (one row per shop, written on first change). */
export const automationSettings = pgTable('automation_settings', {
  shopId: uuid('shop_id')
    .primaryKey()
    .references(() => shops.id, { onDelete: 'cascade' }),
  /** Order updates to checkout phone numbers without SMS marketing consent. Off by default. */
  orderUpdatesForCheckoutPhones: boolean('order_updates_for_checkout_phones').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
