// GET /api/reports/overview?from=&to=: subscribers over time (opt-ins, opt-outs, net, by source), messages by
// kind and status per day, attributed revenue per day, spend, top campaigns and flows; all from the counters
// (whole days from the daily rollup, the hours at the range's edges from the hourly rows).
import type pg from 'pg';
import type { OverviewMessagesDay, Overview, TopSource } from '../contracts/reports.js';
import { money } from './counter-columns.js';
import { countersInRange, spanParams } from './counter-range.js';
import type { DateRange } from './report-range.js';

/**
 * One row of the counters query: either a (day, message kind) group — by_source false, source columns null — or a
 * (source kind, source id) group over the whole range — by_source true, day and message_kind null.
 */
interface CounterRow {
  by_source: boolean;
  day: Date | null;
  message_kind: 'transactional' | 'marketing' | null;
  source_kind: string | null;
  source_id: string | null;
  name: string | null;
  pending: string;
  suppressed: string;
  cancelled: string;
  delivered: string;
  failed: string;
  expired: string;
  undeliverable: string;
  awaiting: string;
  unknown: string;
  sent: string;
  clicks: string;
  orders: string;
  revenue: string;
  cost_micros: string;
}

const METRICS = [
  'pending',
  'suppressed',
  'cancelled',
  'delivered',
  'failed',
  'expired',
  'undeliverable',
  'awaiting',
  'unknown',
  'sent',
  'clicks',
  'orders',
  'revenue',
  'cost_micros',
] as const;

/** Counter column -> the message status it counts (a message is counted once, in its current status). */
const STATUS_COLUMNS = [
  ['pending', 'queued'],
  ['suppressed', 'suppressed'],
  ['cancelled', 'cancelled'],
  ['awaiting', 'sent'],
  ['delivered', 'delivered'],
  ['failed', 'failed'],
  ['expired', 'expired'],
  ['undeliverable', 'undeliverable'],
  ['unknown', 'unknown'],
] as const;

const dayKey = (d: Date) => d.toISOString().slice(0, 10);

export async function overview(pool: pg.Pool, shopId: string, range: DateRange, topN = 5): Promise<Overview> {
  const [counters, subs, shop] = await Promise.all([
    // One pass over the range's counter rows, grouped twice: per day and message kind (the charts, the totals)
    // and per source (the top lists, with the campaign's name).
    pool.query<CounterRow>(
      `SELECT g.*, cp.name
         FROM (SELECT GROUPING(c.day) = 1 AS by_source, c.day, c.message_kind, c.source_kind, c.source_id,
                      ${METRICS.map((m) => `sum(c.${m})::text AS ${m}`).join(', ')}
                 FROM ${countersInRange('shop_id = $1', 2)} c
                GROUP BY GROUPING SETS ((c.day, c.message_kind), (c.source_kind, c.source_id))) g
         LEFT JOIN campaigns cp ON g.source_kind = 'campaign' AND cp.shop_id = $1 AND cp.id::text = g.source_id`,
      [shopId, ...spanParams(range)],
    ),
    pool.query<{ day: Date; source: string; opt_ins: string; opt_outs: string }>(
      `SELECT day, source, opt_ins::text, opt_outs::text FROM subscriber_counters
        WHERE shop_id = $1 AND day >= date_trunc('day', $2::timestamptz, 'UTC') AND day <= $3 ORDER BY day`,
      [shopId, range.from, range.to],
    ),
    pool.query<{ currency: string }>(`SELECT currency FROM shops WHERE id = $1`, [shopId]),
  ]);

  const subDays = new Map<string, { optIns: number; optOuts: number }>();
  const bySource = new Map<string, number>();
  for (const r of subs.rows) {
    const d = subDays.get(dayKey(r.day)) ?? { optIns: 0, optOuts: 0 };
    d.optIns += Number(r.opt_ins);
    d.optOuts += Number(r.opt_outs);
    subDays.set(dayKey(r.day), d);
    bySource.set(r.source, (bySource.get(r.source) ?? 0) + Number(r.opt_ins));
  }

  const messages = new Map<string, OverviewMessagesDay>();
  const revenue = new Map<string, { orders: number; revenue: number }>();
  const sources = new Map<string, TopSource & { rev: number }>();
  const totals = { sent: 0, delivered: 0, clicks: 0, orders: 0, revenue: 0, spend: 0 };
  for (const r of counters.rows) {
    if (r.by_source) {
      if (r.source_kind !== 'campaign' && r.source_kind !== 'flow') continue;
      const sourceId = r.source_id ?? '';
      sources.set(`${r.source_kind}|${sourceId}`, {
        sourceKind: r.source_kind,
        sourceId,
        name: r.name ?? sourceId,
        sent: Number(r.sent),
        orders: Number(r.orders),
        revenue: money(Number(r.revenue)),
        rev: Number(r.revenue),
      });
      continue;
    }
    if (!r.day || !r.message_kind) continue;
    const day = dayKey(r.day);
    for (const [col, status] of STATUS_COLUMNS) {
      const count = Number(r[col]);
      if (count === 0) continue;
      const key = `${day}|${r.message_kind}|${status}`;
      const m = messages.get(key) ?? { day, kind: r.message_kind, status, count: 0 };
      m.count += count;
      messages.set(key, m);
    }
    const rv = revenue.get(day) ?? { orders: 0, revenue: 0 };
    rv.orders += Number(r.orders);
    rv.revenue += Number(r.revenue);
    revenue.set(day, rv);
    totals.sent += Number(r.sent);
    totals.delivered += Number(r.delivered);
    totals.clicks += Number(r.clicks);
    totals.orders += Number(r.orders);
    totals.revenue += Number(r.revenue);
    totals.spend += Number(r.cost_micros) / 1_000_000;
  }
  const top = (kind: 'campaign' | 'flow'): TopSource[] =>
    [...sources.values()]
      .filter((s) => s.sourceKind === kind)
      .sort((a, b) => b.rev - a.rev || b.sent - a.sent || a.sourceId.localeCompare(b.sourceId))
      .slice(0, topN)
      .map(({ rev, ...s }) => ({ ...s, revenue: money(rev) }));
  const subscriberDays = [...subDays.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, d]) => ({ day, ...d, net: d.optIns - d.optOuts }));
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    currency: shop.rows[0]?.currency ?? 'USD',
    subscribers: {
      days: subscriberDays,
      bySource: [...bySource.entries()]
        .map(([source, optIns]) => ({ source, optIns }))
        .sort((a, b) => b.optIns - a.optIns),
    },
    messages: [...messages.values()].sort(
      (a, b) =>
        a.day.localeCompare(b.day) || a.kind.localeCompare(b.kind) || a.status.localeCompare(b.status),
    ),
    revenue: [...revenue.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, v]) => ({ day, orders: v.orders, revenue: money(v.revenue) })),
    totals: {
      sent: totals.sent,
      delivered: totals.delivered,
      clicks: totals.clicks,
      orders: totals.orders,
      revenue: money(totals.revenue),
      spend: totals.spend.toFixed(4),
      optIns: subscriberDays.reduce((s, d) => s + d.optIns, 0),
      optOuts: subscriberDays.reduce((s, d) => s + d.optOuts, 0),
    },
    topCampaigns: top('campaign'),
    topFlows: top('flow'),
  };
}
