// `npm run bench:segments`: segment counts on a large shop, on real PostgreSQL.
//
// Setup (not timed): a fresh database on DATABASE_URL's server, one shop with 1,000,000 customers, ~5,000,000
// orders and their line items (segments-data.ts; --customers / --orders to change). Timed: the 10 definitions
// below counted (customers matching + reachable phones) `--runs` times each (default 20) with the app's
// compiled query (countSegment: read-only transaction, statement timeout), after one untimed warm-up pass.
// Baseline in the same run: the same definitions evaluated naively, `--naive-runs` times each (default 3):
// one GROUP BY over orders and line items per query, no precomputed aggregates (no customer aggregates, no
// purchased_products, RFM scored on the fly); its counts must equal the compiled ones. The last line
// printed is the JSON summary.
import type { SegmentNode } from '../../server/contracts/segments.js';
import { start } from '../../server/main.js';
import { countSegment } from '../../server/segments/segment-queries.js';
import { generateDataSet } from './segments-data.js';
import { naiveCountQuery } from './segments-naive.js';
import { freshServerDatabase, p95 } from './bench-database.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
}

const CUSTOMERS = arg('customers', 1_000_000);
const ORDERS = arg('orders', 5_000_000);
const RUNS = arg('runs', 20);
const NAIVE_RUNS = arg('naive-runs', 3);
/** Keep the generated database (its name is printed) instead of dropping it, e.g. to study query plans. */
const KEEP = process.argv.includes('--keep-database');
/** Reuse a database kept by an earlier run (its data set and migrations as they were): no generation. */
const REUSE = process.argv.includes('--reuse-database')
  ? process.argv[process.argv.indexOf('--reuse-database') + 1]
  : undefined;

const and = (...conditions: SegmentNode[]): SegmentNode => ({ kind: 'and', conditions });
/** Ten typical definitions: all-time aggregates, products (any, and "bought X but not Y"), windows, an OR group, RFM. */
export const BENCH_DEFINITIONS: Array<{ name: string; definition: SegmentNode }> = [
  { name: 'repeat buyers', definition: and({ kind: 'order_count', compare: { op: 'gte', value: 2 } }) },
  { name: 'spent 500+', definition: and({ kind: 'total_spent', compare: { op: 'gte', value: 500 } }) },
  {
    name: 'bought product 1',
    definition: and({ kind: 'products', target: 'product', match: 'any', values: ['1'] }),
  },
  {
    name: 'bought 2 but not 3',
    definition: and(
      { kind: 'products', target: 'product', match: 'any', values: ['2'] },
      { kind: 'products', target: 'product', match: 'none', values: ['3'] },
    ),
  },
  {
    name: 'ordered in the last 90 days',
    definition: and({
      kind: 'order_count',
      window: { from: { daysAgo: 90 } },
      compare: { op: 'gte', value: 1 },
    }),
  },
  {
    name: 'inactive 90 days',
    definition: and(
      { kind: 'order_count', compare: { op: 'gte', value: 1 } },
      { kind: 'last_order_date', compare: { op: 'lt', value: { daysAgo: 90 } } },
    ),
  },
  {
    name: 'VIP or spent 1000+',
    definition: {
      kind: 'or',
      conditions: [
        { kind: 'customer_tags', compare: { op: 'eq', value: 'VIP' } },
        { kind: 'total_spent', compare: { op: 'gte', value: 1000 } },
      ],
    },
  },
  {
    name: 'RFM at risk / can\u2019t lose',
    definition: and({ kind: 'rfm', groups: ['at_risk', 'cant_lose'] }),
  },
  {
    name: 'US/CA with AOV 100+',
    definition: and(
      { kind: 'customer_country', compare: { op: 'in', values: ['US', 'CA'] } },
      { kind: 'average_order_value', compare: { op: 'gte', value: 100 } },
    ),
  },
  {
    name: 'first order in the last 30 days, one order',
    definition: and(
      { kind: 'order_count', compare: { op: 'eq', value: 1 } },
      { kind: 'first_order_date', compare: { op: 'gte', value: { daysAgo: 30 } } },
    ),
  },
];

