// `npm run bench:inbox`: webhook inbox drain throughput. Preloads N (default 20,000) real-shaped
// orders/create events (the orders__create fixture with unique order, line item and customer ids; a
// third of the customers are confirmed SMS subscribers, so their order confirmation fires) into the
// inbox of a fresh database (a new database on DATABASE_URL's server, else embedded PGlite), then
// starts one worker process (role worker, the app's defaults: inbox lanes and batch size, dispatcher,
// simulator with zero latency) and times the drain until every event is `done` and every confirmation
// has been handed to the provider. In the same run, as the baseline, the same events are drained on a
// second fresh database with WEBHOOK_INBOX_BATCH_SIZE=1 (one event per transaction). Statements are
// counted in the worker process (every query sent by its pg clients: inbox, automations, dispatcher).
// The last line printed is the JSON summary
//   {"events", "seconds", "eventsPerSecond", "baselinePerSecond", "ratio", "statementsPerEvent"}.
// Targets (2-core machine): ratio ≥ 3, statements per event ≤ 12.
// BENCH_EVENTS=<n> sets N; BENCH_BASELINE_EVENTS=<n> drains only that many in the baseline (default N).
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runMigrations } from '../../server/db/migrate.js';
import { start } from '../../server/main.js';
import { fixturesDir } from '../../server/paths.js';
import { createTestDatabase } from '../support/test-database.js';

const SHOP = 'demo.myshopify.com';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const BASELINE_EVENTS = Number(process.env.BENCH_BASELINE_EVENTS ?? EVENTS);
const CUSTOMER_BASE = 9_200_000_000_000;
const ORDER_BASE = 8_200_000_000_000;
const LINE_ITEM_BASE = 7_200_000_000_000;
const fixture = JSON.parse(
  readFileSync(join(fixturesDir, 'shopify', 'orders__create.json'), 'utf8'),
) as Record<string, unknown> & {
  customer: Record<string, unknown>;
  line_items: Array<Record<string, unknown>>;
};

const phoneOf = (i: number): string => `+3361${String(i).padStart(7, '0')}`;

interface Ready {
  startedAt: number;
}

/** Child: one worker process with the app's defaults, counting the statements its pg clients send. */
async function serveWorker(databaseUrl: string, batchSize: string | undefined): Promise<void> {
  let statements = 0;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
    this: pg.Client,
    ...args: unknown[]
  ) {
    statements++;
    return query.apply(this, args);
  };
  const app = await start({
    role: 'worker',
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl || undefined,
      EMBEDDED_DB_DIR: 'memory://',
      LOCAL_SEED: 'false',
      SHOPIFY_API_KEY: undefined,
      SHOPIFY_API_SECRET: 'local-dev-secret',
      SMS_PROVIDER: 'simulator',
      MESSAGEBIRD_SIGNING_KEY: 'bench-signing-key',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      SIMULATOR_LATENCY_MS: '0',
      SIMULATOR_DLR: 'false',
      WEBHOOK_INBOX_BATCH_SIZE: batchSize,
      // The bench's shop is installed just now and sends thousands of confirmations: no new-shop ceiling.
      NEW_SHOP_DAILY_CEILING: '0',
      HOST: '127.0.0.1',
      PORT: '0',
    },
  });
  process.send!({ startedAt: Date.now() } satisfies Ready);
  process.on('message', (cmd: string) => {
    if (cmd === 'count') process.send!({ statements });
    if (cmd === 'stop') void app.stop().then(() => process.exit(0));
  });
}

function orderBody(i: number): string {
  return JSON.stringify({
    ...fixture,
    id: ORDER_BASE + i,
    name: `#${20_000 + i}`,
    phone: phoneOf(i),
    checkout_token: `bench-inbox-${i}`,
    line_items: fixture.line_items.map((li, k) => ({
      ...li,
      id: LINE_ITEM_BASE + i * fixture.line_items.length + k,
    })),
    customer: {
      ...fixture.customer,
      id: CUSTOMER_BASE + i,
      phone: phoneOf(i),
      email: `inbox${i}@example.com`,
      default_address: null,
    },
  });
}

