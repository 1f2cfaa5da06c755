// Environment keys of the background work and the limits: agenda, backfill, shutdown, the demo seed, shop
// numbers, the webhook inbox, abuse limits, segment queries and billing.
// Part of the one zod schema that server/config.ts composes and that alone reads process.env.
import { z } from 'zod';
import { emptyToUndefined, int } from './env-fields.js';

export const operationsEnvShape = {
  /** Agenda: how often workers poll for due jobs, in ms (LISTEN/NOTIFY wakes them sooner on a real server). */
  AGENDA_PROCESS_EVERY_MS: int(5000, 100, 600000),
  /** Agenda: max jobs locked by this process at once, across all job types. */
  AGENDA_LOCK_LIMIT: int(50, 1, 10000),
  /** Agenda: a lock older than this is considered abandoned (dead worker) and the job runs again. */
  AGENDA_LOCK_LIFETIME_MS: int(10 * 60 * 1000, 1000, 24 * 3600 * 1000),
  /** Agenda: max jobs running at once in this process. */
  AGENDA_MAX_CONCURRENCY: int(20, 1, 1000),
  /** Backfill: how often a running GraphQL bulk operation is polled when its bulk_operations/finish webhook has not arrived, in ms. */
  SYNC_POLL_INTERVAL_MS: int(10000, 50, 600000),
  /** Max time a graceful shutdown waits for in-flight requests and jobs, in ms. */
  SHUTDOWN_TIMEOUT_MS: int(15000, 100, 300000),
  /** Seed the demo shop in local mode (default true). */
  LOCAL_SEED: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
  /**
   * Operator-assigned SMS numbers applied at boot: comma-separated shop-domain=+E164 pairs (the number that
   * receives the shop's inbound texts; also `npm run shop:number`). Local mode default: the demo shop gets +15005550006.
   */
  SHOP_SMS_NUMBERS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine(
        (v) => v.split(',').every((p) => /^\s*[a-z0-9][a-z0-9.-]*\s*=\s*\+[1-9]\d{6,14}\s*$/i.test(p)),
        'must be comma-separated shop-domain=+E164 pairs such as shop.myshopify.com=+14155550123',
      )
      .refine((v) => {
        const pairs = v.split(',').map((p) => p.split('=').map((x) => x.trim().toLowerCase()));
        return (
          new Set(pairs.map((p) => p[0])).size === pairs.length &&
          new Set(pairs.map((p) => p[1])).size === pairs.length
        );
      }, 'must name each shop and each number once')
      .optional(),
  ),
  /** Webhook inbox: attempts per event before a throwing handler parks it as failed (replayable from the admin API). */
  WEBHOOK_MAX_ATTEMPTS: int(8, 1, 100),
  /** Webhook inbox: events processed at once per worker process, each in its own transaction (lanes claim with SKIP LOCKED). */
  WEBHOOK_INBOX_LANES: int(8, 1, 64),
  /** Webhook inbox: events one lane claims at a time. Small batches keep the lanes evenly loaded. */
  WEBHOOK_INBOX_BATCH_SIZE: int(10, 1, 500),
  /** Webhook inbox: a claim older than this, in ms, is a dead worker's; its events return to pending. */
  WEBHOOK_INBOX_LEASE_MS: int(5 * 60_000, 1000, 3600000),
  /** Test sends (message API, flow tests, test-number codes) one shop may make per rolling hour; more answer 429 with Retry-After. */
  TEST_SEND_RATE_PER_HOUR: int(10, 1, 100000),
  /** Messages a shop installed less than NEW_SHOP_DAYS ago may create per rolling 24 hours; more are suppressed (daily_ceiling). 0 = no ceiling. */
  NEW_SHOP_DAILY_CEILING: int(1000, 0, 100000000),
  /** How many days after install a shop counts as new (NEW_SHOP_DAILY_CEILING applies). 0 = never. */
  NEW_SHOP_DAYS: int(7, 0, 3650),
  /** Segments: statement timeout of every count or preview query, ms; a longer one is stopped and answered 503. */
  SEGMENT_QUERY_TIMEOUT_MS: int(5000, 100, 600000),
  /** Billing: the operator's margin on the per-segment price table (server/messaging/pricing.ts), in percent (25 = price × 1.25). */
  BILLING_MARGIN_PERCENT: int(25, 0, 1000),
  /** Billing: simulated (no Shopify calls; local mode's default) or shopify (the Billing API; production mode's default). */
  BILLING_PROVIDER: z.enum(['simulated', 'shopify']).optional(),
  /** Billing: how often delivered messages are recorded as Shopify usage charges, ms. */
  BILLING_USAGE_INTERVAL_MS: int(60000, 1000, 86400000),
  /**
   * Billing: SMS segments per 30 days a shop that never chose a plan may send (the Free plan's 100 included
   * segments); its marketing beyond them is suppressed (billing_cap). "off": shops without a plan are not limited.
   */
  BILLING_NO_PLAN_SEGMENTS: z.preprocess(
    emptyToUndefined,
    z.union([z.literal('off'), z.coerce.number().int().min(0).max(100_000_000)]).default(100),
  ),
};
