// Campaign time series: per hour for the first 48 hours after sending, then per day (UTC), from counter buckets.
import type { TimeSeries } from '../contracts/reports.js';
import { money } from './counter-columns.js';

export interface BucketRow {
  bucket: Date;
  sent: string | number;
  delivered: string | number;
  clicks: string | number;
  orders: string | number;
  revenue: string | number;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
export const HOURLY_SPAN_HOURS = 48;

interface Acc {
  sent: number;
  delivered: number;
  clicks: number;
  orders: number;
  revenue: number;
}
const zero = (): Acc => ({ sent: 0, delivered: 0, clicks: 0, orders: 0, revenue: 0 });

/** Hourly points from the start hour for 48 hours (zeros included), then one point per UTC day up to the last bucket. */
export function campaignTimeSeries(rows: readonly BucketRow[], start: Date | null): TimeSeries {
  if (rows.length === 0) return { points: [] };
  const first = Math.min(...rows.map((r) => r.bucket.getTime()));
  const startHour = Math.floor((start ? Math.min(start.getTime(), first) : first) / HOUR) * HOUR;
  const hourlyEnd = startHour + HOURLY_SPAN_HOURS * HOUR;
  const hours = new Map<number, Acc>();
  const days = new Map<number, Acc>();
  let last = startHour;
  for (const r of rows) {
    const t = r.bucket.getTime();
    last = Math.max(last, t);
    const key = t < hourlyEnd ? t : Math.floor(t / DAY) * DAY;
    const map = t < hourlyEnd ? hours : days;
    const a = map.get(key) ?? zero();
    a.sent += Number(r.sent);
    a.delivered += Number(r.delivered);
    a.clicks += Number(r.clicks);
    a.orders += Number(r.orders);
    a.revenue += Number(r.revenue);
    map.set(key, a);
  }
  const points: TimeSeries['points'] = [];
  const push = (at: number, a: Acc, granularity: 'hour' | 'day') =>
    points.push({
      at: new Date(at).toISOString(),
      granularity,
      sent: a.sent,
      delivered: a.delivered,
      clicks: a.clicks,
      orders: a.orders,
      revenue: money(a.revenue),
    });
  for (let t = startHour; t < hourlyEnd && t <= last; t += HOUR) push(t, hours.get(t) ?? zero(), 'hour');
  // A day that began inside the hourly span holds only the hours after it.
  for (let d = Math.floor(hourlyEnd / DAY) * DAY; d <= last; d += DAY) {
    const a = days.get(d);
    if (a || d >= hourlyEnd) push(Math.max(d, hourlyEnd), a ?? zero(), 'day');
  }
  return { points };
}

/** One point per UTC day from `from` to `to` (zeros included). */
export function dailySeries(rows: readonly BucketRow[], from: Date, to: Date): TimeSeries {
  const days = new Map<number, Acc>();
  for (const r of rows) {
    const key = Math.floor(r.bucket.getTime() / DAY) * DAY;
    const a = days.get(key) ?? zero();
    a.sent += Number(r.sent);
    a.delivered += Number(r.delivered);
    a.clicks += Number(r.clicks);
    a.orders += Number(r.orders);
    a.revenue += Number(r.revenue);
    days.set(key, a);
  }
  const points: TimeSeries['points'] = [];
  for (let d = Math.floor(from.getTime() / DAY) * DAY; d <= to.getTime(); d += DAY) {
    const a = days.get(d) ?? zero();
    points.push({
      at: new Date(d).toISOString(),
      granularity: 'day',
      sent: a.sent,
      delivered: a.delivered,
      clicks: a.clicks,
      orders: a.orders,
      revenue: money(a.revenue),
    });
  }
  return { points };
}
