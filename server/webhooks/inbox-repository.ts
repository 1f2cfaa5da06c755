// The webhook inbox (webhook_events): the receiver's one INSERT, and the processor's claim / lock /
// complete / retry / park / reclaim statements. Rows are keyed by shop domain (the shop row may not
// exist), so these functions are not shop-scoped: they serve every shop's deliveries.
// A claim is identified by (id, status 'processing', attempts): attempts grows with every claim, so a
// processor whose claim was reclaimed and re-claimed by another can never complete the row.
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { DbOrTx } from '../db/transaction.js';

export const WEBHOOK_EVENTS_CHANNEL = 'webhook_events';

/** A timestamptz from db.execute: Drizzle's driver hands them over as text (pg format), pg.Pool as Date. */
export type DbTimestamp = Date | string;

/** Parses a timestamptz the way Drizzle does for timestamp columns (V8 reads pg's text format). */
export function toDate(value: DbTimestamp): Date;
export function toDate(value: DbTimestamp | null): Date | null;
export function toDate(value: DbTimestamp | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}

export interface NewWebhookEvent {
  shopDomain: string;
  topic: string;
  webhookId: string;
  eventId: string | null;
  triggeredAt: Date | null;
  apiVersion: string | null;
  /** The raw JSON body; stored as jsonb, whose numerics keep every digit of 64-bit ids. */
  payloadJson: string;
}

// Insert unless already stored (per webhook id). One statement text per row count: one row for a lone
// delivery, several for the receiver's group insert (inbox-writer.ts); the casts let a multi-row VALUES
// list type its parameters. Prepared once per connection (named statement) on a server; not on the embedded database, whose socket connections all share one backend session (a
// second connection preparing the same name fails with "prepared statement already exists").
// No NOTIFY here: a transaction that notifies holds a database-wide lock through its commit (WAL flush
// included), which serialises every ingest commit (measured: 148 vs 627 inserts/s at 10 connections).
// The receiver wakes processors with a coalesced NOTIFY instead (inbox-notifier.ts).
const COLUMNS_PER_ROW = 7;
const insertTexts = new Map<number, string>();

