// `npm run bench:transactional`: latency of a transactional automation, from webhook received to
// provider hand-off. Boots the real app (role all: receiver, webhook inbox, automations, outbox dispatcher,
// simulator with zero latency) in a child process on a fresh database (a new database on DATABASE_URL's
// server, else embedded PGlite), with 3,000 confirmed subscribers. The parent sends signed orders/create
// webhooks at 100 per second for 30 s (each a new order of a different subscribed customer), waits until
// every order confirmation has been handed to the provider, then measures per order
//   messages.sent_at (the provider accepted it) − webhook_events.received_at (the receiver stored it).
// The last line printed is the JSON summary {p50Ms, p95Ms, p99Ms, count}. Target: p95 ≤ 1,000 ms.
// `-- --rate <n>` sets the rate (default 100/s, or BENCH_RATE); `-- --steps` then runs again on a fresh
// app and database at +50/s each time until the p95 passes 1 s, and the last line is
// {"rates": [{rate, p95Ms, ...}], "p95CrossesAt": <first rate with p95 > 1 s, or null>}.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { start } from '../../server/main.js';
import { fixturesDir } from '../../server/paths.js';
import { signShopifyWebhook } from '../../server/webhooks/sign.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const SECRET = 'local-dev-secret';
const SHOP = 'demo.myshopify.com';
const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const RATE = Number(argValue('--rate') ?? process.env.BENCH_RATE ?? 100);
const STEPS = process.argv.includes('--steps');
const STEP = 50;
const MAX_RATE = Number(process.env.BENCH_MAX_RATE ?? 1000);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 30);
/** Webhook inbox lanes in the app process: BENCH_INBOX_LANES, else the app's WEBHOOK_INBOX_LANES default. */
const INBOX_LANES = process.env.BENCH_INBOX_LANES ?? process.env.WEBHOOK_INBOX_LANES;
const CUSTOMER_BASE = 9_100_000_000_000;
const ORDER_BASE = 8_100_000_000_000;
const LINE_ITEM_BASE = 7_100_000_000_000;
const fixture = JSON.parse(
  readFileSync(join(fixturesDir, 'shopify', 'orders__create.json'), 'utf8'),
) as Record<string, unknown> & {
  customer: Record<string, unknown>;
  line_items: Array<Record<string, unknown>>;
};

const phoneOf = (i: number): string => `+3361${String(i).padStart(7, '0')}`;

interface Ready {
  url: string;
  databaseUrl: string;
  inboxLanes: number;
}

/** Child: the real app, all roles, with the webhook inbox registered. */
async function serveApp(databaseUrl: string | undefined): Promise<void> {
  const app = await start({
    role: 'all',
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      EMBEDDED_DB_DIR: 'memory://',
      LOCAL_SEED: 'false',
      SHOPIFY_API_KEY: undefined,
      SHOPIFY_API_SECRET: SECRET,
      SMS_PROVIDER: 'simulator',
      // Local mode with NODE_ENV=production refuses the public local defaults.
      MESSAGEBIRD_SIGNING_KEY: 'bench-signing-key',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      SIMULATOR_LATENCY_MS: '0',
      SIMULATOR_DLR: 'false',
      WEBHOOK_INBOX_LANES: INBOX_LANES,
      // The bench's shop is installed just now and sends thousands of confirmations: no new-shop ceiling.
      NEW_SHOP_DAILY_CEILING: '0',
      HOST: '127.0.0.1',
      PORT: '0',
    },
  });
  process.send!({
    url: app.url!,
    databaseUrl: app.database.url,
    inboxLanes: app.config.webhooks.inboxLanes,
  } satisfies Ready);
  process.on('message', (cmd: string) => {
    if (cmd === 'stop') void app.stop().then(() => process.exit(0));
  });
}

async function seed(pool: pg.Pool, count: number): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO shops (domain, name, sender_id, country_code, currency) VALUES ($1, 'Demo Store', 'DemoStore', 'FR', 'EUR')
     ON CONFLICT (domain) DO UPDATE SET name = excluded.name RETURNING id`,
    [SHOP],
  );
  const shopId = rows[0]!.id;
  await pool.query(
    `INSERT INTO subscribers (shop_id, phone, country_code, customer_id, marketing_state, transactional_state, source, subscribed_at)
     SELECT $1, '+3361' || lpad(i::text, 7, '0'), 'FR', $2::bigint + i, 'subscribed', 'subscribed', 'import', now()
       FROM generate_series(0, $3 - 1) AS i`,
    [shopId, CUSTOMER_BASE, count],
  );
  await pool.query(
    `INSERT INTO automation_flows (shop_id, flow, enabled) VALUES ($1, 'order_confirmation', true)`,
    [shopId],
  );
  return shopId;
}

function orderBody(i: number): string {
  return JSON.stringify({
    ...fixture,
    id: ORDER_BASE + i,
    name: `#${10_000 + i}`,
    phone: phoneOf(i),
    checkout_token: `bench-${i}`,
    // Line item ids are unique across a shop's orders, as in Shopify; shared ids would serialise every
    // order on the same order_line_items rows.
    line_items: fixture.line_items.map((li, k) => ({
      ...li,
      id: LINE_ITEM_BASE + i * fixture.line_items.length + k,
    })),
    customer: {
      ...fixture.customer,
      id: CUSTOMER_BASE + i,
      phone: phoneOf(i),
      email: `bench${i}@example.com`,
      default_address: null,
    },
  });
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface Summary {
  rate: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  count: number;
}

