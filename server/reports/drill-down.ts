// Drill-down (GET /api/reports/recipients): the recipients behind one figure of a campaign or a flow, newest
// first in keyset pages. For a campaign, "suppressed" also lists recipients skipped at fan-out (no message).
import type pg from 'pg';
import type {
  RecipientFigure,
  RecipientList,
  RecipientRow,
  RecipientsQuery,
} from '../contracts/report-drill-down.js';
import { assertNever } from '../errors.js';
import { rangeOf } from './report-range.js';

function figureClause(figure: RecipientFigure): string {
  switch (figure) {
    case 'suppressed':
      return `m.status = 'suppressed'`;
    case 'sent':
      return `m.sent_at IS NOT NULL`;
    case 'delivered':
      return `m.status = 'delivered'`;
    case 'failed':
      return `m.status = 'failed'`;
    case 'expired':
      return `m.status = 'expired'`;
    case 'undeliverable':
      return `m.status = 'undeliverable'`;
    case 'awaiting':
      return `m.status = 'sent'`;
    case 'clicked':
      return `EXISTS (SELECT 1 FROM link_clicks lc WHERE lc.shop_id = m.shop_id AND lc.message_id = m.id AND NOT lc.is_bot)`;
    case 'ordered':
      return `EXISTS (SELECT 1 FROM order_attributions a WHERE a.shop_id = m.shop_id AND a.message_id = m.id AND NOT a.cancelled)`;
    case 'opted_out':
      return `EXISTS (SELECT 1 FROM subscribers s JOIN consent_events e ON e.shop_id = s.shop_id AND e.subscriber_id = s.id
                       WHERE s.shop_id = m.shop_id AND s.phone = m.phone AND e.channel = 'marketing' AND e.action = 'unsubscribed'
                         AND m.sent_at IS NOT NULL AND e.occurred_at >= m.sent_at AND e.occurred_at < m.sent_at + interval '7 days')`;
    default:
      return assertNever(figure, 'recipient figure');
  }
}

interface Row {
  message_id: string | null;
  subscriber_id: string | null;
  phone: string;
  status: string;
  reason: string | null;
  at: Date;
  at_us: string;
  key: string;
}

export async function listRecipients(
  pool: pg.Pool,
  shopId: string,
  q: RecipientsQuery,
  now: Date,
): Promise<RecipientList> {
  const params: unknown[] = [shopId];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const messageWhere = [
    `m.shop_id = $1`,
    `m.direction = 'outbound'`,
    `NOT m.is_test`,
    figureClause(q.figure),
  ];
  if (q.campaign) messageWhere.push(`m.campaign_id = ${p(q.campaign)}::uuid`);
  else {
    const range = rangeOf(q, now);
    messageWhere.push(
      `m.source_type = 'automation'`,
      `m.source_id = ${p(q.flow)}`,
      `m.created_at >= ${p(range.from)}`,
      `m.created_at <= ${p(range.to)}`,
    );
  }
  if (q.reason) {
    const r = p(q.reason);
    messageWhere.push(
      q.figure === 'suppressed' ? `m.suppressed_reason = ${r}` : `COALESCE(m.error_code, m.status) = ${r}`,
    );
  }
  const parts = [
    `SELECT m.id AS message_id, m.subscriber_id, m.phone, m.status,
            CASE WHEN m.status = 'suppressed' THEN m.suppressed_reason ELSE m.error_code END AS reason,
            m.created_at AS at, m.id::text AS key
       FROM messages m WHERE ${messageWhere.join(' AND ')}`,
  ];
  if (q.campaign && q.figure === 'suppressed') {
    parts.push(
      `SELECT NULL::uuid, cr.subscriber_id, s.phone, 'skipped', cr.suppressed_reason, cr.created_at, cr.subscriber_id::text
         FROM campaign_recipients cr JOIN subscribers s ON s.shop_id = cr.shop_id AND s.id = cr.subscriber_id
        WHERE cr.shop_id = $1 AND cr.campaign_id = $2::uuid AND cr.message_id IS NULL AND cr.suppressed_reason IS NOT NULL
          AND cr."group" <> 'holdout'${q.reason ? ` AND cr.suppressed_reason = $${params.length}` : ''}`,
    );
  }
  let cursorClause = '';
  if (q.cursor) {
    const [us, key] = q.cursor.split('.') as [string, string];
    cursorClause = `WHERE (x.at, x.key) < (timestamptz 'epoch' + ${p(us)}::bigint * interval '1 microsecond', ${p(key)})`;
  }
  const limit = p(q.limit + 1);
  const { rows } = await pool.query<Row>(
    `SELECT x.*, (extract(epoch FROM x.at) * 1000000)::bigint::text AS at_us
       FROM (${parts.join(' UNION ALL ')}) AS x(message_id, subscriber_id, phone, status, reason, at, key)
       ${cursorClause}
      ORDER BY x.at DESC, x.key DESC LIMIT ${limit}`,
    params,
  );
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const items: RecipientRow[] = page.map((r) => ({
    messageId: r.message_id,
    subscriberId: r.subscriber_id,
    phone: r.phone,
    status: r.status,
    reason: r.reason,
    at: r.at.toISOString(),
  }));
  return { items, nextCursor: rows.length > q.limit && last ? `${last.at_us}.${last.key}` : null };
}
