// `npm run bench:reports`: campaign report and 12-month overview read from the pre-aggregated counters, against
// the same figures computed from the raw rows, on real PostgreSQL.
//
// Setup (not timed): a fresh database on DATABASE_URL's server, one shop, one campaign of 1,000,000 messages
// (--messages) with realistic outcomes (88% delivered, 6% failed, 2.5% expired, 1% awaiting a report, 2.5%
// suppressed; 12% of the delivered clicked by people, 3% by bots; a tenth of the clicks followed by an order,
// attributed by the orders trigger) and 12 months of flow history (6 flows, --flow-per-day messages each a day,
// with clicks and orders). Every row is written set-based through the real triggers, so the counters are what
// production would hold. Timed: the campaign report (campaignReport) and the 12-month overview (overview), --runs
// times each (default 20) after a warm-up; baseline in the same run: the same figures from the raw rows
// (messages, link_clicks, order_attributions, consent_events), --raw-runs times each (default 5), and the two
// must agree. The last line printed is the JSON summary.
import pg from 'pg';
import { start } from '../../server/main.js';
import { campaignReport } from '../../server/reports/campaign-report.js';
import { overview } from '../../server/reports/overview.js';
import { freshServerDatabase, p95 } from './bench-database.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
}
const MESSAGES = arg('messages', 1_000_000);
const FLOW_PER_DAY = arg('flow-per-day', 150);
const RUNS = arg('runs', 20);
const RAW_RUNS = arg('raw-runs', 5);
const DAY = 86_400_000;

async function timed<T>(runs: number, fn: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  let last = await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = await fn();
    ms.push(performance.now() - t);
  }
  return { ms, last };
}

const STATUS = (
  i: string,
) => `CASE WHEN ${i} % 1000 < 880 THEN 'delivered' WHEN ${i} % 1000 < 940 THEN 'failed' WHEN ${i} % 1000 < 965 THEN 'expired'
                                    WHEN ${i} % 1000 < 975 THEN 'sent' ELSE 'suppressed' END`;

async function generate(
  pool: pg.Pool,
  shopId: string,
  campaignId: string,
  started: Date,
  now: Date,
): Promise<void> {
  const messageSql = (
    sourceType: string,
    sourceId: string,
    campaign: string,
    keyPrefix: string,
    count: string,
    timeExpr: string,
  ) => `
    INSERT INTO messages (shop_id, phone, kind, source_type, source_id, campaign_id, body, encoding, segments, cost_micros, idempotency_key,
                          status, suppressed_reason, error_code, created_at, queued_at, not_before, updated_at, sent_at, delivered_at, failed_at)
    SELECT $1, '+1415' || lpad((g % 2000000)::text, 7, '0'), 'marketing', '${sourceType}', ${sourceId}, ${campaign}, 'Sale today https://x.example/s', 'gsm7', 1, 7900,
           '${keyPrefix}' || g, st, CASE WHEN st = 'suppressed' THEN 'frequency_cap' END,
           CASE WHEN st = 'failed' THEN 'EC_ABSENT_SUBSCRIBER' WHEN st = 'expired' THEN 'EC_EXPIRED' END,
           t, t, t, t, CASE WHEN st <> 'suppressed' THEN t + interval '3 seconds' END, CASE WHEN st = 'delivered' THEN t + interval '8 seconds' END,
           CASE WHEN st IN ('failed', 'expired') THEN t + interval '40 seconds' END
      FROM generate_series(1, ${count}) AS g
     CROSS JOIN LATERAL (SELECT ${STATUS('g')} AS st, ${timeExpr} AS t) x`;
  // Campaign: source_id and campaign_id are the campaign; sends spread over two hours.
  await pool.query(
    messageSql(
      'campaign',
      '$3::text',
      '$3::uuid',
      'c:',
      '$2',
      `$4::timestamptz + make_interval(secs => g % 7200)`,
    ),
    [shopId, MESSAGES, campaignId, started],
  );
  console.error(`  ${MESSAGES} campaign messages`);
  const flows = [
    'abandoned_checkout',
    'welcome',
    'win_back',
    'browse_abandonment',
    'post_purchase',
    'back_in_stock',
  ];
  for (const [k, flow] of flows.entries()) {
    const perYear = 365 * FLOW_PER_DAY;
    await pool.query(
      messageSql(
        'automation',
        `'${flow}'`,
        'NULL::uuid',
        `f${k}:`,
        String(perYear),
        `$2::timestamptz - make_interval(days => 365) + make_interval(secs => (g::bigint * 31536000 / ${perYear})::int)`,
      ),
      [shopId, now],
    );
  }
  console.error(`  ${flows.length * 365 * FLOW_PER_DAY} flow messages over 12 months`);
  await pool.query(
    `INSERT INTO link_clicks (shop_id, code, message_id, is_bot, clicked_at)
     SELECT m.shop_id, 'b' || (h.v % 100000), m.id, h.v % 100 >= 12, m.delivered_at + CASE WHEN h.v % 100 >= 12 THEN interval '2 seconds' ELSE interval '9 minutes' END
       FROM messages m CROSS JOIN LATERAL (SELECT abs(hashtext(m.idempotency_key)) AS v) h
      WHERE m.shop_id = $1 AND m.status = 'delivered' AND h.v % 100 < 15`,
    [shopId],
  );
  console.error('  clicks');
  // Statistics before the orders: the attribution trigger's per-order look-ups need them to use the indexes.
  await pool.query(`ANALYZE messages, link_clicks, subscribers, campaign_recipients`);
  await pool.query(
    `INSERT INTO orders (shop_id, id, name, phone, currency, total_price, shopify_created_at, shopify_updated_at)
     SELECT $1, row_number() OVER (ORDER BY lc.id), '#' || lc.id, m.phone, 'USD', (20 + lc.id % 130)::numeric(14, 2), lc.clicked_at + interval '1 hour', lc.clicked_at + interval '1 hour'
       FROM link_clicks lc JOIN messages m ON m.id = lc.message_id
      WHERE lc.shop_id = $1 AND NOT lc.is_bot AND lc.id % 10 = 0 AND lc.clicked_at + interval '1 hour' < $2`,
    [shopId, now],
  );
  await pool.query(`ANALYZE`);
  console.error('  orders (attributed by the trigger), analyzed');
}

