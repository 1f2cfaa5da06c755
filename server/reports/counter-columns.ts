// The report_counters metric columns (migration 0022) and how a row of sums becomes ReportFigures / rates.
import type { ReportFigures, ReportRates } from '../contracts/reports.js';

export const COUNTER_METRICS = [
  'produced',
  'pending',
  'suppressed',
  'cancelled',
  'sent',
  'delivered',
  'failed',
  'expired',
  'undeliverable',
  'awaiting',
  'unknown',
  'clicks',
  'unique_clicks',
  'bot_clicks',
  'orders',
  'revenue',
  'discount_redemptions',
  'opt_outs',
  'segments',
  'cost_micros',
  'audience',
  'holdout',
] as const;
export type CounterMetric = (typeof COUNTER_METRICS)[number];
export type CounterSums = Record<CounterMetric, string | number>;

/** `sum(c.produced)::text AS produced, ...` for a SELECT over report_counters aliased `alias`. */
export function sumColumns(alias = 'c'): string {
  return COUNTER_METRICS.map((m) => `COALESCE(sum(${alias}.${m}), 0)::text AS ${m}`).join(', ');
}

const n = (v: string | number | undefined): number => Number(v ?? 0);

export function money(v: number): string {
  return (Math.round(v * 100) / 100).toFixed(2);
}

export function figuresOf(row: Partial<CounterSums> | undefined): ReportFigures {
  const r = row ?? {};
  return {
    produced: n(r.produced),
    suppressed: n(r.suppressed),
    cancelled: n(r.cancelled),
    pending: n(r.pending),
    sent: n(r.sent),
    delivered: n(r.delivered),
    failed: n(r.failed),
    expired: n(r.expired),
    undeliverable: n(r.undeliverable),
    awaitingReport: n(r.awaiting),
    unknown: n(r.unknown),
    clicks: n(r.clicks),
    uniqueClicks: n(r.unique_clicks),
    botClicks: n(r.bot_clicks),
    orders: n(r.orders),
    revenue: money(n(r.revenue)),
    discountRedemptions: n(r.discount_redemptions),
    optOuts: n(r.opt_outs),
    segments: n(r.segments),
    cost: (n(r.cost_micros) / 1_000_000).toFixed(4),
  };
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

export function ratesOf(f: ReportFigures): ReportRates {
  const revenue = Number(f.revenue);
  const cost = Number(f.cost);
  return {
    delivery: ratio(f.delivered, f.sent),
    click: ratio(f.uniqueClicks, f.delivered),
    order: ratio(f.orders, f.delivered),
    optOut: ratio(f.optOuts, f.delivered),
    revenuePerMessage: f.sent > 0 ? money(revenue / f.sent) : null,
    returnOnSpend: ratio(revenue, cost),
  };
}
