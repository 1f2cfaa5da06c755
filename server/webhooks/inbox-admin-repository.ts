// The admin view of the webhook inbox: list, read and replay a shop's received webhooks. Inbox rows
// carry the shop's domain, so every query is scoped by the domain of the shop with id `shopId`.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/transaction.js';
import type {
  WebhookEventDetail,
  WebhookEventList,
  WebhookEventListQuery,
  WebhookEventStatus,
  WebhookEventSummary,
} from '../contracts/index.js';
import { notifyInbox, toDate, type DbTimestamp } from './inbox-repository.js';
import { decodeWebhookJson } from './schemas/index.js';

interface EventRow extends Record<string, unknown> {
  id: string;
  shop_domain: string;
  topic: string;
  webhook_id: string;
  event_id: string | null;
  api_version: string | null;
  status: WebhookEventStatus;
  attempts: number;
  error: string | null;
  triggered_at: DbTimestamp | null;
  received_at: DbTimestamp;
  next_attempt_at: DbTimestamp;
  processed_at: DbTimestamp | null;
}

interface DetailRow extends EventRow {
  payload_text: string;
}

const SUMMARY_COLUMNS = sql.raw(
  `w.id::text AS id, w.shop_domain, w.topic, w.webhook_id, w.event_id, w.api_version, w.status, w.attempts, w.error,
   w.triggered_at, w.received_at, w.next_attempt_at, w.processed_at`,
);

const shopDomainOf = (shopId: string): SQL => sql`(SELECT s.domain FROM shops s WHERE s.id = ${shopId})`;

function toSummary(r: EventRow): WebhookEventSummary {
  return {
    id: r.id,
    shopDomain: r.shop_domain,
    topic: r.topic,
    webhookId: r.webhook_id,
    eventId: r.event_id,
    apiVersion: r.api_version,
    status: r.status,
    attempts: r.attempts,
    error: r.error,
    triggeredAt: toDate(r.triggered_at)?.toISOString() ?? null,
    receivedAt: toDate(r.received_at).toISOString(),
    nextAttemptAt: toDate(r.next_attempt_at).toISOString(),
    processedAt: toDate(r.processed_at)?.toISOString() ?? null,
  };
}

/** The shop's webhooks, newest first, `limit` per page. */
export async function listWebhookEvents(
  db: DbOrTx,
  shopId: string,
  query: WebhookEventListQuery,
): Promise<WebhookEventList> {
  const conditions: SQL[] = [sql`w.shop_domain = ${shopDomainOf(shopId)}`];
  if (query.status) conditions.push(sql`w.status = ${query.status}`);
  if (query.topic) conditions.push(sql`w.topic = ${query.topic}`);
  if (query.cursor) conditions.push(sql`w.id < ${query.cursor}::bigint`);
  const res = await db.execute<EventRow>(sql`
    SELECT ${SUMMARY_COLUMNS} FROM webhook_events w
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY w.id DESC
    LIMIT ${query.limit + 1}`);
  const page = res.rows.slice(0, query.limit);
  return {
    events: page.map(toSummary),
    nextCursor: res.rows.length > query.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** One of the shop's webhooks with its payload (decoded without losing 64-bit ids), or null. */
export async function getWebhookEvent(
  db: DbOrTx,
  shopId: string,
  id: string,
): Promise<WebhookEventDetail | null> {
  const res = await db.execute<DetailRow>(sql`
    SELECT ${SUMMARY_COLUMNS}, w.payload::text AS payload_text FROM webhook_events w
    WHERE w.id = ${id}::bigint AND w.shop_domain = ${shopDomainOf(shopId)}`);
  const row = res.rows[0];
  if (!row) return null;
  const decoded = decodeWebhookJson(row.payload_text);
  return { ...toSummary(row), payload: decoded.ok ? decoded.value : row.payload_text };
}

export type ReplayResult =
  | { outcome: 'replayed'; event: WebhookEventSummary }
  | { outcome: 'not_found' }
  | { outcome: 'not_replayable'; status: WebhookEventStatus }
  | { outcome: 'reinstalled_since'; topic: string };

/** Events about an installation that must not be replayed once the shop was installed again after them. */
const INSTALLATION_TOPICS = sql.raw(`('shop/redact')`);
/** True when the event belongs to an earlier installation of the shop (triggered, or received, before the latest install). */
const reinstalledSince = (shopId: string): SQL =>
  sql`(w.topic IN ${INSTALLATION_TOPICS} AND (SELECT GREATEST(s.installed_at, s.last_install_at) FROM shops s WHERE s.id = ${shopId}) > COALESCE(w.triggered_at, w.received_at))`;

/**
 * Sends a done or failed event back to the processor: pending now, attempts reset, error cleared.
 * Pending or processing events are already on their way and are left alone; a shop/redact triggered
 * before the shop's latest install is refused (it would delete the new installation's data).
 */
export async function replayWebhookEvent(db: DbOrTx, shopId: string, id: string): Promise<ReplayResult> {
  const res = await db.execute<EventRow>(sql`
    UPDATE webhook_events w
    SET status = 'pending', attempts = 0, next_attempt_at = now(), error = NULL, claimed_at = NULL, processed_at = NULL
    WHERE w.id = ${id}::bigint AND w.shop_domain = ${shopDomainOf(shopId)} AND w.status IN ('done', 'failed')
      AND NOT ${reinstalledSince(shopId)}
    RETURNING ${SUMMARY_COLUMNS}`);
  const row = res.rows[0];
  if (row) {
    await notifyInbox(db);
    return { outcome: 'replayed', event: toSummary(row) };
  }
  const existing = await db.execute<{ status: WebhookEventStatus; topic: string; superseded: boolean }>(sql`
    SELECT w.status, w.topic, ${reinstalledSince(shopId)} AS superseded
    FROM webhook_events w WHERE w.id = ${id}::bigint AND w.shop_domain = ${shopDomainOf(shopId)}`);
  const found = existing.rows[0];
  if (!found) return { outcome: 'not_found' };
  return found.superseded
    ? { outcome: 'reinstalled_since', topic: found.topic }
    : { outcome: 'not_replayable', status: found.status };
}
