import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { shops } from './shops.js';
import { subscribers } from './subscribers.js';

/**
 * The outbox and the truth about every SMS: one logical message is one row forever.
 * status: queued -> sending -> sent -> delivered | failed | expired | undeliverable, or suppressed / cancelled / unknown.
 */
export const messages = pgTable(
  'messages',
  {
    // Time-ordered (UUIDv7, migration 0009): new rows append to the primary key index instead of landing on
    // random pages, which matters once the outbox outgrows the database's buffer cache.
    id: uuid('id')
      .primaryKey()
      .default(sql`uuid_v7()`),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    subscriberId: uuid('subscriber_id').references(() => subscribers.id, { onDelete: 'set null' }),
    phone: text('phone').notNull(),
    /** outbound | inbound */
    direction: text('direction').notNull().default('outbound'),
    /** transactional | marketing */
    kind: text('kind').notNull(),
    /** automation | campaign | keyword_reply | test | inbound */
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id'),
    /** The campaign that created it (migration 0019; no foreign key, see the migration). */
    campaignId: uuid('campaign_id'),
    body: text('body').notNull(),
    encoding: text('encoding').notNull(),
    segments: integer('segments').notNull(),
    costMicros: integer('cost_micros').notNull().default(0),
    idempotencyKey: text('idempotency_key').notNull(),
    status: text('status').notNull().default('queued'),
    suppressedReason: text('suppressed_reason'),
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    errorCode: text('error_code'),
    errorReason: text('error_reason'),
    attempts: integer('attempts').notNull().default(0),
    isTest: boolean('is_test').notNull().default(false),
    /** Subject of the message for Florida's same-topic cap (e.g. a campaign or automation topic). */
    topic: text('topic'),
    /** Destination country (ISO 3166-1 alpha-2) the cost estimate was priced for. */
    countryCode: text('country_code'),
    /** Claim token of the dispatcher batch holding this row while status = 'sending'. */
    claimedBy: text('claimed_by'),
    /** A row still 'sending' after this instant belongs to a dead worker and is reconciled. */
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull().defaultNow(),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
    sendingAt: timestamp('sending_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('messages_shop_idempotency_uq').on(t.shopId, t.idempotencyKey),
    index('messages_dispatch_idx')
      .on(t.notBefore)
      .where(sql`status = 'queued'`),
    // Transactional first (migration 0020): the claim reads queued transactional rows here before marketing ones.
    index('messages_dispatch_transactional_idx')
      .on(t.notBefore)
      .where(sql`status = 'queued' AND kind = 'transactional'`),
    index('messages_shop_created_idx').on(t.shopId, t.createdAt),
    index('messages_shop_phone_idx').on(t.shopId, t.phone, t.createdAt),
    // Partial: a queued or sending message has no provider id yet, so inserts and claims skip this index.
    index('messages_provider_id_idx')
      .on(t.providerMessageId)
      .where(sql`provider_message_id IS NOT NULL`),
    index('messages_lease_idx')
      .on(t.leaseExpiresAt)
      .where(sql`status = 'sending'`),
    // Test sends per shop and hour (the test-send rate limit counts them).
    index('messages_shop_test_created_idx')
      .on(t.shopId, t.createdAt)
      .where(sql`is_test`),
    // Numbers the network said can never receive SMS (segments' reachable counts exclude them; migration 0017).
    index('messages_undeliverable_idx')
      .on(t.shopId, t.phone)
      .where(sql`status = 'undeliverable'`),
    // Campaign progress (GROUP BY status) and cancelling a campaign's queued messages.
    index('messages_campaign_status_idx')
      .on(t.campaignId, t.status)
      .where(sql`campaign_id IS NOT NULL`),
  ],
);
