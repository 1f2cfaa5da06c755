// "Why did this person not get it" (GET /api/reports/why-not): for one subscriber and a campaign or a flow, what
// happened (the suppression reason with its time, held out, never in the audience, failed with the provider's
// error, still pending, or received).
import type pg from 'pg';
import type { WhyNotAnswer, WhyNotQuery } from '../contracts/report-drill-down.js';

interface MessageRow {
  id: string;
  status: string;
  suppressed_reason: string | null;
  error_code: string | null;
  created_at: Date;
  updated_at: Date;
  failed_at: Date | null;
  sent_at: Date | null;
  delivered_at: Date | null;
}

function fromMessage(m: MessageRow): WhyNotAnswer {
  const base = { messageId: m.id, status: m.status };
  switch (m.status) {
    case 'suppressed':
    case 'cancelled':
      return {
        ...base,
        outcome: 'suppressed',
        reason: m.suppressed_reason ?? m.status,
        at: m.updated_at.toISOString(),
      };
    case 'failed':
    case 'expired':
    case 'undeliverable':
      return {
        ...base,
        outcome: 'failed',
        reason: m.error_code ?? m.status,
        at: (m.failed_at ?? m.updated_at).toISOString(),
      };
    case 'queued':
    case 'sending':
      return { ...base, outcome: 'pending', reason: null, at: m.created_at.toISOString() };
    default:
      return {
        ...base,
        outcome: 'received',
        reason: null,
        at: (m.delivered_at ?? m.sent_at ?? m.created_at).toISOString(),
      };
  }
}

const COLUMNS = `m.id, m.status, m.suppressed_reason, m.error_code, m.created_at, m.updated_at, m.failed_at, m.sent_at, m.delivered_at`;

/** null: the subscriber is not the shop's (404). */
export async function whyNot(pool: pg.Pool, shopId: string, q: WhyNotQuery): Promise<WhyNotAnswer | null> {
  const { rows: subs } = await pool.query<{ id: string; phone: string; marketing_state: string }>(
    `SELECT id, phone, marketing_state FROM subscribers WHERE shop_id = $1 AND ${q.subscriber ? 'id = $2::uuid' : 'phone = $2'}`,
    [shopId, q.subscriber ?? q.phone],
  );
  const sub = subs[0];
  if (!sub) return null;
  const notInAudience: WhyNotAnswer = {
    outcome: 'not_in_audience',
    reason:
      sub.marketing_state === 'subscribed'
        ? 'not_selected'
        : sub.marketing_state === 'unsubscribed'
          ? 'opted_out'
          : 'no_marketing_consent',
    at: null,
    messageId: null,
    status: null,
  };
  if (q.campaign) {
    const { rows } = await pool.query<
      MessageRow & { group: string; skip: string | null; assigned_at: Date; has_message: boolean }
    >(
      `SELECT cr."group", cr.suppressed_reason AS skip, cr.created_at AS assigned_at, m.id IS NOT NULL AS has_message, ${COLUMNS}
         FROM campaign_recipients cr LEFT JOIN messages m ON m.shop_id = cr.shop_id AND m.id = cr.message_id
        WHERE cr.shop_id = $1 AND cr.campaign_id = $2 AND cr.subscriber_id = $3`,
      [shopId, q.campaign, sub.id],
    );
    const r = rows[0];
    if (!r) return notInAudience;
    if (r.group === 'holdout')
      return {
        outcome: 'holdout',
        reason: 'holdout',
        at: r.assigned_at.toISOString(),
        messageId: null,
        status: null,
      };
    if (!r.has_message) {
      return r.skip
        ? {
            outcome: 'suppressed',
            reason: r.skip,
            at: r.assigned_at.toISOString(),
            messageId: null,
            status: null,
          }
        : {
            outcome: 'pending',
            reason: null,
            at: r.assigned_at.toISOString(),
            messageId: null,
            status: null,
          };
    }
    return fromMessage(r);
  }
  const { rows } = await pool.query<MessageRow>(
    `SELECT ${COLUMNS} FROM messages m
      WHERE m.shop_id = $1 AND m.phone = $2 AND m.source_type = 'automation' AND m.source_id = $3 AND NOT m.is_test
      ORDER BY m.created_at DESC LIMIT 1`,
    [shopId, sub.phone, q.flow],
  );
  return rows[0] ? fromMessage(rows[0]) : notInAudience;
}