function insertText(rows: number): string {
  let text = insertTexts.get(rows);
  if (text === undefined) {
    const values = Array.from({ length: rows }, (_, i) => {
      const p = (k: number) => `$${i * COLUMNS_PER_ROW + k}`;
      return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}::timestamptz, ${p(6)}, ${p(7)}::jsonb)`;
    });
    text = `INSERT INTO webhook_events (shop_domain, topic, webhook_id, event_id, triggered_at, api_version, payload)
VALUES ${values.join(', ')}
ON CONFLICT (webhook_id) DO NOTHING
RETURNING id::text AS id, webhook_id`;
    insertTexts.set(rows, text);
  }
  return text;
}

const rowValues = (e: NewWebhookEvent): unknown[] => [
  e.shopDomain,
  e.topic,
  e.webhookId,
  e.eventId,
  e.triggeredAt,
  e.apiVersion,
  e.payloadJson,
];

/**
 * Stores deliveries with distinct webhook ids in one statement, each unless already stored. Returns the
 * new row id per stored webhook id; a webhook id missing from the map was a duplicate.
 */
export async function insertWebhookEvents(
  pool: pg.Pool,
  events: readonly NewWebhookEvent[],
  opts: { prepared: boolean },
): Promise<Map<string, string>> {
  const res = await pool.query<{ id: string; webhook_id: string }>({
    text: insertText(events.length),
    ...(opts.prepared ? { name: `webhook_events_insert_${events.length}` } : {}),
    values: events.flatMap(rowValues),
  });
  return new Map(res.rows.map((r) => [r.webhook_id, r.id]));
}

/** Stores a delivery once per webhook id. `stored: false` means it was a duplicate (already stored). */
export async function insertWebhookEvent(
  pool: pg.Pool,
  event: NewWebhookEvent,
  opts: { prepared: boolean },
): Promise<{ stored: boolean; id: string | null }> {
  const id = (await insertWebhookEvents(pool, [event], opts)).get(event.webhookId) ?? null;
  return { stored: id !== null, id };
}

export interface ClaimedEvent {
  id: string;
  shopDomain: string;
  topic: string;
  webhookId: string;
  triggeredAt: Date | null;
  /** This claim's attempt number (1 for the first). */
  attempts: number;
  /** jsonb rendered as text: decode with decodeWebhookJson to keep 64-bit ids exact. */
  payloadText: string;
}

interface ClaimedRow extends Record<string, unknown> {
  id: string;
  shop_domain: string;
  topic: string;
  webhook_id: string;
  triggered_at: DbTimestamp | null;
  attempts: number;
  payload_text: string;
}

const compareIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/**
 * Claims up to `limit` due pending events (oldest first) for this processor: status 'processing',
 * attempts + 1, claimed_at now. SKIP LOCKED lets several processors claim disjoint batches at once.
 */
export async function claimPendingEvents(db: DbOrTx, limit: number): Promise<ClaimedEvent[]> {
  const res = await db.execute<ClaimedRow>(sql`
    WITH picked AS (
      SELECT id FROM webhook_events
      WHERE status = 'pending' AND next_attempt_at <= now()
      ORDER BY id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE webhook_events w
    SET status = 'processing', attempts = w.attempts + 1, claimed_at = now()
    FROM picked
    WHERE w.id = picked.id
    RETURNING w.id::text AS id, w.shop_domain, w.topic, w.webhook_id, w.triggered_at, w.attempts, w.payload::text AS payload_text`);
  return res.rows
    .map((r) => ({
      id: r.id,
      shopDomain: r.shop_domain,
      topic: r.topic,
      webhookId: r.webhook_id,
      triggeredAt: toDate(r.triggered_at),
      attempts: r.attempts,
      payloadText: r.payload_text,
    }))
    .sort((a, b) => compareIds(a.id, b.id));
}

export interface LockedEvent {
  /** The shop the event's domain belongs to, or null when no such shop is installed. */
  shopId: string | null;
}

/**
 * Locks the claimed event for the handler's transaction, if this claim still holds it (null: the claim
 * expired and another worker owns the event), and looks up its shop in the same round trip.
 */
export async function lockClaimedEvent(
  tx: DbOrTx,
  event: Pick<ClaimedEvent, 'id' | 'attempts'>,
): Promise<LockedEvent | null> {
  const res = await tx.execute<{ shop_id: string | null }>(sql`
    SELECT (SELECT s.id::text FROM shops s WHERE s.domain = w.shop_domain LIMIT 1) AS shop_id
      FROM webhook_events w
     WHERE w.id = ${event.id} AND w.status = 'processing' AND w.attempts = ${event.attempts}
       FOR UPDATE OF w`);
  const row = res.rows[0];
  return row ? { shopId: row.shop_id } : null;
}

export async function markEventDone(
  tx: DbOrTx,
  event: Pick<ClaimedEvent, 'id' | 'attempts'>,
): Promise<boolean> {
  const res = await tx.execute(sql`
    UPDATE webhook_events SET status = 'done', processed_at = now(), error = NULL, claimed_at = NULL
    WHERE id = ${event.id} AND status = 'processing' AND attempts = ${event.attempts}`);
  return (res.rowCount ?? 0) === 1;
}

/** `{id,...}` and `{attempts,...}` array literals for a batch of claims (ids are digit strings). */
function claimArrays(events: ReadonlyArray<Pick<ClaimedEvent, 'id' | 'attempts'>>): {
  ids: string;
  attempts: string;
} {
  for (const e of events) {
    if (!/^\d+$/.test(e.id) || !Number.isInteger(e.attempts))
      throw new TypeError(`not a claim: ${JSON.stringify(e)}`);
  }
  return {
    ids: `{${events.map((e) => e.id).join(',')}}`,
    attempts: `{${events.map((e) => e.attempts).join(',')}}`,
  };
}

/**
 * lockClaimedEvent for a batch, in one statement (rows locked in id order): the shop of every event
 * this processor's claim still holds, by event id. An event missing from the map was reclaimed.
 */
export async function lockClaimedEvents(
  tx: DbOrTx,
  events: ReadonlyArray<Pick<ClaimedEvent, 'id' | 'attempts'>>,
): Promise<Map<string, LockedEvent>> {
  if (events.length === 0) return new Map();
  const { ids, attempts } = claimArrays(events);
  const res = await tx.execute<{ id: string; shop_id: string | null }>(sql`
    SELECT w.id::text AS id, (SELECT s.id::text FROM shops s WHERE s.domain = w.shop_domain LIMIT 1) AS shop_id
      FROM webhook_events w
      JOIN unnest(${ids}::bigint[], ${attempts}::int[]) AS c(id, attempts) ON c.id = w.id AND c.attempts = w.attempts
     WHERE w.status = 'processing'
     ORDER BY w.id
       FOR UPDATE OF w`);
  return new Map(res.rows.map((r) => [r.id, { shopId: r.shop_id }]));
}

/** markEventDone for a batch, in one statement. Returns the number of rows marked. */
export async function markEventsDone(
  tx: DbOrTx,
  events: ReadonlyArray<Pick<ClaimedEvent, 'id' | 'attempts'>>,
): Promise<number> {
  if (events.length === 0) return 0;
  const { ids, attempts } = claimArrays(events);
  const res = await tx.execute(sql`
    UPDATE webhook_events w SET status = 'done', processed_at = now(), error = NULL, claimed_at = NULL
      FROM unnest(${ids}::bigint[], ${attempts}::int[]) AS c(id, attempts)
     WHERE w.id = c.id AND w.attempts = c.attempts AND w.status = 'processing'`);
  return res.rowCount ?? 0;
}

/** Parks an event that can never succeed as is (invalid payload, unknown topic, no handler): no retry. */
export async function parkEvent(
  db: DbOrTx,
  event: Pick<ClaimedEvent, 'id' | 'attempts'>,
  error: string,
): Promise<boolean> {
  const res = await db.execute(sql`
    UPDATE webhook_events SET status = 'failed', error = ${error}, claimed_at = NULL
    WHERE id = ${event.id} AND status = 'processing' AND attempts = ${event.attempts}`);
  return (res.rowCount ?? 0) === 1;
}

/**
 * After a failed attempt: back to pending, due in `delayMs`, or 'failed' when this was attempt
 * `maxAttempts`. Returns the new status (null when the claim was lost meanwhile).
 */
export async function scheduleRetry(
  db: DbOrTx,
  event: Pick<ClaimedEvent, 'id' | 'attempts'>,
  opts: { error: string; delayMs: number; maxAttempts: number },
): Promise<'pending' | 'failed' | null> {
  const res = await db.execute<{ status: 'pending' | 'failed' }>(sql`
    UPDATE webhook_events
    SET status = CASE WHEN attempts >= ${opts.maxAttempts} THEN 'failed' ELSE 'pending' END,
        next_attempt_at = now() + make_interval(secs => ${opts.delayMs / 1000}),
        error = ${opts.error},
        claimed_at = NULL
    WHERE id = ${event.id} AND status = 'processing' AND attempts = ${event.attempts}
    RETURNING status`);
  return res.rows[0]?.status ?? null;
}

/**
 * Claims older than `leaseMs` belong to a processor that died (or hung): back to pending, or failed
 * when they used their last attempt. Rows locked by a live processor's transaction are skipped.
 */
export async function reclaimExpiredClaims(
  db: DbOrTx,
  opts: { leaseMs: number; maxAttempts: number },
): Promise<number> {
  const res = await db.execute(sql`
    WITH stale AS (
      SELECT id FROM webhook_events
      WHERE status = 'processing' AND claimed_at < now() - make_interval(secs => ${opts.leaseMs / 1000})
      FOR UPDATE SKIP LOCKED
    )
    UPDATE webhook_events w
    SET status = CASE WHEN w.attempts >= ${opts.maxAttempts} THEN 'failed' ELSE 'pending' END,
        next_attempt_at = now(),
        claimed_at = NULL,
        error = 'Processing lease expired (the worker stopped or hung) on attempt ' || w.attempts
    FROM stale
    WHERE w.id = stale.id`);
  return res.rowCount ?? 0;
}

/** Wakes processors listening on the inbox channel (after a replay, for instance). */
export async function notifyInbox(db: DbOrTx): Promise<void> {
  await db.execute(sql`SELECT pg_notify(${WEBHOOK_EVENTS_CHANNEL}, '')`);
}
