// The nightly repair of the report counters: recompute every counter of a shop from the raw rows with the same
// delta functions the triggers use (migration 0022), log each difference and add it; then the daily rollup
// (migration 0026) from the repaired hours. Adding the difference (rather than overwriting) keeps increments that
// committed while the recompute ran: expected and actual are read from one snapshot, and the upsert adds to the
// latest row version.
import type pg from 'pg';
import { logger } from '../logger.js';
import { COUNTER_METRICS } from './counter-columns.js';

const KEY = ['shop_id', 'source_kind', 'source_id', 'message_kind', 'bucket'] as const;

const COUNTERS_SQL = `
  WITH expected AS (
    SELECT ${KEY.map((k) => `d.${k}`).join(', ')}, ${COUNTER_METRICS.map((m) => `sum(d.${m}) AS ${m}`).join(', ')}
      FROM (SELECT d.* FROM messages m CROSS JOIN LATERAL report_message_deltas(m) d WHERE m.shop_id = $1
            UNION ALL SELECT d.* FROM link_clicks c CROSS JOIN LATERAL report_click_deltas(c) d WHERE c.shop_id = $1
            UNION ALL SELECT d.* FROM campaign_recipients r CROSS JOIN LATERAL report_recipient_deltas(r) d WHERE r.shop_id = $1
            UNION ALL SELECT d.* FROM order_attributions a CROSS JOIN LATERAL report_order_deltas(a) d WHERE a.shop_id = $1
            UNION ALL SELECT d.* FROM consent_events e CROSS JOIN LATERAL report_optout_deltas(e) d
                       WHERE e.shop_id = $1 AND e.channel = 'marketing' AND e.action = 'unsubscribed') d
     GROUP BY ${KEY.map((k) => `d.${k}`).join(', ')}
  ), actual AS (
    SELECT * FROM report_counters WHERE shop_id = $1
  ), diff AS (
    SELECT ${KEY.map((k) => `COALESCE(e.${k}, a.${k}) AS ${k}`).join(', ')},
           ${COUNTER_METRICS.map((m) => `COALESCE(e.${m}, 0) - COALESCE(a.${m}, 0) AS ${m}`).join(', ')}
      FROM expected e FULL JOIN actual a USING (${KEY.join(', ')})
  ), drift AS (
    SELECT * FROM diff WHERE ${COUNTER_METRICS.map((m) => `${m} <> 0`).join(' OR ')}
  ), fixed AS (
    INSERT INTO report_counters AS rc (${KEY.join(', ')}, ${COUNTER_METRICS.join(', ')})
    SELECT ${KEY.join(', ')}, ${COUNTER_METRICS.join(', ')} FROM drift ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (${KEY.join(', ')}) DO UPDATE
       SET ${COUNTER_METRICS.map((m) => `${m} = rc.${m} + EXCLUDED.${m}`).join(', ')}, updated_at = now()
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM fixed)::int AS n,
         (SELECT COALESCE(jsonb_agg(to_jsonb(s)), '[]') FROM (SELECT * FROM drift LIMIT 5) s) AS sample`;

// The daily rollup (migration 0026) against its hours, after the hourly rows are repaired (whose repair the
// rollup's triggers already carried over): any difference left is drift of the rollup itself.
const DAILY_KEY = ['shop_id', 'source_kind', 'source_id', 'message_kind', 'day'] as const;
const DAILY_SQL = `
  WITH expected AS (
    SELECT shop_id, source_kind, source_id, message_kind, date_trunc('day', bucket, 'UTC') AS day,
           ${COUNTER_METRICS.map((m) => `sum(${m}) AS ${m}`).join(', ')}
      FROM report_counters WHERE shop_id = $1
     GROUP BY 1, 2, 3, 4, 5
  ), actual AS (
    SELECT * FROM report_counters_daily WHERE shop_id = $1
  ), diff AS (
    SELECT ${DAILY_KEY.map((k) => `COALESCE(e.${k}, a.${k}) AS ${k}`).join(', ')},
           ${COUNTER_METRICS.map((m) => `COALESCE(e.${m}, 0) - COALESCE(a.${m}, 0) AS ${m}`).join(', ')}
      FROM expected e FULL JOIN actual a USING (${DAILY_KEY.join(', ')})
  ), drift AS (
    SELECT * FROM diff WHERE ${COUNTER_METRICS.map((m) => `${m} <> 0`).join(' OR ')}
  ), fixed AS (
    INSERT INTO report_counters_daily AS rd (${DAILY_KEY.join(', ')}, ${COUNTER_METRICS.join(', ')})
    SELECT ${DAILY_KEY.join(', ')}, ${COUNTER_METRICS.join(', ')} FROM drift ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (${DAILY_KEY.join(', ')}) DO UPDATE
       SET ${COUNTER_METRICS.map((m) => `${m} = rd.${m} + EXCLUDED.${m}`).join(', ')}
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM fixed)::int AS n,
         (SELECT COALESCE(jsonb_agg(to_jsonb(s)), '[]') FROM (SELECT * FROM drift LIMIT 5) s) AS sample`;