/** The campaign report's figures from the raw rows. */
async function rawCampaign(pool: pg.Pool, shopId: string, campaignId: string) {
  const [m, c, o, reasons, series] = await Promise.all([
    pool.query(
      `SELECT count(*)::int AS produced, count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent, count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE status = 'failed')::int AS failed, count(*) FILTER (WHERE status = 'suppressed')::int AS suppressed,
              COALESCE(sum(segments) FILTER (WHERE sent_at IS NOT NULL), 0)::int AS segments
         FROM messages WHERE shop_id = $1 AND campaign_id = $2 AND NOT is_test`,
      [shopId, campaignId],
    ),
    pool.query(
      `SELECT count(*) FILTER (WHERE NOT lc.is_bot)::int AS clicks, count(DISTINCT lc.message_id) FILTER (WHERE NOT lc.is_bot)::int AS unique_clicks,
              count(*) FILTER (WHERE lc.is_bot)::int AS bot_clicks
         FROM link_clicks lc JOIN messages m ON m.id = lc.message_id WHERE lc.shop_id = $1 AND m.campaign_id = $2`,
      [shopId, campaignId],
    ),
    pool.query(
      `SELECT count(*) FILTER (WHERE NOT cancelled)::int AS orders, COALESCE(sum(total - refunded) FILTER (WHERE NOT cancelled), 0)::numeric(14, 2)::text AS revenue
         FROM order_attributions WHERE shop_id = $1 AND source_kind = 'campaign' AND source_id = $2::text`,
      [shopId, campaignId],
    ),
    pool.query(
      `SELECT CASE WHEN status = 'suppressed' THEN suppressed_reason ELSE error_code END AS reason, count(*)::int
         FROM messages WHERE shop_id = $1 AND campaign_id = $2 AND status IN ('suppressed', 'failed', 'expired', 'undeliverable') GROUP BY 1`,
      [shopId, campaignId],
    ),
    pool.query(
      `SELECT date_trunc('hour', sent_at) AS h, count(*) FROM messages WHERE shop_id = $1 AND campaign_id = $2 AND sent_at IS NOT NULL GROUP BY 1`,
      [shopId, campaignId],
    ),
  ]);
  void reasons;
  void series;
  return { ...m.rows[0], ...c.rows[0], ...o.rows[0] } as Record<string, number | string>;
}

