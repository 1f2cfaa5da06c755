// Applying delivery reports (webhook callbacks and reconcile look-ups) idempotently and
// monotonically: a report only moves a message up DELIVERY_RANK (types.ts), so a duplicate is a
// no-op, a late `sent` never overwrites `delivered`, and terminal statuses never regress. The rank
// guard sits in the UPDATE's WHERE clause, which Postgres re-checks on the locked row, so two
// reports racing for one message still end at the higher status.
import { assertNever } from '../../errors.js';
import type { DeliveryStatus, StatusReport } from '../providers/types.js';
import type { Queryable } from './queryable.js';
import { DELIVERY_RANK, deliveryRankSql, type RankedStatus } from './types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Our message status for a provider delivery status (intermediate provider states are still 'sent'). */
export function messageStatusFor(status: DeliveryStatus): RankedStatus {
  switch (status) {
    case 'sent':
    case 'buffered':
    case 'scheduled':
      return 'sent';
    case 'delivered':
    case 'failed':
    case 'expired':
    case 'undeliverable':
      return status;
    default:
      return assertNever(status, 'delivery status');
  }
}

export type ApplyResult = 'applied' | 'ignored' | 'unmatched';

export interface ApplySummary {
  applied: number;
  ignored: number;
  unmatched: number;
}

/** Finds the message a report is about: by our reference, else by (provider message id, recipient). */
async function findTarget(db: Queryable, report: StatusReport): Promise<string | null> {
  if (report.reference && UUID.test(report.reference)) {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM messages WHERE id = $1 AND direction = 'outbound'`,
      [report.reference],
    );
    if (rows[0]) return rows[0].id;
  }
  if (!report.recipient) return null;
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM messages WHERE provider_message_id = $1 AND phone = $2 AND direction = 'outbound' LIMIT 2`,
    [report.providerMessageId, report.recipient],
  );
  return rows.length === 1 ? rows[0]!.id : null;
}

export async function applyStatusReport(
  db: Queryable,
  report: StatusReport,
  provider: string,
): Promise<ApplyResult> {
  const id = await findTarget(db, report);
  if (!id) return 'unmatched';
  const status = messageStatusFor(report.status);
  const failure = status === 'failed' || status === 'expired' || status === 'undeliverable';
  const { rowCount } = await db.query(
    `WITH u AS (
       UPDATE messages m
          SET status = $2,
              provider = COALESCE(m.provider, $3),
              provider_message_id = COALESCE(m.provider_message_id, $4),
              sent_at = COALESCE(m.sent_at, $5),
              delivered_at = CASE WHEN $2 = 'delivered' THEN $5 ELSE m.delivered_at END,
              failed_at = CASE WHEN $6 THEN $5 ELSE m.failed_at END,
              error_code = CASE WHEN $6 THEN COALESCE($7, m.error_code) ELSE m.error_code END,
              error_reason = CASE WHEN $6 THEN COALESCE($8, m.error_reason) ELSE m.error_reason END,
              lease_expires_at = NULL,
              updated_at = now()
        WHERE m.id = $1 AND ${deliveryRankSql('m.status')} < $9
        RETURNING m.id, m.shop_id
     )
     INSERT INTO message_events (shop_id, message_id, status, detail, occurred_at)
     SELECT u.shop_id, u.id, $2,
            jsonb_strip_nulls(jsonb_build_object('provider', $3::text, 'providerMessageId', $4::text,
              'providerStatus', $10::text, 'errorCode', $7::text, 'reason', $8::text)),
            $5
       FROM u`,
    [
      id,
      status,
      provider,
      report.providerMessageId,
      report.occurredAt,
      failure,
      report.errorCode === undefined ? null : String(report.errorCode),
      report.errorReason ?? null,
      DELIVERY_RANK[status],
      report.providerStatus,
    ],
  );
  return rowCount === 1 ? 'applied' : 'ignored';
}

export async function applyStatusReports(
  db: Queryable,
  reports: readonly StatusReport[],
  provider: string,
): Promise<ApplySummary> {
  const summary: ApplySummary = { applied: 0, ignored: 0, unmatched: 0 };
  for (const report of reports) summary[await applyStatusReport(db, report, provider)]++;
  return summary;
}