/** Schema, shop, subscribers (every third customer), the confirmation flow and `count` pending events. */
async function preload(pool: pg.Pool, count: number): Promise<number> {
  await runMigrations(pool);
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO shops (domain, name, sender_id, country_code, currency) VALUES ($1, 'Demo Store', 'DemoStore', 'FR', 'EUR') RETURNING id`,
    [SHOP],
  );
  const shopId = rows[0]!.id;
  const subscribed = await pool.query(
    `INSERT INTO subscribers (shop_id, phone, country_code, customer_id, marketing_state, transactional_state, source, subscribed_at)
     SELECT $1, '+3361' || lpad(i::text, 7, '0'), 'FR', $2::bigint + i, 'subscribed', 'subscribed', 'import', now()
       FROM generate_series(0, $3 - 1, 3) AS i`,
    [shopId, CUSTOMER_BASE, count],
  );
  await pool.query(
    `INSERT INTO automation_flows (shop_id, flow, enabled) VALUES ($1, 'order_confirmation', true)`,
    [shopId],
  );
  const triggeredAt = new Date();
  for (let start = 0; start < count; start += 1000) {
    const n = Math.min(1000, count - start);
    const bodies = Array.from({ length: n }, (_, k) => orderBody(start + k));
    await pool.query(
      `INSERT INTO webhook_events (shop_domain, topic, webhook_id, triggered_at, api_version, payload)
       SELECT $1, 'orders/create', 'bench-inbox-' || w.i, $2, '2025-10', w.body::jsonb
         FROM unnest($3::int[], $4::text[]) AS w(i, body)`,
      [SHOP, triggeredAt, bodies.map((_, k) => start + k), bodies],
    );
  }
  await pool.query('ANALYZE');
  return subscribed.rowCount ?? 0;
}

interface Drain {
  seconds: number;
  statements: number;
}

/** Preloads a fresh database, starts the worker, waits until everything is done and handed off. */
async function drain(count: number, batchSize: string | undefined): Promise<Drain> {
  const db = process.env.DATABASE_URL ? await createTestDatabase() : null;
  // Without a server the worker's own embedded database is used: preload through it once it is up.
  if (!db)
    throw new Error(
      'bench:inbox needs DATABASE_URL (a PostgreSQL server): the embedded database lives inside the worker process',
    );
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  try {
    const confirmations = await preload(pool, count);
    const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
      env: { ...process.env, BENCH_DB: db.url, BENCH_BATCH: batchSize ?? '' },
    });
    try {
      const ready = await new Promise<Ready>((resolve, reject) => {
        child.once('message', (m) => resolve(m as Ready));
        child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
      });
      for (;;) {
        const { rows } = await pool.query<{ done: number; failed: number; sent: number }>(
          `SELECT (SELECT count(*)::int FROM webhook_events WHERE status = 'done') AS done,
                  (SELECT count(*)::int FROM webhook_events WHERE status = 'failed') AS failed,
                  (SELECT count(*)::int FROM messages WHERE source_id = 'order_confirmation' AND sent_at IS NOT NULL) AS sent`,
        );
        const r = rows[0]!;
        if (r.failed > 0) throw new Error(`${r.failed} events failed`);
        if (r.done >= count && r.sent >= confirmations) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const seconds = (Date.now() - ready.startedAt) / 1000;
      const statements = await new Promise<number>((resolve) => {
        child.once('message', (m) => resolve((m as { statements: number }).statements));
        child.send('count');
      });
      process.stdout.write(
        `batch size ${batchSize ?? 'default'}: ${count} events, ${confirmations} confirmations handed off in ${seconds.toFixed(1)} s ` +
          `(${Math.round(count / seconds)} events/s), ${statements} statements (${(statements / count).toFixed(1)} per event)\n`,
      );
      return { seconds, statements };
    } finally {
      child.send('stop');
      await new Promise((r) => child.once('exit', r));
    }
  } finally {
    await pool.end();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const run = await drain(EVENTS, undefined);
  const baseline = await drain(BASELINE_EVENTS, '1');
  const eventsPerSecond = EVENTS / run.seconds;
  const baselinePerSecond = BASELINE_EVENTS / baseline.seconds;
  const summary = {
    events: EVENTS,
    seconds: Number(run.seconds.toFixed(2)),
    eventsPerSecond: Math.round(eventsPerSecond),
    baselinePerSecond: Math.round(baselinePerSecond),
    ratio: Number((eventsPerSecond / baselinePerSecond).toFixed(1)),
    statementsPerEvent: Number((run.statements / EVENTS).toFixed(1)),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

if (process.argv.includes('--serve')) {
  void serveWorker(process.env.BENCH_DB ?? '', process.env.BENCH_BATCH || undefined);
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
    process.exit(1);
  });
}
