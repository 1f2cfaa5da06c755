// What the shop has spent against its capped amount this period, and what marketing may still spend:
//   recorded     usage records of the period (pending or billed; a rejected one charged nothing),
//   delivered    delivered messages of the period no usage record covers yet (the next run records them),
//   in flight    queued / sending / sent / unknown messages of the period (they may still be delivered),
//   rejected     delivered messages whose usage record Shopify refused (over the cap): sent, never charged.
// Each message is priced at its stored cost (segments × the country's price) plus the margin. The cap check
// counts all four (and ignores the plan's included segments), so the charges never exceed the cap and a refused
// charge does not free room for more texts; the merchant's "spent" is recorded + delivered (what is charged).
// This sum reads every un-billed message of the period: the gates read it through the shop's spend counter
// (billing-spend-counter.ts, lockBillingBudget), which sums at most once a minute per shop.
import type { Queryable } from '../messaging/outbox/queryable.js';
import type { Micros } from '../messaging/pricing.js';
import { isActive, periodOf, type BillingRow, type Period } from './billing-repository.js';
import { withMargin } from './plans.js';

export interface Spend {
  recordedMicros: Micros;
  deliveredMicros: Micros;
  inFlightMicros: Micros;
  rejectedMicros: Micros;
}

export async function loadSpend(
  db: Queryable,
  shopId: string,
  period: Period,
  marginPercent: number,
): Promise<Spend> {
  const { rows } = await db.query<{
    recorded: string;
    rejected: string;
    delivered: string;
    in_flight: string;
  }>(
    `SELECT
       (SELECT COALESCE(sum(amount_micros), 0) FROM usage_records
         WHERE shop_id = $1 AND created_at >= $2 AND created_at < $3 AND status <> 'rejected')::text AS recorded,
       (SELECT COALESCE(sum(rm.cost_micros), 0) FROM usage_records r
          JOIN usage_record_messages u ON u.usage_record_id = r.id AND u.shop_id = $1
          JOIN messages rm ON rm.id = u.message_id AND rm.shop_id = $1
         WHERE r.shop_id = $1 AND r.created_at >= $2 AND r.created_at < $3 AND r.status = 'rejected')::text AS rejected,
       COALESCE(sum(m.cost_micros) FILTER (WHERE m.status = 'delivered'), 0)::text AS delivered,
       COALESCE(sum(m.cost_micros) FILTER (WHERE m.status <> 'delivered'), 0)::text AS in_flight
       FROM messages m
      WHERE m.shop_id = $1 AND m.direction = 'outbound' AND m.created_at >= $2 AND m.created_at < $3
        AND m.status IN ('queued', 'sending', 'sent', 'unknown', 'delivered')
        AND NOT EXISTS (SELECT 1 FROM usage_record_messages u WHERE u.message_id = m.id)`,
    [shopId, period.start, period.end],
  );
  const r = rows[0]!;
  return {
    recordedMicros: Number(r.recorded),
    deliveredMicros: withMargin(Number(r.delivered), marginPercent),
    inFlightMicros: withMargin(Number(r.in_flight), marginPercent),
    rejectedMicros: withMargin(Number(r.rejected), marginPercent),
  };
}

/** Spent this period as the merchant sees it: recorded charges and delivered messages not yet recorded. */
export const spentMicros = (s: Spend): Micros => s.recordedMicros + s.deliveredMicros;

/** Everything the period has committed against the cap: recorded, delivered, in flight or refused. */
export const totalOf = (s: Spend): Micros =>
  s.recordedMicros + s.deliveredMicros + s.inFlightMicros + s.rejectedMicros;

/** What marketing may still commit: the cap minus what the period has committed (totalOf, or the counter's). */
export const remainingMicros = (cap: Micros, committed: Micros): Micros => Math.max(0, cap - committed);

/**
 * The marketing budget the gates spend: a subscription's money left under its capped amount ('plan'), or, for a
 * shop that never chose a plan (or whose plan is pending approval), the segments left of its allowance
 * ('no_plan', no-plan-allowance.ts). null: billing
 * does not gate the shop (no plan and no allowance configured). Loaded for an enqueue by lockBillingBudget
 * (billing-spend-counter.ts).
 */
export type BillingBudget =
  | { kind: 'plan'; active: boolean; remainingMicros: Micros; marginPercent: number }
  | { kind: 'no_plan'; remainingSegments: number };

export async function budgetOf(
  db: Queryable,
  row: BillingRow,
  now: Date,
): Promise<Extract<BillingBudget, { kind: 'plan' }>> {
  if (!isActive(row))
    return { kind: 'plan', active: false, remainingMicros: 0, marginPercent: row.marginPercent };
  const spend = await loadSpend(db, row.shopId, periodOf(row, now), row.marginPercent);
  return {
    kind: 'plan',
    active: true,
    remainingMicros: remainingMicros(row.cappedMicros, totalOf(spend)),
    marginPercent: row.marginPercent,
  };
}
