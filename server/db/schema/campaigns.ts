import { sql } from 'drizzle-orm';
import {
  check,
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

/**
 * A promotional send (issue #12). The jsonb columns hold the shapes of server/contracts/campaigns.ts
 * (CampaignAudience, CampaignMessage, CampaignSchedule, CampaignOptions, CampaignAb), validated on write.
 * status: draft -> scheduled -> sending -> completed, with paused and cancelled (server/campaigns/lifecycle.ts).
 */
export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`uuid_v7()`),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** utm_campaign value, derived from the name when created. */
    slug: text('slug').notNull(),
    status: text('status').notNull().default('draft'),
    /** Why the campaign is in its status, e.g. "empty_audience" for a completed campaign that sent nothing. */
    statusReason: text('status_reason'),
    audience: jsonb('audience').notNull(),
    message: jsonb('message').notNull(),
    schedule: jsonb('schedule').notNull(),
    options: jsonb('options').notNull(),
    /** Null: no A/B test. */
    ab: jsonb('ab'),
    /** Variant key chosen after the wait (A/B campaigns). */
    abWinner: text('ab_winner'),
    abDecidedAt: timestamp('ab_decided_at', { withTimezone: true }),
    /** The per-variant metrics and the test that decided the winner (CampaignAbResult). */
    abResult: jsonb('ab_result'),
    /** The shared code used in every message (the merchant's own, or created with the campaign). */
    sharedDiscountCode: text('shared_discount_code'),
    /** Shopify gid of the discount created for unique codes. */
    discountId: text('discount_id'),
    /** When the start job moves scheduled -> sending (null while a draft). */
    startAt: timestamp('start_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** Fan-out state (server/campaigns/fan-out.ts): pending | test | waiting | rest | done. */
    fanoutPhase: text('fanout_phase').notNull().default('pending'),
    /** Last subscriber id of the last committed page (keyset); a restarted fan-out continues after it. */
    fanoutCursor: uuid('fanout_cursor'),
    fanoutPages: integer('fanout_pages').notNull().default(0),
    fanoutHeartbeatAt: timestamp('fanout_heartbeat_at', { withTimezone: true }),
    /** Reachable recipients when the fan-out ran (null before). */
    audienceCount: integer('audience_count'),
    suppressedCount: integer('suppressed_count').notNull().default(0),
    queuedCount: integer('queued_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('campaigns_shop_idx').on(t.shopId, t.createdAt),
    check(
      'campaigns_status_check',
      sql`${t.status} IN ('draft', 'scheduled', 'sending', 'paused', 'completed', 'cancelled')`,
    ),
  ],
);

/** Every change to a campaign: who, when, what. */
export const campaignAudit = pgTable(
  'campaign_audit',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`uuid_v7()`),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    /** The admin user (session) or "system" for jobs. */
    actor: text('actor').notNull(),
    /** created | updated | scheduled | started | paused | resumed | cancelled | completed | duplicated | test_sent | winner_chosen */
    action: text('action').notNull(),
    /** Changed fields ({ field: { from, to } }) or details of the action. */
    changes: jsonb('changes')
      .notNull()
      .default(sql`'{}'::jsonb`),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('campaign_audit_campaign_idx').on(t.shopId, t.campaignId, t.at)],
);

/**
 * A recipient's A/B assignment (variant key, or "holdout"), group (test | rest | holdout), the message created
 * for them and, when none was, why (suppressed reason).
 */
export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    subscriberId: uuid('subscriber_id').notNull(),
    variant: text('variant').notNull(),
    group: text('group').notNull(),
    messageId: uuid('message_id'),
    suppressedReason: text('suppressed_reason'),
    /** The recipient's unique discount code, when the campaign has one per recipient. */
    discountCode: text('discount_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.subscriberId] }),
    index('campaign_recipients_shop_campaign_idx').on(t.shopId, t.campaignId, t.group, t.variant),
    // Attribution by a recipient's unique code (migration 0022).
    index('campaign_recipients_discount_code_idx')
      .on(t.shopId, t.discountCode)
      .where(sql`discount_code IS NOT NULL`),
    check('campaign_recipients_group_check', sql`${t.group} IN ('test', 'rest', 'holdout')`),
  ],
);
