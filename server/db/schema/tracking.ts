import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { shops } from './shops.js';

/** Status history of each message (queued, sending, sent, delivered...): one row per transition. */
export const messageEvents = pgTable(
  'message_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id').notNull(),
    status: text('status').notNull(),
    detail: jsonb('detail')
      .notNull()
      .default(sql`'{}'::jsonb`),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('message_events_message_idx').on(t.shopId, t.messageId, t.occurredAt)],
);

/** Tracked short links: https://<app>/r/<code>. */
export const shortLinks = pgTable(
  'short_links',
  {
    code: text('code').primaryKey(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id'),
    subscriberId: uuid('subscriber_id'),
    url: text('url').notNull(),
    utm: jsonb('utm')
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('short_links_message_idx').on(t.shopId, t.messageId)],
);

export const linkClicks = pgTable(
  'link_clicks',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    messageId: uuid('message_id'),
    subscriberId: uuid('subscriber_id'),
    userAgent: text('user_agent'),
    isBot: boolean('is_bot').notNull().default(false),
    clickedAt: timestamp('clicked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('link_clicks_shop_idx').on(t.shopId, t.clickedAt),
    index('link_clicks_message_idx').on(t.shopId, t.messageId),
  ],
);

/** Provider-level replay protection for signed callbacks (MessageBird-Signature-JWT jti). Not per shop. */
export const signatureNonces = pgTable('signature_nonces', {
  jti: text('jti').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
