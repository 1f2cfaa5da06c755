// The flow report over a date range (GET /api/automations/:flow/report, /api/reports/flows/:flow): the same
// figures as a campaign's, summed from the counters inside the range (whole days from the daily rollup), with a
// daily series.
import type pg from 'pg';
import type { FlowReport } from '../contracts/reports.js';
import type { DbOrTx } from '../db/transaction.js';
import { loadAttributionWindows } from '../shops/compliance-settings.js';
import { loadReasons } from './campaign-report.js';
import { figuresOf, ratesOf, sumColumns, type CounterSums } from './counter-columns.js';
import { countersInRange, spanParams } from './counter-range.js';
import type { DateRange } from './report-range.js';
import { dailySeries, type BucketRow } from './time-series.js';

export async function flowReport(
  pool: pg.Pool,
  db: DbOrTx,
  shopId: string,
  flow: string,
  range: DateRange,
): Promise<FlowReport> {
  const params = [shopId, flow, ...spanParams(range)];
  const counters = countersInRange(`shop_id = $1 AND source_kind = 'flow' AND source_id = $2`, 3);
  const [totals, buckets, reasons, windows, currency] = await Promise.all([
    pool.query<CounterSums>(`SELECT ${sumColumns('c')} FROM ${counters} c`, params),
    pool.query<BucketRow>(
      `SELECT c.day AS bucket, sum(c.sent) AS sent, sum(c.delivered) AS delivered, sum(c.clicks) AS clicks,
              sum(c.orders) AS orders, sum(c.revenue) AS revenue
         FROM ${counters} c GROUP BY 1 ORDER BY 1`,
      params,
    ),
    loadReasons(pool, shopId, 'flow', flow, range),
    loadAttributionWindows(db, shopId),
    pool.query<{ currency: string }>(`SELECT currency FROM shops WHERE id = $1`, [shopId]),
  ]);
  const figures = figuresOf(totals.rows[0]);
  return {
    flow,
    currency: currency.rows[0]?.currency ?? 'USD',
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    figures,
    rates: ratesOf(figures),
    ...reasons,
    timeSeries: dailySeries(buckets.rows, range.from, range.to),
    attributionWindows: windows,
  };
}
