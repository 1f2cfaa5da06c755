// Reading messages for the admin API: filtered keyset pages by (created_at, id) and one message
// with its status history. Every query is scoped by shop.
import type {
  ListMessagesQuery,
  MessageDetail,
  MessageHistoryEntry,
  MessageItem,
  MessageList,
} from '../../contracts/messages.js';
import { TEST_PHONE_CODE_SOURCE } from './gates.js';
import type { Queryable } from './queryable.js';

interface MessageRow {
  id: string;
  phone: string;
  status: MessageItem['status'];
  kind: MessageItem['kind'];
  source_type: string;
  source_id: string | null;
  body: string;
  segments: number;
  encoding: string;
  cost_micros: number;
  is_test: boolean;
  created_at: Date;
  created_us: string;
  sent_at: Date | null;
  delivered_at: Date | null;
  suppressed_reason: string | null;
  error_code: string | null;
  subscriber_id: string | null;
  error_reason: string | null;
  attempts: number;
  not_before: Date;
  provider: string | null;
  provider_message_id: string | null;
}

const COLUMNS = `id, phone, status, kind, source_type, source_id, body, segments, encoding, cost_micros, is_test,
  created_at, (extract(epoch FROM created_at) * 1000000)::bigint::text AS created_us, sent_at, delivered_at,
  suppressed_reason, error_code, subscriber_id, error_reason, attempts, not_before, provider, provider_message_id`;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function toItem(r: MessageRow): MessageItem {
  return {
    id: r.id,
    phone: r.phone,
    status: r.status,
    kind: r.kind,
    sourceType: r.source_type,
    sourceId: r.source_id,
    // The one-time code that verifies a test number is for the phone's owner only: never shown by the API.
    body: r.source_type === TEST_PHONE_CODE_SOURCE ? r.body.replace(/^\d{6}/, '******') : r.body,
    segments: r.segments,
    encoding: r.encoding,
    costMicros: r.cost_micros,
    isTest: r.is_test,
    createdAt: r.created_at.toISOString(),
    sentAt: iso(r.sent_at),
    deliveredAt: iso(r.delivered_at),
    suppressedReason: r.suppressed_reason,
    errorCode: r.error_code,
  };
}

/** The message log's source filter: a source type, or type and id; flow and keyword are the log's names for automation and keyword_reply. */
const SOURCE_ALIASES: Readonly<Record<string, string>> = { flow: 'automation', keyword: 'keyword_reply' };

export type MessageFilters = Omit<ListMessagesQuery, 'cursor' | 'limit'>;

/** WHERE clauses and parameters ($1 is the shop) for the message log's filters; shared by the list and its summary. */
export function messageFilterWhere(
  shopId: string,
  q: MessageFilters,
): { where: string[]; params: unknown[] } {
  const where = [`shop_id = $1`, `direction = 'outbound'`];
  const params: unknown[] = [shopId];
  const add = (clause: (p: string) => string, value: unknown): void => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (q.phone) add((p) => `phone = ${p}`, q.phone);
  if (q.subscriber) add((p) => `subscriber_id = ${p}::uuid`, q.subscriber);
  if (q.status) add((p) => `status = ${p}`, q.status);
  if (q.kind) add((p) => `kind = ${p}`, q.kind);
  if (q.source) {
    const sep = q.source.indexOf(':');
    const type = sep < 0 ? q.source : q.source.slice(0, sep);
    add((p) => `source_type = ${p}`, SOURCE_ALIASES[type] ?? type);
    if (sep >= 0) add((p) => `source_id = ${p}`, q.source.slice(sep + 1));
  }
  if (q.from) add((p) => `created_at >= ${p}`, q.from);
  if (q.to) add((p) => `created_at <= ${p}`, q.to);
  return { where, params };
}

export async function listMessages(
  db: Queryable,
  shopId: string,
  q: ListMessagesQuery,
): Promise<MessageList> {
  const { where, params } = messageFilterWhere(shopId, q);
  if (q.cursor) {
    const [us, id] = q.cursor.split('.') as [string, string];
    params.push(us, id);
    where.push(
      `(created_at, id) < (timestamptz 'epoch' + $${params.length - 1}::bigint * interval '1 microsecond', $${params.length}::uuid)`,
    );
  }
  params.push(q.limit + 1);
  const { rows } = await db.query<MessageRow>(
    `SELECT ${COLUMNS} FROM messages WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > q.limit && last ? `${last.created_us}.${last.id}` : null,
  };
}

/** Events written before a message is handed to the provider (it is never sent twice). */
const PRE_SEND_EVENTS: ReadonlySet<string> = new Set(['retry_scheduled', 'deferred']);

export async function getMessage(db: Queryable, shopId: string, id: string): Promise<MessageDetail | null> {
  const { rows } = await db.query<MessageRow>(
    `SELECT ${COLUMNS} FROM messages WHERE shop_id = $1 AND id = $2`,
    [shopId, id],
  );
  const r = rows[0];
  if (!r) return null;
  const events = await db.query<{ status: string; occurred_at: Date; detail: Record<string, unknown> }>(
    `SELECT status, occurred_at, detail FROM message_events WHERE shop_id = $1 AND message_id = $2 ORDER BY occurred_at, id`,
    [shopId, id],
  );
  // Creation and hand-off are the row itself (no event rows are written for them, to keep the hot path
  // cheap): 'queued' at created_at, 'sent' at sent_at with the provider's id. Older rows may have a
  // 'sent' event row; then that one is shown.
  const history: MessageHistoryEntry[] = [{ status: 'queued', at: r.created_at.toISOString(), detail: {} }];
  const suppressedAtCreation =
    r.status === 'suppressed' && !events.rows.some((e) => e.status === 'suppressed');
  if (suppressedAtCreation)
    history.push({
      status: 'suppressed',
      at: r.created_at.toISOString(),
      detail: { reason: r.suppressed_reason },
    });
  const rest: MessageHistoryEntry[] = events.rows.map((e) => ({
    status: e.status,
    at: e.occurred_at.toISOString(),
    detail: e.detail,
  }));
  if (r.sent_at && !events.rows.some((e) => e.status === 'sent')) {
    const detail = { attempt: r.attempts, provider: r.provider, providerMessageId: r.provider_message_id };
    const sent = {
      status: 'sent',
      at: r.sent_at.toISOString(),
      detail: Object.fromEntries(Object.entries(detail).filter(([, v]) => v !== null)),
    };
    // After the attempts that preceded it, before everything the provider reported (a report's own time
    // can read earlier than our sent_at: carriers stamp whole seconds).
    const firstAfter = events.rows.findIndex(
      (e) => !PRE_SEND_EVENTS.has(e.status) || e.occurred_at > r.sent_at!,
    );
    rest.splice(firstAfter === -1 ? rest.length : firstAfter, 0, sent);
  }
  history.push(...rest);
  return {
    ...toItem(r),
    subscriberId: r.subscriber_id,
    errorReason: r.error_reason,
    attempts: r.attempts,
    notBefore: r.not_before.toISOString(),
    provider: r.provider,
    providerMessageId: r.provider_message_id,
    history,
  };
}

export async function setTestPhone(db: Queryable, shopId: string, phone: string | null): Promise<void> {
  await db.query(
    `UPDATE shops SET settings = CASE WHEN $2::text IS NULL THEN settings - 'testPhone'
                                      ELSE jsonb_set(settings, '{testPhone}', to_jsonb($2::text)) END,
                      updated_at = now()
      WHERE id = $1`,
    [shopId, phone],
  );
}
