// Counts for the growth chart: marketing consent changes per day or week (from the ledger), by the
// state they led to and, for opt-ins, by source; plus today's totals by state.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { GrowthBucket, GrowthQuery, GrowthResponse, SubscriberState } from '../contracts/subscribers.js';

const DAY = 86_400_000;

function bucketStart(d: Date, interval: 'day' | 'week'): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  if (interval === 'day') return day;
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY);
}

export async function subscriberGrowth(db: Db, shopId: string, query: GrowthQuery): Promise<GrowthResponse> {
  const from = bucketStart(new Date(query.from), query.interval);
  const toDay = bucketStart(new Date(query.to), 'day');
  const end = new Date(toDay.getTime() + DAY);
  const step = query.interval === 'day' ? DAY : 7 * DAY;
  const buckets = new Map<number, GrowthBucket>();
  for (let t = from.getTime(); t < end.getTime(); t += step) {
    buckets.set(t, {
      start: new Date(t).toISOString(),
      subscribed: 0,
      pending: 0,
      unsubscribed: 0,
      bySource: {},
    });
  }
  const { rows } = await db.execute<{
    day: Date | string;
    action: string;
    source: string;
    awaiting: boolean;
    n: string;
  }>(sql`
    SELECT date_trunc('day', occurred_at AT TIME ZONE 'UTC') AS day, action, source,
           coalesce((evidence->>'awaitingConfirmation')::boolean, false) AS awaiting, count(*) AS n
      FROM consent_events
     WHERE shop_id = ${shopId} AND channel = 'marketing' AND occurred_at >= ${from} AND occurred_at < ${end}
     GROUP BY 1, 2, 3, 4`);
  for (const r of rows) {
    const day =
      typeof r.day === 'string'
        ? new Date(`${r.day.replace(' ', 'T')}Z`)
        : new Date(Date.UTC(r.day.getFullYear(), r.day.getMonth(), r.day.getDate()));
    const bucket = buckets.get(bucketStart(day, query.interval).getTime());
    if (!bucket) continue;
    const n = Number(r.n);
    if (r.action === 'unsubscribed') bucket.unsubscribed += n;
    else if (r.action === 'subscribed' && r.awaiting) bucket.pending += n;
    else bucket.subscribed += n;
    if (r.action === 'subscribed' || r.action === 'resubscribed')
      bucket.bySource[r.source] = (bucket.bySource[r.source] ?? 0) + n;
  }
  const totalsRows = await db.execute<{ state: string; n: string }>(
    sql`SELECT marketing_state AS state, count(*) AS n FROM subscribers WHERE shop_id = ${shopId} GROUP BY 1`,
  );
  const totals: Record<SubscriberState, number> = { never: 0, pending: 0, subscribed: 0, unsubscribed: 0 };
  for (const r of totalsRows.rows) if (r.state in totals) totals[r.state as SubscriberState] = Number(r.n);
  return { interval: query.interval, buckets: [...buckets.values()], totals };
}
