// `npm run bench:dispatch -- --messages 100000`: the outbox end to end on real Postgres.
//
// Setup (not timed): a fresh database on DATABASE_URL's server, a shop, N customers and N subscribed
// subscribers in bulk SQL, in a region where it is currently inside quiet hours' sending window.
// Timed, from "audience known" to "every message recorded as sent": stream the audience in pages
// (never all rows in memory), render a personalized Liquid template per recipient, enqueue
// (consent, quiet hours and caps gates, set-based insert), while the real dispatcher claims,
// re-checks the gates, sends through the simulator (zero latency, no DLRs) and records outcomes.
// Baseline in the same run: the naive design, one agenda job per message (agenda.now per message,
// the handler loads the row, sends it through the provider, updates the row) on 5,000 messages.
// The last line printed is the JSON summary.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { start, type RunningApp } from '../../server/main.js';
import { systemClock } from '../../server/clock.js';
import { nextAllowedSendTime, resolveTimeZones } from '../../server/messaging/compliance/index.js';
import { createDispatcher } from '../../server/messaging/outbox/dispatcher.js';
import { enqueueMessages } from '../../server/messaging/outbox/enqueue.js';
import type { MessageDraft } from '../../server/messaging/outbox/types.js';
import { createProviderRegistry } from '../../server/messaging/providers/registry.js';
import type { SmsProvider } from '../../server/messaging/providers/types.js';
import { compileTemplate, renderTemplate } from '../../server/messaging/templates/index.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
}

const N = arg('messages', 100_000);
const BASELINE = arg('baseline', 5_000);
// Audience page and dispatcher batch: 2,000 / 1,000 keep peak RSS lower than 5,000 / 2,000 at the same speed
// (fewer objects outlive a young-generation GC and get promoted; see RESULTS.md).
const PAGE = Number(process.env.BENCH_PAGE ?? 2_000);
const TEMPLATE = 'Bench Shop: Hi {{ subscriber.first_name | default: "there" }}, our spring sale is on: 20% off everything with code SPRING. Reply STOP to opt out';
const NAMES = ['Camille', 'Liam', 'Olivia', 'Noah', 'Emma', 'Lucas', 'Ava', 'Mia', 'Ethan', 'Zoé', 'Léa', 'Hugo', 'Chloé', 'Jack', 'Sophia', 'Amelia'];

/** Regions to put the audience in; the first one inside its sending window for the next hour wins. */
const REGIONS = [
  { prefix: '+1212', digits: 7, country: 'US', province: 'NY' },
  { prefix: '+1312', digits: 7, country: 'US', province: 'IL' },
  { prefix: '+1303', digits: 7, country: 'US', province: 'CO' },
  { prefix: '+1213', digits: 7, country: 'US', province: 'CA' },
  { prefix: '+1808', digits: 7, country: 'US', province: 'HI' },
  { prefix: '+4477', digits: 8, country: 'GB', province: null },
  { prefix: '+614', digits: 8, country: 'AU', province: null },
] as const;

function pickRegion(now: Date): (typeof REGIONS)[number] {
  for (const r of REGIONS) {
    const sample = `${r.prefix}${'5'.repeat(r.digits)}`;
    const zones = resolveTimeZones({ phoneE164: sample, address: { countryCode: r.country, provinceCode: r.province } });
    const ok = (at: Date) => nextAllowedSendTime({ now: at, zones, countryCode: r.country, provinceCode: r.province }).allowed;
    if (ok(now) && ok(new Date(now.getTime() + 3_600_000))) return r;
  }
  throw new Error('no benchmark region is inside its sending window for the next hour');
}

async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL must point at a PostgreSQL server (a fresh database is created on it)');
  const name = `bench_dispatch_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function createAudience(pool: pg.Pool, count: number, region: (typeof REGIONS)[number], offset = 0): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO shops (domain, name, sender_id) VALUES ($1, 'Bench Shop', 'BenchShop') RETURNING id`,
    [`bench-${randomBytes(4).toString('hex')}.myshopify.com`],
  );
  const shopId = rows[0]!.id;
  const phone = `$3 || lpad((${offset} + i)::text, ${region.digits}, '0')`;
  await pool.query(
    `INSERT INTO customers (shop_id, id, first_name, phone, country_code, province_code)
     SELECT $1, i, CASE WHEN i % 10 = 0 THEN NULL ELSE ($4::text[])[1 + i % cardinality($4::text[])] END, ${phone}, $5, $6 FROM generate_series(1, $2::int) AS i`,
    [shopId, count, region.prefix, NAMES, region.country, region.province],
  );
  await pool.query(
    `INSERT INTO subscribers (shop_id, phone, country_code, customer_id, marketing_state, transactional_state, source, subscribed_at)
     SELECT $1, ${phone}, $4, i, 'subscribed', 'subscribed', 'import', now() FROM generate_series(1, $2::int) AS i`,
    [shopId, count, region.prefix, region.country],
  );
  await pool.query('ANALYZE customers; ANALYZE subscribers');
  return shopId;
}

