// Usage charges per batch of delivered messages. For one shop: first every pending record is sent again with
// its own idempotency key (a retry never charges twice: Shopify returns the record that key created), then
// the delivered messages no record covers yet are gathered into one new record, in one transaction under a
// per-shop advisory lock (each message linked to it, so it is billed once), and charged with
// appUsageRecordCreate. The period's first `includedSegments` are not charged. A failed call leaves the record
// pending for the next run; sending never waits for any of this.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { AppContext } from '../app-context.js';
import { inTransaction } from '../db/transaction.js';
import { logger } from '../logger.js';
import { formatMicrosAsUsd } from '../messaging/pricing.js';
import { getBillingRow, isActive, periodOf, type BillingRow } from './billing-repository.js';
import { syncSubscription } from './billing-service.js';
import { PLANS, withMargin } from './plans.js';

const log = logger.child({ component: 'billing-usage' });
const CENT = 10_000;

export interface PendingRecord {
  id: string;
  idempotencyKey: string;
  amountMicros: number;
  currency: string;
  segments: number;
  chargedSegments: number;
}

export interface UsageRunResult {
  created: number;
  billed: number;
  rejected: number;
  failed: number;
}

/** Gathers the shop's delivered, unrecorded messages into one pending usage record (null: nothing to record). */
export async function createUsageRecord(
  pool: pg.Pool,
  shopId: string,
  row: BillingRow,
  now: Date,
): Promise<PendingRecord | null> {
  const period = periodOf(row, now);
  return inTransaction(pool, async (c) => {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('billing-usage:' || $1::text))`, [shopId]);
    const { rows: msgs } = await c.query<{
      id: string;
      segments: number;
      cost_micros: number;
      country: string;
    }>(
      `SELECT m.id, m.segments, m.cost_micros, COALESCE(m.country_code, 'ZZ') AS country FROM messages m
        WHERE m.shop_id = $1 AND m.direction = 'outbound' AND m.status = 'delivered' AND m.created_at >= $2
          AND NOT EXISTS (SELECT 1 FROM usage_record_messages u WHERE u.message_id = m.id)
        ORDER BY m.id LIMIT 10000`,
      [shopId, row.activatedAt ?? row.createdAt],
    );
    if (msgs.length === 0) return null;
    const { rows: used } = await c.query<{ segments: string }>(
      `SELECT COALESCE(sum(segments), 0)::text AS segments FROM usage_records
        WHERE shop_id = $1 AND created_at >= $2 AND created_at < $3 AND status <> 'rejected'`,
      [shopId, period.start, period.end],
    );
    const segments = msgs.reduce((n, m) => n + m.segments, 0);
    const priced = withMargin(
      msgs.reduce((n, m) => n + m.cost_micros, 0),
      row.marginPercent,
    );
    const includedLeft = Math.max(0, PLANS[row.plan].includedSegments - Number(used[0]!.segments));
    const chargedSegments = Math.max(0, segments - includedLeft);
    // Charged in whole cents (Shopify's usage charges are money amounts), the included segments' share left out.
    const amountMicros = segments === 0 ? 0 : Math.round((priced * chargedSegments) / segments / CENT) * CENT;
    const byCountry: Record<string, { segments: number; micros: number }> = {};
    for (const m of msgs) {
      const e = (byCountry[m.country] ??= { segments: 0, micros: 0 });
      e.segments += m.segments;
      e.micros += withMargin(m.cost_micros, row.marginPercent);
    }
    const id = randomUUID();
    const idempotencyKey = `textlane-usage-${id}`;
    await c.query(
      `INSERT INTO usage_records (id, shop_id, idempotency_key, subscription_gid, segments, charged_segments, amount_micros,
                                  currency, by_country, status, created_at, billed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12)`,
      [
        id,
        shopId,
        idempotencyKey,
        row.subscriptionGid,
        segments,
        chargedSegments,
        amountMicros,
        row.currency,
        JSON.stringify(byCountry),
        amountMicros === 0 ? 'billed' : 'pending',
        now,
        amountMicros === 0 ? now : null,
      ],
    );
    await c.query(
      `INSERT INTO usage_record_messages (message_id, shop_id, usage_record_id) SELECT unnest($1::uuid[]), $2, $3`,
      [msgs.map((m) => m.id), shopId, id],
    );
    return amountMicros === 0
      ? null
      : { id, idempotencyKey, amountMicros, currency: row.currency, segments, chargedSegments };
  });
}

async function pendingRecords(pool: pg.Pool, shopId: string): Promise<PendingRecord[]> {
  const { rows } = await pool.query<PendingRecord>(
    `SELECT id, idempotency_key AS "idempotencyKey", amount_micros::float8 AS "amountMicros", currency, segments,
            charged_segments AS "chargedSegments"
       FROM usage_records WHERE shop_id = $1 AND status = 'pending' ORDER BY created_at`,
    [shopId],
  );
  return rows;
}

/** Sends one record to the provider and stores the outcome: billed, rejected (over the cap), or still pending. */
async function charge(
  app: AppContext,
  shopId: string,
  row: BillingRow,
  record: PendingRecord,
  result: UsageRunResult,
): Promise<void> {
  const pool = app.database.pool;
  try {
    const outcome = await app.billing.recordUsage(shopId, {
      lineItemGid: row.usageLineItemGid!,
      amountMicros: record.amountMicros,
      currency: record.currency,
      description: `${record.chargedSegments} SMS segments (${record.segments} delivered)`,
      idempotencyKey: record.idempotencyKey,
    });
    if (outcome.ok) {
      await pool.query(
        `UPDATE usage_records SET status = 'billed', shopify_usage_record_gid = $3, billed_at = $4, attempts = attempts + 1, last_error = NULL
          WHERE shop_id = $1 AND id = $2`,
        [shopId, record.id, outcome.gid, app.clock.now()],
      );
      result.billed++;
      return;
    }
    await pool.query(
      `UPDATE usage_records SET status = 'rejected', attempts = attempts + 1, last_error = $3 WHERE shop_id = $1 AND id = $2`,
      [shopId, record.id, `${outcome.reason}: ${outcome.message}`],
    );
    result.rejected++;
    log.warn(
      { shopId, record: record.id, amount: formatMicrosAsUsd(record.amountMicros), reason: outcome.reason },
      'usage charge refused by Shopify',
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await pool.query(
      `UPDATE usage_records SET attempts = attempts + 1, last_error = $3 WHERE shop_id = $1 AND id = $2`,
      [shopId, record.id, message],
    );
    result.failed++;
    log.error(
      { err, shopId, record: record.id },
      'usage charge failed; retried on the next run with the same idempotency key',
    );
  }
}

/** One run for one shop: retries, then a new record for what was delivered since. */
export async function recordShopUsage(app: AppContext, shopId: string): Promise<UsageRunResult> {
  const result: UsageRunResult = { created: 0, billed: 0, rejected: 0, failed: 0 };
  const pool = app.database.pool;
  let row = await getBillingRow(pool, shopId);
  if (row && isActive(row) && !row.usageLineItemGid) row = await syncSubscription(app, shopId);
  if (!row || !isActive(row) || !row.usageLineItemGid || !row.subscriptionGid) return result;
  for (const record of await pendingRecords(pool, shopId)) await charge(app, shopId, row, record, result);
  if (result.failed > 0) return result;
  const created = await createUsageRecord(pool, shopId, row, app.clock.now());
  if (created) {
    result.created++;
    await charge(app, shopId, row, created, result);
  }
  return result;
}