async function main(): Promise<void> {
  if (!STEPS) {
    const { rate: _rate, ...summary } = await runAt(RATE);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const rates: Summary[] = [];
  for (let rate = RATE; rate <= MAX_RATE; rate += STEP) {
    const summary = await runAt(rate);
    rates.push(summary);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (summary.p95Ms > 1000) break;
  }
  const crossed = rates.find((r) => r.p95Ms > 1000);
  process.stdout.write(`${JSON.stringify({ rates, p95CrossesAt: crossed ? crossed.rate : null })}\n`);
}

async function runAt(RATE: number): Promise<Summary> {
  const COUNT = RATE * DURATION_S;
  const external = process.env.DATABASE_URL;
  const db: TestDatabase | null = external ? await createTestDatabase() : null;
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the app process there.
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    env: { ...process.env, BENCH_DB: db?.url ?? '' },
    execArgv: [...process.execArgv, ...profile],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`app exited with ${code}`)));
  });
  const pool = new pg.Pool({ connectionString: ready.databaseUrl, max: 2 });
  try {
    await seed(pool, COUNT);
    const bodies = Array.from({ length: COUNT }, (_, i) => orderBody(i));
    let failures = 0;
    const inflight: Promise<void>[] = [];
    const t0 = Date.now();
    for (let i = 0; i < COUNT; i++) {
      const due = t0 + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const body = bodies[i]!;
      const headers = signShopifyWebhook({
        secret: SECRET,
        topic: 'orders/create',
        shopDomain: SHOP,
        body,
        apiVersion: '2025-10',
        webhookId: randomUUID(),
      });
      inflight.push(
        fetch(`${ready.url}/webhooks/shopify`, { method: 'POST', headers, body }).then(
          (res) => void (res.ok ? undefined : failures++),
          () => void failures++,
        ),
      );
    }
    await Promise.all(inflight);
    const sendSeconds = (Date.now() - t0) / 1000;
    const deadline = Date.now() + 120_000;
    let sent = 0;
    while (Date.now() < deadline) {
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM messages WHERE source_id = 'order_confirmation' AND sent_at IS NOT NULL`,
      );
      sent = rows[0]!.n;
      if (sent >= COUNT - failures) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const { rows } = await pool.query<{ ms: number; inbox_ms: number; second: number }>(
      `SELECT EXTRACT(EPOCH FROM (m.sent_at - w.received_at)) * 1000 AS ms,
              EXTRACT(EPOCH FROM (m.created_at - w.received_at)) * 1000 AS inbox_ms,
              floor(EXTRACT(EPOCH FROM (w.received_at - min(w.received_at) OVER ())))::int AS second
         FROM messages m
         -- Each payload's order id extracted once (a join on payload->>'id' may decompress every payload
         -- once per message).
         JOIN (SELECT received_at, 'order_confirmation:' || (payload->>'id') AS key
                 FROM webhook_events WHERE topic = 'orders/create' OFFSET 0) w ON m.idempotency_key = w.key
        WHERE m.source_id = 'order_confirmation' AND m.sent_at IS NOT NULL`,
    );
    const latencies = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
    const inbox = rows.map((r) => Number(r.inbox_ms)).sort((a, b) => a - b);
    const summary: Summary = {
      rate: RATE,
      p50Ms: Math.round(percentile(latencies, 50)),
      p95Ms: Math.round(percentile(latencies, 95)),
      p99Ms: Math.round(percentile(latencies, 99)),
      count: latencies.length,
    };
    process.stdout.write(
      `${RATE}/s: sent ${COUNT} orders/create in ${sendSeconds.toFixed(1)} s (${failures} failed requests); ${sent} confirmations handed to the simulator; ` +
        `database: ${external ? 'PostgreSQL server' : 'embedded PGlite'}; inbox lanes ${ready.inboxLanes}; max ${Math.round(latencies.at(-1) ?? 0)} ms; ` +
        `received → message created (inbox + automation): p50 ${Math.round(percentile(inbox, 50))} ms, p95 ${Math.round(percentile(inbox, 95))} ms\n`,
    );
    // p95 per 5-second window of arrival: flat means the app keeps up; rising means a growing backlog.
    const windows = new Map<number, number[]>();
    for (const r of rows) {
      const w = Math.floor(Number(r.second) / 5) * 5;
      windows.set(w, [...(windows.get(w) ?? []), Number(r.ms)]);
    }
    const trend = [...windows.entries()]
      .sort(([a], [b]) => a - b)
      .map(
        ([w, v]) =>
          `${w}s:${Math.round(
            percentile(
              v.sort((a, b) => a - b),
              95,
            ),
          )}`,
      )
      .join(' ');
    process.stdout.write(`p95 by arrival window: ${trend}\n`);
    return summary;
  } finally {
    await pool.end();
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
    await db?.drop();
  }
}

if (process.argv.includes('--serve')) {
  void serveApp(process.env.BENCH_DB || undefined);
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
    process.exit(1);
  });
}
