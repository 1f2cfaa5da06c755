// GET /api/billing: plan, status, the current 30-day period, spent against the cap (with the warning at the
// levels of billingWarningLevels), and this period's usage by day and by destination country (delivered
// messages, priced with the margin).
// A shop that never chose a plan, or whose plan awaits approval: its no-plan allowance (segments used of those it
// may send) drives the warning.
import type { AppContext } from '../app-context.js';
import { billingWarningLevels, type BillingSummary, type BillingWarningLevel } from '../contracts/billing.js';
import { formatMicrosAsUsd } from '../messaging/pricing.js';
import { getBillingRow, isPending, periodOf, type Period } from './billing-repository.js';
import { loadSpend, spentMicros } from './billing-spend.js';
import { loadNoPlanAllowance } from './no-plan-allowance.js';
import { PLANS, planIds } from './plans.js';

const plans = planIds.map((id) => ({
  id,
  name: PLANS[id].name,
  recurring: formatMicrosAsUsd(PLANS[id].recurringMicros),
  includedSegments: PLANS[id].includedSegments,
  defaultCap: formatMicrosAsUsd(PLANS[id].defaultCapMicros),
}));

/** The highest warning level `usedPercent` reached (billingWarningLevels), null below the first. */
export function warningOf(usedPercent: number): BillingWarningLevel | null {
  return billingWarningLevels.findLast((level) => usedPercent >= level) ?? null;
}

/** Delivered segments and their charge by day and country (`marginPercent` null: not charged, amounts 0). */
async function usageBreakdown(app: AppContext, shopId: string, period: Period, marginPercent: number | null) {
  const { rows } = await app.database.pool.query<{
    day: string;
    country: string;
    segments: string;
    cost: string;
  }>(
    `SELECT to_char(date_trunc('day', m.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, COALESCE(m.country_code, 'ZZ') AS country,
            sum(m.segments)::text AS segments, sum(m.cost_micros)::text AS cost
       FROM messages m
      WHERE m.shop_id = $1 AND m.direction = 'outbound' AND m.status = 'delivered' AND m.created_at >= $2 AND m.created_at < $3
      GROUP BY 1, 2`,
    [shopId, period.start, period.end],
  );
  const charge = (cost: number) =>
    marginPercent === null ? 0 : Math.round((cost * (100 + marginPercent)) / 100);
  const byDay = new Map<string, { segments: number; micros: number }>();
  const byCountry = new Map<string, { segments: number; micros: number }>();
  for (const r of rows) {
    for (const [map, key] of [
      [byDay, r.day],
      [byCountry, r.country],
    ] as const) {
      const e = map.get(key) ?? { segments: 0, micros: 0 };
      e.segments += Number(r.segments);
      e.micros += charge(Number(r.cost));
      map.set(key, e);
    }
  }
  return {
    byDay: [...byDay]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, e]) => ({ day, segments: e.segments, amount: formatMicrosAsUsd(e.micros) })),
    byCountry: [...byCountry]
      .sort(([, a], [, b]) => b.micros - a.micros)
      .map(([country, e]) => ({ country, segments: e.segments, amount: formatMicrosAsUsd(e.micros) })),
  };
}

export async function billingSummary(app: AppContext, shopId: string): Promise<BillingSummary> {
  const row = await getBillingRow(app.database.pool, shopId);
  const provider = app.billing.kind;
  if (!row || isPending(row)) {
    // Never chose a plan, or the chosen one awaits approval: nothing is charged; its allowance (if limited) is
    // what it may send this period.
    const segments = app.config.billing.noPlanSegments;
    const allowance =
      segments === null
        ? null
        : await loadNoPlanAllowance(app.database.pool, shopId, app.clock.now(), segments);
    const usedPercent =
      allowance === null
        ? 0
        : allowance.segments > 0
          ? Math.min(100, Math.floor((allowance.usedSegments * 100) / allowance.segments))
          : 100;
    return {
      plan: row?.plan ?? null,
      status: row?.status ?? 'none',
      period:
        allowance === null
          ? null
          : { start: allowance.period.start.toISOString(), end: allowance.period.end.toISOString() },
      spent: '0.00',
      cap: '0.00',
      currency: 'USD',
      usedPercent,
      warning: allowance === null ? null : warningOf(usedPercent),
      includedSegments: allowance?.segments ?? 0,
      noPlanAllowance:
        allowance === null ? null : { segments: allowance.segments, used: allowance.usedSegments },
      test: app.config.billing.test,
      provider,
      ...(allowance === null
        ? { byDay: [], byCountry: [] }
        : await usageBreakdown(app, shopId, allowance.period, null)),
      plans,
    };
  }
  const period = periodOf(row, app.clock.now());
  const spend = await loadSpend(app.database.pool, shopId, period, row.marginPercent);
  const spent = spentMicros(spend);
  const usedPercent = row.cappedMicros > 0 ? Math.min(100, Math.floor((spent * 100) / row.cappedMicros)) : 0;
  return {
    plan: row.plan,
    status: row.status,
    period: { start: period.start.toISOString(), end: period.end.toISOString() },
    spent: formatMicrosAsUsd(spent),
    cap: formatMicrosAsUsd(row.cappedMicros),
    currency: row.currency,
    usedPercent,
    warning: warningOf(usedPercent),
    includedSegments: PLANS[row.plan].includedSegments,
    noPlanAllowance: null,
    test: row.test,
    provider,
    ...(await usageBreakdown(app, shopId, period, row.marginPercent)),
    plans,
  };
}
