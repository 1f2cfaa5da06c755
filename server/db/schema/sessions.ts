import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { shops } from './shops.js';

/** Shopify sessions (offline and online). Tokens are AES-256-GCM encrypted at rest. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    shopDomain: text('shop_domain').notNull(),
    state: text('state').notNull().default(''),
    isOnline: boolean('is_online').notNull().default(false),
    scope: text('scope'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    accessTokenEnc: text('access_token_enc'),
    refreshTokenEnc: text('refresh_token_enc'),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    onlineAccessInfo: jsonb('online_access_info'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_shop_idx').on(t.shopId)],
);