/**
 * A campaign renderer: Liquid rendering is pure, so identical merge values give identical text and
 * a campaign renders each distinct value set once (first names repeat a lot in any audience).
 */
function campaignRenderer(source: string): (firstName: string | null) => string {
  const template = compileTemplate(source);
  const memo = new Map<string, string>();
  return (firstName) => {
    const key = firstName ?? '';
    let text = memo.get(key);
    if (text === undefined) {
      text = renderTemplate(template, { subscriber: { first_name: key } });
      if (memo.size < 50_000) memo.set(key, text);
    }
    return text;
  };
}

interface AudienceRow {
  id: string;
  phone: string;
  first_name: string | null;
}

/** One page of the audience after `last` (keyset on subscriber id; the page drives the customer look-ups). */
async function audiencePage(pool: pg.Pool, shopId: string, last: string): Promise<AudienceRow[]> {
  const { rows } = await pool.query<AudienceRow>(
    `SELECT s.id, s.phone, c.first_name
       FROM (SELECT id, phone, customer_id FROM subscribers
              WHERE shop_id = $1 AND marketing_state = 'subscribed' AND id > $2
              ORDER BY id LIMIT $3) s
       LEFT JOIN LATERAL (SELECT first_name FROM customers c WHERE c.shop_id = $1 AND c.id = s.customer_id) c ON true
      ORDER BY s.id`,
    [shopId, last, PAGE],
  );
  return rows;
}

/**
 * Streams the audience in pages, rendering and enqueueing each page; the next page is read while
 * the current one is being enqueued (two pages in memory at most).
 */
async function enqueueAudience(pool: pg.Pool, shopId: string, campaign: string): Promise<number> {
  const render = campaignRenderer(TEMPLATE);
  let total = 0;
  let next = audiencePage(pool, shopId, '00000000-0000-0000-0000-000000000000');
  for (;;) {
    const rows = await next;
    if (rows.length === 0) return total;
    next = audiencePage(pool, shopId, rows.at(-1)!.id);
    const drafts: MessageDraft[] = rows.map((r) => ({
      subscriberId: r.id,
      phone: r.phone,
      kind: 'marketing',
      sourceType: 'campaign',
      sourceId: campaign,
      topic: campaign,
      body: render(r.first_name),
      idempotencyKey: `campaign:${campaign}:${r.id}`,
    }));
    const result = await enqueueMessages(pool, shopId, drafts);
    total += result.queued;
  }
}

/** BENCH_PROFILE=1: time spent per SQL statement kind, printed to stderr. */
function profileQueries(pool: pg.Pool): () => void {
  if (!process.env.BENCH_PROFILE) return () => undefined;
  const totals = new Map<string, { ms: number; n: number }>();
  const original = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  (pool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
    const t = performance.now();
    try {
      return await original(...args);
    } finally {
      const key = String(args[0]).replace(/\s+/g, ' ').trim().slice(0, 40);
      const e = totals.get(key) ?? { ms: 0, n: 0 };
      e.ms += performance.now() - t;
      e.n++;
      totals.set(key, e);
    }
  };
  return () => {
    for (const [k, v] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12))
      console.error(`${v.ms.toFixed(0).padStart(8)} ms ${String(v.n).padStart(6)}x  ${k}`);
  };
}

