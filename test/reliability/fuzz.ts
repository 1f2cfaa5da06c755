// npm run fuzz [-- --requests N --seed S]: boots the real app in-process (start() on port 0, role web, a fresh
// database on DATABASE_URL's server, local mode) and sends N mutated requests (FUZZ_REQUESTS, default 2,000),
// round-robin over every Shopify webhook topic (valid HMAC), both MessageBird callbacks (validly signed) and
// every /api route (the local session), each body derived from the fixtures by a seeded mutation
// (fuzz-mutations.ts). Expectations: no 5xx (503 included, counted apart: it is only allowed under deliberate
// overload, which this run does not make), the process stays up (no uncaught exception, unhandled rejection
// or dropped connection), a rejected request (4xx) changes no row of any table (fuzz-rows.ts), and RSS stays
// flat. Prints one JSON line and exits non-zero on any 5xx, crash, partial write or RSS growth.
import { request as httpRequest, Agent } from 'node:http';
import { CSV_IMPORT_HEADER } from '../../server/contracts/csv-import.js';
import { setTestPhone } from '../../server/messaging/outbox/message-queries.js';
import { DEMO_SHOP_DOMAIN } from '../../server/local/demo-shop.js';
import { start } from '../../server/main.js';
import { signShopifyWebhook } from '../../server/webhooks/sign.js';
import { noOrdersSegment, type ShopAIds } from '../integration/tenant-isolation/route-cases.js';
import { createTestDatabase, testEnv } from '../support/test-database.js';
import { createRng } from './fuzz-mutations.js';
import { changedTables, listTables, nextXid, snapshotRows, type RowSnapshot } from './fuzz-rows.js';
import { buildTargets, type FuzzRequest } from './fuzz-targets.js';

function setting(name: string, flag: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[name];
  const v = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(v) || v < 0)
    throw new Error(`${name} (${flag}) must be a non-negative integer, got ${raw}`);
  return v;
}

const REQUESTS = setting('FUZZ_REQUESTS', '--requests', 2000);
const SEED = setting('FUZZ_SEED', '--seed', 1);
/** RSS may grow this much over the second half of the run (the first half warms caches and the heap up). */
const RSS_GROWTH_LIMIT_MB = setting('FUZZ_RSS_GROWTH_MB', '--rss-growth-mb', 64);
const WEBHOOK_SECRET = 'fuzz-webhook-secret';
const SIGNING_KEY = 'fuzz-signing-key';
const API_VERSION = '2025-10';

/**
 * The only writes a rejected request makes by design: a wrong test-number verification code spends one of its
 * tries, and the last wrong try deletes the code (brute-force protection; the 4xx says how many tries are left).
 */
const REJECTION_WRITES: Record<string, string[]> = {
  'POST /api/messages/test-phone/verify': ['public.test_phone_verifications'],
};

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

interface Answer {
  status: number;
  text: string;
}

function send(base: URL, req: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        agent,
        headers: { ...req.headers, ...(req.body ? { 'Content-Length': String(req.body.length) } : {}) },
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error('no answer within 60 s')));
    r.on('error', reject);
    r.end(req.body ?? undefined);
  });
}

const rssMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().rss / 1048576);
};