/** The overview's figures from the raw rows. */
async function rawOverview(pool: pg.Pool, shopId: string, from: Date, to: Date) {
  const [m, o] = await Promise.all([
    pool.query(
      `SELECT date_trunc('day', created_at) AS day, kind, status, count(*)::int, count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent,
              sum(cost_micros) FILTER (WHERE sent_at IS NOT NULL) AS cost
         FROM messages WHERE shop_id = $1 AND created_at >= $2 AND created_at <= $3 AND NOT is_test GROUP BY 1, 2, 3`,
      [shopId, from, to],
    ),
    pool.query(
      `SELECT date_trunc('day', ordered_at) AS day, count(*) FILTER (WHERE NOT cancelled)::int AS orders, sum(total - refunded) AS revenue
         FROM order_attributions WHERE shop_id = $1 AND ordered_at >= $2 AND ordered_at <= $3 GROUP BY 1`,
      [shopId, from, to],
    ),
  ]);
  return {
    sent: m.rows.reduce((s, r: { sent: number }) => s + r.sent, 0),
    orders: o.rows.reduce((s, r: { orders: number }) => s + r.orders, 0),
  };
}

async function main(): Promise<void> {
  const database = await freshServerDatabase('bench_reports');
  const app = await start({
    port: 0,
    role: 'web',
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      SHOPIFY_API_SECRET: 'bench-webhook-secret',
      MESSAGEBIRD_SIGNING_KEY: 'bench-signing-key',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      LOCAL_SEED: 'false',
      SHOPIFY_API_KEY: undefined,
      SMS_PROVIDER: undefined,
    },
  });
  try {
    const pool = app.database.pool;
    const now = new Date();
    const started = new Date(now.getTime() - 20 * DAY);
    const shopId = (
      await pool.query<{ id: string }>(
        `INSERT INTO shops (domain, name, sender_id) VALUES ('bench-reports.myshopify.com', 'Bench', 'Bench') RETURNING id`,
      )
    ).rows[0]!.id;
    const campaignId = (
      await pool.query<{ id: string }>(
        `INSERT INTO campaigns (shop_id, name, slug, status, audience, message, schedule, options, started_at, completed_at)
         VALUES ($1, 'Bench sale', 'bench-sale', 'completed', '{"include":"all","exclude":[]}', '{"templates":{"en":"Sale"},"discount":null}', '{"kind":"now"}',
                 '{"whenBlocked":"hold","smartSendingHours":16,"utm":true,"holdoutPercent":0}', $2, $2) RETURNING id`,
        [shopId, started],
      )
    ).rows[0]!.id;
    const t0 = performance.now();
    console.error(`generating: ${MESSAGES} campaign messages, 12 months of flow history`);
    await generate(pool, shopId, campaignId, started, now);
    console.error(`generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const messages = (
      await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE shop_id = $1`, [shopId])
    ).rows[0]!.n;
    const range = { from: new Date(now.getTime() - 365 * DAY), to: now };

    const report = await timed(RUNS, () => campaignReport(pool, app.database.db, shopId, campaignId));
    const over = await timed(RUNS, () => overview(pool, shopId, range));
    const raw = await timed(RAW_RUNS, () => rawCampaign(pool, shopId, campaignId));
    const rawOver = await timed(RAW_RUNS, () => rawOverview(pool, shopId, range.from, range.to));

    const f = report.last!.figures;
    const agree =
      f.produced === raw.last.produced &&
      f.sent === raw.last.sent &&
      f.delivered === raw.last.delivered &&
      f.failed === raw.last.failed &&
      f.uniqueClicks === raw.last.unique_clicks &&
      f.clicks === raw.last.clicks &&
      f.botClicks === raw.last.bot_clicks &&
      f.orders === raw.last.orders &&
      f.revenue === raw.last.revenue &&
      over.last.totals.sent === rawOver.last.sent &&
      over.last.totals.orders === rawOver.last.orders;
    if (!agree)
      throw new Error(
        `counters disagree with the raw rows: ${JSON.stringify({ counters: f, raw: raw.last, overview: over.last.totals, rawOverview: rawOver.last })}`,
      );
    console.error(
      `campaign report p95 ${p95(report.ms).toFixed(1)} ms, overview p95 ${p95(over.ms).toFixed(1)} ms, raw report p95 ${p95(raw.ms).toFixed(1)} ms, raw overview p95 ${p95(rawOver.ms).toFixed(1)} ms`,
    );
    const reportP95Ms = Math.round(p95(report.ms) * 10) / 10;
    const rawP95Ms = Math.round(p95(raw.ms) * 10) / 10;
    process.stdout.write(
      `${JSON.stringify({
        messages,
        reportP95Ms,
        overviewP95Ms: Math.round(p95(over.ms) * 10) / 10,
        rawP95Ms,
        rawOverviewP95Ms: Math.round(p95(rawOver.ms) * 10) / 10,
        ratio: Math.round((rawP95Ms / reportP95Ms) * 10) / 10,
      })}\n`,
    );
  } finally {
    await app.stop();
    await database.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
