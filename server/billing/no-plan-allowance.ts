// A shop that never chose a plan has no approved capped amount, so nothing can be charged: it may send the
// allowance BILLING_NO_PLAN_SEGMENTS (the Free plan's included segments) per 30-day period counted from its
// install, and no more marketing. Every outbound segment of the period that is sent or on its way (queued,
// sending, sent, unknown, delivered) counts, transactional included; transactional texts are still never
// blocked, marketing beyond the allowance is suppressed 'billing_cap' (gates.ts), a campaign that would pass it
// is refused before it is sent (billing-service.ts), and GET /api/billing shows it (billing-summary.ts).
import type { Queryable } from '../messaging/outbox/queryable.js';
import { periodOf, type Period } from './billing-repository.js';

export interface NoPlanAllowance {
  period: Period;
  /** Segments the shop may send this period without a plan. */
  segments: number;
  /** Segments sent or on their way this period. */
  usedSegments: number;
  remainingSegments: number;
}

/** The allowance of a shop without a subscription row (`segments`: config.billing.noPlanSegments). */
export async function loadNoPlanAllowance(
  db: Queryable,
  shopId: string,
  now: Date,
  segments: number,
): Promise<NoPlanAllowance> {
  const { rows: shops } = await db.query<{ installed_at: Date }>(
    `SELECT installed_at FROM shops WHERE id = $1`,
    [shopId],
  );
  const installedAt = shops[0]?.installed_at ?? now;
  const period = periodOf({ periodEnd: null, activatedAt: null, createdAt: installedAt }, now);
  const { rows } = await db.query<{ used: string }>(
    `SELECT COALESCE(sum(segments), 0)::text AS used FROM messages
      WHERE shop_id = $1 AND direction = 'outbound' AND created_at >= $2 AND created_at < $3
        AND status IN ('queued', 'sending', 'sent', 'unknown', 'delivered')`,
    [shopId, period.start, period.end],
  );
  const usedSegments = Number(rows[0]!.used);
  return { period, segments, usedSegments, remainingSegments: Math.max(0, segments - usedSegments) };
}