async function main(): Promise<number> {
  const began = Date.now();
  let crashes = 0;
  const problems: string[] = [];
  const note = (line: string) => {
    if (problems.length < 40) problems.push(line);
  };
  process.on('uncaughtException', (err) => {
    crashes++;
    note(`uncaught exception: ${err.stack ?? String(err)}`);
  });
  process.on('unhandledRejection', (err) => {
    crashes++;
    note(`unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  });

  // The row accounting reads every table between requests on its own connections, which the embedded
  // server (one transaction at a time across connections) cannot serve alongside the app: a real server only.
  if (!process.env.DATABASE_URL) {
    console.error('npm run fuzz needs DATABASE_URL (a PostgreSQL server it may create a database on)');
    return 2;
  }
  const db = await createTestDatabase();
  const app = await start({
    port: 0,
    role: 'web',
    env: testEnv(db, {
      LOCAL_SEED: 'false',
      LOG_LEVEL: 'fatal',
      SHOPIFY_API_SECRET: WEBHOOK_SECRET,
      MESSAGEBIRD_SIGNING_KEY: SIGNING_KEY,
      SHOPIFY_API_VERSION: API_VERSION,
      DATABASE_POOL_MAX: '10',
    }),
  });
  const base = new URL(app.url!);
  const pool = app.database.pool;
  try {
    const ids = await seed(app, base);
    const targets = buildTargets({
      app,
      ids,
      shopDomain: DEMO_SHOP_DOMAIN,
      webhookSecret: WEBHOOK_SECRET,
      signingKey: SIGNING_KEY,
      apiVersion: API_VERSION,
    });
    const tables = await listTables(pool);
    const rng = createRng(SEED);
    const byStatus: Record<string, number> = {};
    let fiveHundreds = 0;
    let serviceUnavailable = 0;
    let partialWrites = 0;
    let rssWarm = 0;
    const rssSeries: number[] = [];
    let before: { xid: string; rows: RowSnapshot } | null = null;
    const snapshot = async () => {
      const xid = await nextXid(pool);
      return { xid, rows: await snapshotRows(pool, tables) };
    };
    for (let i = 0; i < REQUESTS; i++) {
      if (i % Math.max(1, Math.floor(REQUESTS / 10)) === 0) rssSeries.push(rssMb());
      if (i === Math.floor(REQUESTS / 2)) rssWarm = rssMb();
      const target = targets[i % targets.length]!;
      const req = target.build(rng);
      before ??= await snapshot();
      let answer: Answer;
      try {
        answer = await send(base, req);
      } catch (err) {
        crashes++;
        note(`#${i} ${target.name} [${req.mutation}]: no answer (${(err as Error).message})`);
        before = null;
        continue;
      }
      byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
      const where = `#${i} ${target.name} [${req.mutation}] ${req.method} ${req.path.slice(0, 120)}`;
      if (answer.status === 503) {
        serviceUnavailable++;
        note(`${where}: 503 ${answer.text.slice(0, 200)}`);
      } else if (answer.status >= 500) {
        fiveHundreds++;
        note(`${where}: ${answer.status} ${answer.text.slice(0, 300)}`);
      }
      if (answer.status >= 400 && answer.status < 500) {
        if ((await nextXid(pool)) === before.xid) continue; // nothing written, not even rolled back
        const after = await snapshot();
        const allowed = REJECTION_WRITES[target.name] ?? [];
        const changed = changedTables(before.rows, after.rows).filter((c) => !allowed.includes(c.table));
        if (changed.length > 0) {
          partialWrites++;
          const what = changed.map((c) => `${c.table} ${c.how}`).join(', ');
          note(`${where}: ${answer.status} but changed ${what} (${answer.text.slice(0, 200)})`);
        }
        before = after;
      } else before = null;
    }
    const health = await send(base, {
      method: 'GET',
      path: '/healthz',
      headers: {},
      body: null,
      mutation: '',
    }).catch(() => null);
    if (health?.status !== 200) {
      crashes++;
      note(`/healthz answered ${health?.status ?? 'nothing'} after the run`);
    }
    const rssEnd = rssMb();
    const rssGrowthMb = rssEnd - (rssWarm || rssEnd);
    for (const p of problems) console.error(p);
    const result = {
      requests: REQUESTS,
      fiveHundreds,
      crashes,
      partialWrites,
      serviceUnavailable,
      targets: targets.length,
      seed: SEED,
      byStatus,
      rssWarmMb: rssWarm,
      rssEndMb: rssEnd,
      rssGrowthMb,
      rssSeriesMb: rssSeries,
      seconds: Math.round((Date.now() - began) / 100) / 10,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return fiveHundreds === 0 &&
      serviceUnavailable === 0 &&
      crashes === 0 &&
      partialWrites === 0 &&
      rssGrowthMb <= RSS_GROWTH_LIMIT_MB
      ? 0
      : 1;
  } finally {
    agent.destroy();
    await app.stop();
    await db.drop();
  }
}

/** The demo shop (local mode's session) with a row of every kind a route takes an id of. */
async function seed(app: Awaited<ReturnType<typeof start>>, base: URL): Promise<ShopAIds> {
  const pool = app.database.pool;
  const one = async <T>(sql: string, params: unknown[]) => (await pool.query(sql, params)).rows[0] as T;
  const shop = await one<{ id: string }>(
    `INSERT INTO shops (domain, name, sender_id, country_code, timezone, currency)
     VALUES ($1, 'Demo Store', 'DemoStore', 'US', 'America/New_York', 'USD') RETURNING id`,
    [DEMO_SHOP_DOMAIN],
  );
  const subscriberPhone = '+14155550142';
  const subscriber = await one<{ id: string }>(
    `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source)
     VALUES ($1, $2, 'US', 'subscribed', 'subscribed', 'import') RETURNING id`,
    [shop.id, subscriberPhone],
  );
  const message = await one<{ id: string }>(
    `INSERT INTO messages (shop_id, phone, kind, source_type, body, encoding, segments, idempotency_key, status, provider_message_id, sent_at)
     VALUES ($1, $2, 'transactional', 'automation', 'Hello', 'GSM-7', 1, 'fuzz:1', 'sent', 'fuzz-pmid', now()) RETURNING id`,
    [shop.id, subscriberPhone],
  );
  await pool.query(
    `INSERT INTO customers (shop_id, id, first_name, last_name, email, phone) VALUES ($1, 9001, 'Jane', 'Doe', 'jane@example.com', $2)`,
    [shop.id, subscriberPhone],
  );
  await pool.query(
    `INSERT INTO orders (shop_id, id, name, currency, total_price, shopify_created_at, shopify_updated_at)
     VALUES ($1, 8001, '#1001', 'USD', '10.00', now(), now())`,
    [shop.id],
  );
  await setTestPhone(pool, shop.id, '+14155550199');
  const api = async (method: string, path: string, body: string, contentType = 'application/json') => {
    const a = await send(base, {
      method,
      path,
      headers: { 'Content-Type': contentType, [CSV_IMPORT_HEADER]: '1' },
      body: Buffer.from(body),
      mutation: 'seed',
    });
    if (a.status >= 300) throw new Error(`seeding ${method} ${path} answered ${a.status}: ${a.text}`);
    return JSON.parse(a.text) as { id: string };
  };
  const segment = await api(
    'POST',
    '/api/segments',
    JSON.stringify({ name: 'Fuzz segment', definition: noOrdersSegment }),
  );
  const campaign = await api('POST', '/api/campaigns', JSON.stringify({ name: 'Fuzz campaign' }));
  const imported = await api(
    'POST',
    '/api/subscribers/imports',
    'phone,consent_date\n+14155550102,2025-01-31\n',
    'text/csv',
  );
  await api('POST', '/api/messages/test-phone/code', JSON.stringify({ phone: '+14155550188' }));
  const payload = JSON.stringify({ id: 9001 });
  const hook = await send(base, {
    method: 'POST',
    path: '/webhooks/shopify',
    headers: signShopifyWebhook({
      secret: WEBHOOK_SECRET,
      topic: 'customers/update',
      shopDomain: DEMO_SHOP_DOMAIN,
      body: payload,
      apiVersion: API_VERSION,
    }),
    body: Buffer.from(payload),
    mutation: 'seed',
  });
  if (hook.status !== 200) throw new Error(`seeding a webhook answered ${hook.status}`);
  const event = await one<{ id: string }>('SELECT id::text AS id FROM webhook_events LIMIT 1', []);
  return {
    shopId: shop.id,
    domain: DEMO_SHOP_DOMAIN,
    subscriberId: subscriber.id,
    subscriberPhone,
    testPhone: '+14155550199',
    pendingTestPhone: '+14155550188',
    messageId: message.id,
    webhookEventId: event.id,
    dataRequestId: '00000000-0000-4000-8000-000000000001',
    segmentId: segment.id,
    importId: imported.id,
    campaignId: campaign.id,
    flow: 'welcome',
  };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
