// The period's committed spend as the billing gate reads it, in O(1) per enqueue instead of a sum over every
// un-billed message of the period (which made a campaign's fan-out O(N²/page): bench:dispatch, issue #12).
// One counter row per shop (migration 0030): the exact spend at its last sum (loadSpend, with the margin) plus the
// raw cost of every outbound message inserted since, appended by a statement trigger on messages as deltas.
//
// Read (lockCommittedSpend), inside the enqueuing transaction:
//   1. lock the row (FOR NO KEY UPDATE, held until the caller commits): marketing senders of one shop (campaign
//      pages, automations) take turns, and each sees everything the previous one committed;
//   2. fold the deltas committed since into the row (one statement: DELETE ... RETURNING feeding the UPDATE);
//   3. sum exactly (loadSpend) when the row is new, older than REFRESH_SECONDS, of another period or margin, or
//      invalidated by a delta (a usage record written or changed, a failed message reported delivered: what may
//      raise the spend without an insert), or when the caller asks before refusing a message over the cap.
// Everything that lowers the spend without touching the counter (failed, cancelled, suppressed, billed below the
// cost) leaves it an over-estimate until the next exact sum, never an under-estimate, and a refusal is decided on
// a sum at most SETTLED_SECONDS old. A sum after step 2 subtracts what step 2 saw, so a fold that slipped in
// between (a caller without a transaction) is kept rather than lost.
//
// Not covered exactly: a transactional message (never gated) committing while the counter row is created, or
// re-summed after a day without marketing (the trigger writes deltas only for counters read within a day), is
// missed until the next exact sum (at most REFRESH_SECONDS later); the sum before this change could not see a
// concurrent transaction's messages either.
import type { Queryable } from '../messaging/outbox/queryable.js';
import type { Micros } from '../messaging/pricing.js';
import { getBillingRow, isActive, isPending, periodOf, type BillingRow } from './billing-repository.js';
import { loadSpend, remainingMicros, totalOf, type BillingBudget } from './billing-spend.js';
import { loadNoPlanAllowance } from './no-plan-allowance.js';
import { withMargin } from './plans.js';

/** A counter older than this is summed again at its next read. */
export const REFRESH_SECONDS = 60;
/** A message is refused over the cap only on a sum at most this old (else the counter is summed first). */
export const SETTLED_SECONDS = 5;

export interface CommittedSpend {
  /** Recorded + delivered + in flight + rejected this period, with the margin (an upper bound). */
  committedMicros: Micros;
  /** The figure comes from an exact sum at most SETTLED_SECONDS old (a refusal may rest on it). */
  settled: boolean;
}

interface CounterRow {
  period_start: Date | null;
  margin_percent: number | null;
  base_micros: number;
  age_seconds: number | null;
}

const SELECT_LOCKED = `SELECT period_start, margin_percent, base_micros::float8 AS base_micros,
       extract(epoch FROM now() - refreshed_at)::float8 AS age_seconds
  FROM billing_spend_counters WHERE shop_id = $1 FOR NO KEY UPDATE`;

async function lockCounter(db: Queryable, shopId: string): Promise<CounterRow> {
  const first = await db.query<CounterRow>(SELECT_LOCKED, [shopId]);
  if (first.rows[0]) return first.rows[0];
  await db.query(
    'INSERT INTO billing_spend_counters (shop_id) VALUES ($1) ON CONFLICT (shop_id) DO NOTHING',
    [shopId],
  );
  const second = await db.query<CounterRow>(SELECT_LOCKED, [shopId]);
  return second.rows[0]!;
}

/**
 * Locks the shop's counter until the caller's transaction ends and returns the period's committed spend.
 * `settle`: sum exactly unless the last exact sum is at most SETTLED_SECONDS old (before refusing a message).
 */
export async function lockCommittedSpend(
  db: Queryable,
  row: BillingRow,
  now: Date,
  settle = false,
): Promise<CommittedSpend> {
  const counter = await lockCounter(db, row.shopId);
  const { rows } = await db.query<{ added: number; invalid: boolean }>(
    `WITH d AS (DELETE FROM billing_spend_deltas WHERE shop_id = $1 RETURNING cost_micros, invalidate)
     UPDATE billing_spend_counters c
        SET added_cost_micros = c.added_cost_micros + (SELECT COALESCE(sum(cost_micros), 0) FROM d)
      WHERE c.shop_id = $1
     RETURNING c.added_cost_micros::float8 AS added, (SELECT COALESCE(bool_or(invalidate), false) FROM d) AS invalid`,
    [row.shopId],
  );
  const added = rows[0]!.added;
  const period = periodOf(row, now);
  const age = counter.age_seconds;
  const exactNeeded =
    age === null ||
    age >= REFRESH_SECONDS ||
    rows[0]!.invalid ||
    counter.period_start?.getTime() !== period.start.getTime() ||
    counter.margin_percent !== row.marginPercent ||
    (settle && age > SETTLED_SECONDS);
  if (!exactNeeded)
    return {
      committedMicros: counter.base_micros + withMargin(added, row.marginPercent),
      settled: age <= SETTLED_SECONDS,
    };
  const total = totalOf(await loadSpend(db, row.shopId, period, row.marginPercent));
  await db.query(
    `UPDATE billing_spend_counters
        SET base_micros = $2, added_cost_micros = added_cost_micros - $3, period_start = $4, margin_percent = $5,
            refreshed_at = now()
      WHERE shop_id = $1`,
    [row.shopId, total, added, period.start, row.marginPercent],
  );
  return { committedMicros: total, settled: true };
}

export interface BudgetLease {
  budget: BillingBudget | null;
  /** The budget rests on exact figures (at most SETTLED_SECONDS old): a refusal over the cap may stand. */
  settled: boolean;
}

/**
 * The marketing budget for an enqueue (loadBillingBudget's result), read through the shop's spend counter, which
 * stays locked until the caller's transaction ends. `settle`: as lockCommittedSpend.
 */
export async function lockBillingBudget(
  db: Queryable,
  shopId: string,
  now: Date,
  noPlanSegments: number | null,
  settle = false,
): Promise<BudgetLease> {
  const row = await getBillingRow(db, shopId);
  // A plan still pending approval spends the no-plan allowance, as before the merchant chose it.
  if (row && !isPending(row)) {
    if (!isActive(row))
      return {
        budget: { kind: 'plan', active: false, remainingMicros: 0, marginPercent: row.marginPercent },
        settled: true,
      };
    const spend = await lockCommittedSpend(db, row, now, settle);
    return {
      budget: {
        kind: 'plan',
        active: true,
        remainingMicros: remainingMicros(row.cappedMicros, spend.committedMicros),
        marginPercent: row.marginPercent,
      },
      settled: spend.settled,
    };
  }
  if (noPlanSegments === null) return { budget: null, settled: true };
  const allowance = await loadNoPlanAllowance(db, shopId, now, noPlanSegments);
  return { budget: { kind: 'no_plan', remainingSegments: allowance.remainingSegments }, settled: true };
}
