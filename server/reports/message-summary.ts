// The message log's summary line: produced / production errors / remaining, delivered / delivery errors,
// confirmed or not, over the same filters as the list (GET /api/messages/summary).
import type { MessageLogSummary } from '../contracts/report-drill-down.js';
import { messageFilterWhere, type MessageFilters } from '../messaging/outbox/message-queries.js';
import type { Queryable } from '../messaging/outbox/queryable.js';

export async function messageLogSummary(
  db: Queryable,
  shopId: string,
  q: MessageFilters,
): Promise<MessageLogSummary> {
  const { where, params } = messageFilterWhere(shopId, q);
  const { rows } = await db.query<Record<keyof MessageLogSummary, number>>(
    `SELECT count(*)::int AS produced,
            count(*) FILTER (WHERE status IN ('suppressed', 'cancelled'))::int AS "productionErrors",
            count(*) FILTER (WHERE status IN ('queued', 'sending'))::int AS remaining,
            count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
            count(*) FILTER (WHERE status IN ('failed', 'expired', 'undeliverable'))::int AS "deliveryErrors",
            count(*) FILTER (WHERE status IN ('delivered', 'failed', 'expired', 'undeliverable') AND sent_at IS NOT NULL)::int AS confirmed,
            count(*) FILTER (WHERE status IN ('sent', 'unknown'))::int AS unconfirmed
       FROM messages WHERE ${where.join(' AND ')}`,
    params,
  );
  return rows[0]!;
}