async function runOutbox(app: RunningApp, provider: SmsProvider, shopId: string, sampleRss: () => void): Promise<number> {
  const pool = app.database.pool;
  const report = profileQueries(pool);
  const dispatcher = createDispatcher({
    pool,
    listenUrl: app.database.url,
    registry: () => ({ forShop: () => provider, byName: () => { throw new Error('unused'); } }),
    dispatch: { ...app.config.dispatch, batchSize: Number(process.env.BENCH_BATCH ?? 1000), concurrency: 3, pollMs: 20 },
    rates: { perShop: 0, perProvider: 0 },
    clock: systemClock,
    name: 'bench',
  });
  const t0 = performance.now();
  dispatcher.start();
  const enqueued = await enqueueAudience(pool, shopId, 'spring');
  if (enqueued !== N) throw new Error(`expected ${N} queued messages, got ${enqueued}`);
  if (process.env.BENCH_PROFILE) console.error(`enqueued after ${((performance.now() - t0) / 1000).toFixed(2)} s, sent so far ${dispatcher.stats().sent}`);
  while (dispatcher.stats().sent < N) {
    sampleRss();
    const s = dispatcher.stats();
    if (s.failed + s.suppressed > 0) throw new Error(`unexpected outcomes: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - t0) / 1000;
  await dispatcher.stop();
  report();
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE shop_id = $1 AND status = 'sent'`, [shopId]);
  if (rows[0]!.n !== N) throw new Error(`expected ${N} sent rows, found ${rows[0]!.n}`);
  return seconds;
}

async function runBaseline(app: RunningApp, provider: SmsProvider, shopId: string): Promise<number> {
  const pool = app.database.pool;
  const { agenda } = app;
  let done = 0;
  agenda.define(
    'bench.naive-send',
    async (job) => {
      const { messageId } = job.attrs.data as { messageId: string };
      const { rows } = await pool.query<{ id: string; phone: string; body: string; encoding: 'GSM-7' | 'UCS-2' }>(
        'SELECT id, phone, body, encoding FROM messages WHERE id = $1',
        [messageId],
      );
      const m = rows[0]!;
      const [outcome] = await provider.send([{ messageId: m.id, to: m.phone, from: 'BenchShop', body: m.body, encoding: m.encoding }]);
      if (outcome?.status !== 'accepted') throw new Error('baseline send failed');
      await pool.query(`UPDATE messages SET status = 'sent', provider_message_id = $2, sent_at = now(), attempts = attempts + 1 WHERE id = $1`, [
        m.id,
        outcome.providerMessageId,
      ]);
      done++;
    },
    { concurrency: 20, lockLimit: 50 },
  );
  await agenda.start();
  const t0 = performance.now();
  // The naive design creates the message rows (here with the same set-based enqueue, which only
  // favours the baseline) and then one job per message.
  const template = compileTemplate(TEMPLATE);
  const { rows } = await pool.query<{ id: string; phone: string; first_name: string | null }>(
    `SELECT s.id, s.phone, c.first_name FROM subscribers s LEFT JOIN customers c ON c.shop_id = s.shop_id AND c.id = s.customer_id WHERE s.shop_id = $1`,
    [shopId],
  );
  const result = await enqueueMessages(
    pool,
    shopId,
    rows.map((r) => ({
      subscriberId: r.id,
      phone: r.phone,
      kind: 'marketing',
      sourceType: 'campaign',
      sourceId: 'naive',
      body: renderTemplate(template, { subscriber: { first_name: r.first_name ?? '' } }),
      idempotencyKey: `naive:${r.id}`,
    })),
  );
  for (const m of result.messages) await agenda.now('bench.naive-send', { messageId: m.id });
  while (done < BASELINE) await new Promise((r) => setTimeout(r, 20));
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  const database = await freshDatabase();
  let peakRss = process.memoryUsage().rss;
  let atPeak = process.memoryUsage();
  const sampleRss = (): void => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) {
      peakRss = m.rss;
      atPeak = m;
    }
  };
  const sampler = setInterval(sampleRss, 100);
  const app = await start({
    port: 0,
    role: 'web',
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      // Local mode with NODE_ENV=production refuses the public local defaults.
      SHOPIFY_API_SECRET: 'bench-webhook-secret',
      MESSAGEBIRD_SIGNING_KEY: 'bench-signing-key',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      LOCAL_SEED: 'false',
      SHOPIFY_API_KEY: undefined,
      SMS_PROVIDER: undefined,
      AGENDA_PROCESS_EVERY_MS: '100',
      DATABASE_POOL_MAX: '12',
    },
  });
  try {
    const region = pickRegion(new Date());
    const registry = createProviderRegistry({ default: 'simulator', simulator: { signingKey: 'bench', latencyMs: 0, capacity: 1000 } });
    const provider = registry.byName('simulator');
    const shopId = await createAudience(app.database.pool, N, region);
    const baselineShop = await createAudience(app.database.pool, BASELINE, region, 5 * 10 ** (region.digits - 1));
    console.error(`audience: ${N} recipients (${region.prefix}…, ${region.country}); rss before dispatch ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB; dispatching`);
    const seconds = await runOutbox(app, provider, shopId, sampleRss);
    const mb = (n: number) => Math.round(n / 2 ** 20);
    console.error(
      `outbox: ${N} messages in ${seconds.toFixed(2)} s; at peak RSS: heap used ${mb(atPeak.heapUsed)} MB of ${mb(atPeak.heapTotal)} MB, ` +
        `external ${mb(atPeak.external)} MB (array buffers ${mb(atPeak.arrayBuffers)} MB); baseline: ${BASELINE} agenda jobs`,
    );
    const baselineSeconds = await runBaseline(app, provider, baselineShop);
    const messagesPerSecond = Math.round(N / seconds);
    const baselinePerSecond = Math.round(BASELINE / baselineSeconds);
    sampleRss();
    console.log(
      JSON.stringify({
        messages: N,
        seconds: Number(seconds.toFixed(2)),
        messagesPerSecond,
        baselinePerSecond,
        ratio: Number((messagesPerSecond / baselinePerSecond).toFixed(1)),
        peakRssMb: Math.round(peakRss / 2 ** 20),
      }),
    );
  } finally {
    clearInterval(sampler);
    await app.stop();
    await database.drop();
  }
}

await main();
// Agenda and pg timers can outlive stop() by a few seconds; the summary is printed, so leave now.
process.exit(0);