const REASONS_SQL = `
  WITH expected AS (
    SELECT d.shop_id, d.source_kind, d.source_id, d.day, d.dimension, d.reason, sum(d.n) AS n
      FROM (SELECT d.* FROM messages m CROSS JOIN LATERAL report_message_reasons(m) d WHERE m.shop_id = $1
            UNION ALL SELECT d.* FROM campaign_recipients r CROSS JOIN LATERAL report_recipient_reasons(r) d WHERE r.shop_id = $1) d
     GROUP BY 1, 2, 3, 4, 5, 6
  ), drift AS (
    SELECT COALESCE(e.shop_id, a.shop_id) AS shop_id, COALESCE(e.source_kind, a.source_kind) AS source_kind,
           COALESCE(e.source_id, a.source_id) AS source_id, COALESCE(e.day, a.day) AS day,
           COALESCE(e.dimension, a.dimension) AS dimension, COALESCE(e.reason, a.reason) AS reason,
           COALESCE(e.n, 0) - COALESCE(a.count, 0) AS n
      FROM expected e
      FULL JOIN (SELECT * FROM report_reasons WHERE shop_id = $1) a USING (shop_id, source_kind, source_id, day, dimension, reason)
     WHERE COALESCE(e.n, 0) <> COALESCE(a.count, 0)
  ), fixed AS (
    INSERT INTO report_reasons AS rr (shop_id, source_kind, source_id, day, dimension, reason, count)
    SELECT shop_id, source_kind, source_id, day, dimension, reason, n FROM drift ORDER BY 1, 2, 3, 5, 6, 4
    ON CONFLICT (shop_id, source_kind, source_id, dimension, reason, day) DO UPDATE SET count = rr.count + EXCLUDED.count
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM fixed)::int AS n, (SELECT COALESCE(jsonb_agg(to_jsonb(s)), '[]') FROM (SELECT * FROM drift LIMIT 5) s) AS sample`;

const SUBSCRIBERS_SQL = `
  WITH expected AS (
    SELECT shop_id, date_trunc('day', LEAST(occurred_at, recorded_at), 'UTC') AS day, source,
           count(*) FILTER (WHERE action IN ('subscribed', 'resubscribed')) AS opt_ins,
           count(*) FILTER (WHERE action = 'unsubscribed') AS opt_outs
      FROM consent_events WHERE shop_id = $1 AND channel = 'marketing' GROUP BY 1, 2, 3
  ), drift AS (
    SELECT COALESCE(e.shop_id, a.shop_id) AS shop_id, COALESCE(e.day, a.day) AS day, COALESCE(e.source, a.source) AS source,
           COALESCE(e.opt_ins, 0) - COALESCE(a.opt_ins, 0) AS opt_ins, COALESCE(e.opt_outs, 0) - COALESCE(a.opt_outs, 0) AS opt_outs
      FROM expected e FULL JOIN (SELECT * FROM subscriber_counters WHERE shop_id = $1) a USING (shop_id, day, source)
     WHERE COALESCE(e.opt_ins, 0) <> COALESCE(a.opt_ins, 0) OR COALESCE(e.opt_outs, 0) <> COALESCE(a.opt_outs, 0)
  ), fixed AS (
    INSERT INTO subscriber_counters AS sc (shop_id, day, source, opt_ins, opt_outs)
    SELECT * FROM drift ORDER BY 1, 2, 3
    ON CONFLICT (shop_id, day, source) DO UPDATE SET opt_ins = sc.opt_ins + EXCLUDED.opt_ins, opt_outs = sc.opt_outs + EXCLUDED.opt_outs
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM fixed)::int AS n, (SELECT COALESCE(jsonb_agg(to_jsonb(s)), '[]') FROM (SELECT * FROM drift LIMIT 5) s) AS sample`;

export interface RepairResult {
  counters: number;
  daily: number;
  reasons: number;
  subscribers: number;
}

/** Recomputes one shop's counters and repairs them; returns how many rows drifted in each table. */
export async function repairShopCounters(pool: pg.Pool, shopId: string): Promise<RepairResult> {
  const run = async (table: string, sql: string): Promise<number> => {
    const { rows } = await pool.query<{ n: number; sample: unknown[] }>(sql, [shopId]);
    const n = rows[0]?.n ?? 0;
    if (n > 0)
      logger.warn(
        { shopId, table, drifted: n, sample: rows[0]?.sample },
        'report counters drifted from the raw rows; repaired',
      );
    return n;
  };
  return {
    counters: await run('report_counters', COUNTERS_SQL),
    daily: await run('report_counters_daily', DAILY_SQL),
    reasons: await run('report_reasons', REASONS_SQL),
    subscribers: await run('subscriber_counters', SUBSCRIBERS_SQL),
  };
}

export async function repairAllCounters(pool: pg.Pool): Promise<RepairResult> {
  const total: RepairResult = { counters: 0, daily: 0, reasons: 0, subscribers: 0 };
  const { rows } = await pool.query<{ id: string }>(`SELECT id FROM shops ORDER BY id`);
  for (const { id } of rows) {
    const r = await repairShopCounters(pool, id);
    total.counters += r.counters;
    total.daily += r.daily;
    total.reasons += r.reasons;
    total.subscribers += r.subscribers;
  }
  return total;
}