async function main(): Promise<void> {
  const database = REUSE
    ? { url: REUSE, drop: async () => undefined }
    : await freshServerDatabase('bench_segments');
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
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
      // Measured, not enforced: a count slower than the app's 5 s default is still timed.
      SEGMENT_QUERY_TIMEOUT_MS: '600000',
    },
  });
  try {
    const pool = app.database.pool;
    const now = new Date();
    let shopId: string;
    let orders: number;
    if (REUSE) {
      shopId = (
        await pool.query<{ id: string }>(`SELECT id FROM shops WHERE domain = 'bench-segments.myshopify.com'`)
      ).rows[0]!.id;
      orders = (
        await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE shop_id = $1`, [shopId])
      ).rows[0]!.n;
      console.error(`reusing ${REUSE}: ${orders} orders`);
    } else {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO shops (domain, name, sender_id) VALUES ('bench-segments.myshopify.com', 'Bench', 'Bench') RETURNING id`,
      );
      shopId = rows[0]!.id;
      console.error(`generating ${CUSTOMERS} customers, ~${ORDERS} orders`);
      orders = (await generateDataSet(pool, shopId, { customers: CUSTOMERS, orders: ORDERS }, now)).orders;
    }
    const opts = { timeoutMs: app.context.config.segments.queryTimeoutMs, now };

    const counts = new Map<string, { customers: number; reachable: number }>();
    for (const d of BENCH_DEFINITIONS)
      counts.set(d.name, await countSegment(pool, shopId, d.definition, opts)); // warm-up
    const times: number[] = [];
    for (const d of BENCH_DEFINITIONS) {
      const own: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await countSegment(pool, shopId, d.definition, opts);
        own.push(performance.now() - t);
      }
      times.push(...own);
      console.error(`  ${d.name}: ${JSON.stringify(counts.get(d.name))}, p95 ${p95(own).toFixed(1)} ms`);
    }

    const naiveTimes: number[] = [];
    for (const d of BENCH_DEFINITIONS) {
      const q = naiveCountQuery(d.name, shopId, now);
      const own: number[] = [];
      for (let i = 0; i < NAIVE_RUNS; i++) {
        const t = performance.now();
        const client = await pool.connect();
        let result: { customers: number; reachable: number };
        try {
          await client.query(`SET work_mem = '64MB'`);
          result = (await client.query<{ customers: number; reachable: number }>(q.text, q.values)).rows[0]!;
          await client.query('RESET work_mem');
        } finally {
          client.release();
        }
        own.push(performance.now() - t);
        const expected = counts.get(d.name)!;
        if (result.customers !== expected.customers || result.reachable !== expected.reachable) {
          throw new Error(
            `naive ${d.name} counted ${JSON.stringify(result)}, the compiled query ${JSON.stringify(expected)}`,
          );
        }
      }
      naiveTimes.push(...own);
      console.error(`  naive ${d.name}: p95 ${p95(own).toFixed(0)} ms`);
    }
    const countP95Ms = Number(p95(times).toFixed(1));
    const naiveP95Ms = Number(p95(naiveTimes).toFixed(1));
    console.log(
      JSON.stringify({
        customers: CUSTOMERS,
        orders,
        definitions: BENCH_DEFINITIONS.length,
        countP95Ms,
        naiveP95Ms,
        ratio: Number((naiveP95Ms / countP95Ms).toFixed(1)),
        peakRssMb: Math.round(peakRss / 2 ** 20),
      }),
    );
  } finally {
    clearInterval(sampler);
    await app.stop();
    if (KEEP || REUSE) console.error(`database kept: ${database.url}`);
    else await database.drop();
  }
}

await main();
// Agenda and pg timers can outlive stop() by a few seconds; the summary is printed, so leave now.
process.exit(0);
