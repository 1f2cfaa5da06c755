import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { shops } from './shops.js';

/**
 * The pending one-time code of a shop's test number (at most one per shop): only its hash is kept. The number
 * becomes the shop's trusted test number (shops.settings.testPhone) once the code is entered in time.
 */
export const testPhoneVerifications = pgTable('test_phone_verifications', {
  shopId: uuid('shop_id')
    .primaryKey()
    .references(() => shops.id, { onDelete: 'cascade' }),
  phone: text('phone').notNull(),
  codeHash: text('code_hash').notNull(),
  /** Wrong codes entered so far; the code is discarded at the limit. */
  attempts: integer('attempts').notNull().default(0),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
