// `npm run bench:dispatch -- --messages 100000`: a real campaign end to end on real Postgres.
//
// Setup (not timed): a fresh database on DATABASE_URL's server, a shop, N customers and N subscribed
// subscribers in bulk SQL, in a region where it is currently inside quiet hours' sending window, and a saved
// segment holding all of them.
// Timed, from "send" to "every message recorded as sent": a campaign to that segment created and sent through
// server/campaigns/ (the start job, the fan-out: audience pages, A/B and holdout assignment, memoised
// rendering, outbox enqueue with the gates, recipients and cursor per page), while the app's own dispatcher
// (default settings: DISPATCH_* unset) claims, re-checks the gates, sends through the simulator (zero latency,
// no DLRs) and records outcomes.
// Baseline in the same run: the naive design, one agenda job per message (agenda.now per message, the
// handler loads the row, sends it through the provider, updates the row) on 20,000 messages.
// The last line printed is the JSON summary. `peakRssMb` is the process's peak RSS from start to the campaign's
// last message recorded (the app under test: setup, web and worker, fan-out and dispatch); the baseline runs after
// it in the same process and its agenda jobs take more (`wholeRunPeakRssMb`, the peak including the baseline).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { start, type RunningApp } from '../../server/main.js';
import { scheduleCampaign } from '../../server/campaigns/campaign-actions.js';
import { createCampaign } from '../../server/campaigns/campaign-service.js';
import { subscribe, syncSubscription } from '../../server/billing/billing-service.js';
import { createCampaignSchema } from '../../server/contracts/campaigns.js';
import { nextAllowedSendTime, resolveTimeZones } from '../../server/messaging/compliance/index.js';
import { enqueueMessages } from '../../server/messaging/outbox/enqueue.js';
import { createProviderRegistry } from '../../server/messaging/providers/registry.js';
import type { SmsProvider } from '../../server/messaging/providers/types.js';
import { compileTemplate, renderTemplate } from '../../server/messaging/templates/index.js';
import { freshServerDatabase } from './bench-database.js';
import { profileBlocks, profileQueries } from './dispatch-profile.js';

/** The highest capped amount a merchant may approve (USD per 30 days): covers 1,000,000 texts to any region. */
const BENCH_CAP = '100000';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
}

const N = arg('messages', 100_000);
const BASELINE = arg('baseline', 20_000);
const TEMPLATE =
  'Bench Shop: Hi {{ subscriber.first_name | default: "there" }}, our spring sale is on: 20% off everything with code SPRING. Reply STOP to opt out';
const NAMES = [
  'Camille',
  'Liam',
  'Olivia',
  'Noah',
  'Emma',
  'Lucas',
  'Ava',
  'Mia',
  'Ethan',
  'Zoé',
  'Léa',
  'Hugo',
  'Chloé',
  'Jack',
  'Sophia',
  'Amelia',
];

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
    const zones = resolveTimeZones({
      phoneE164: sample,
      address: { countryCode: r.country, provinceCode: r.province },
    });
    const ok = (at: Date) =>
      nextAllowedSendTime({ now: at, zones, countryCode: r.country, provinceCode: r.province }).allowed;
    if (ok(now) && ok(new Date(now.getTime() + 3_600_000))) return r;
  }
  throw new Error('no benchmark region is inside its sending window for the next hour');
}

async function createAudience(
  pool: pg.Pool,
  count: number,
  region: (typeof REGIONS)[number],
  offset = 0,
): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    // Installed a year ago: an established shop, not under the new-shop daily ceiling.
    `INSERT INTO shops (domain, name, sender_id, installed_at) VALUES ($1, 'Bench Shop', 'BenchShop', now() - interval '365 days') RETURNING id`,
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

const CAMPAIGN_ACTOR = 'bench';

/** A saved segment of the bench shop: every customer in the region's country (all N of them). */
async function createSegment(pool: pg.Pool, shopId: string, country: string): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO segments (shop_id, name, definition) VALUES ($1, 'Bench audience', $2) RETURNING id`,
    [shopId, JSON.stringify({ kind: 'customer_country', compare: { op: 'eq', value: country } })],
  );
  return rows[0]!.id;
}

interface CampaignState {
  status: string;
  fanout_phase: string;
  queued_count: number;
  audience_count: number | null;
  left: number;
}

/** The campaign's state; the messages not yet sent are counted only once the fan-out is done (cheap polling). */
async function campaignState(pool: pg.Pool, shopId: string, campaignId: string): Promise<CampaignState> {
  const { rows } = await pool.query<CampaignState>(
    `SELECT c.status, c.fanout_phase, c.queued_count, c.audience_count,
            CASE WHEN c.fanout_phase = 'done' THEN
              (SELECT count(*)::int FROM messages m WHERE m.campaign_id = c.id AND m.status IN ('queued', 'sending')) END AS left
       FROM campaigns c WHERE c.shop_id = $1 AND c.id = $2`,
    [shopId, campaignId],
  );
  return rows[0]!;
}

/**
 * The campaign, as the merchant sends it: created to the segment through server/campaigns/ (default options:
 * smart sending 16 h, hold in quiet hours, UTM on), then "send now". Timed from that call until every message
 * is recorded as sent by the app's own dispatcher (its default settings) through the simulator.
 */
async function runCampaign(
  app: RunningApp,
  shopId: string,
  segmentId: string,
  sampleRss: () => void,
): Promise<number> {
  const pool = app.database.pool;
  const ctx = app.context;
  const report = profileQueries();
  const input = createCampaignSchema.parse({
    name: 'Spring sale',
    audience: { include: [segmentId], exclude: [] },
    message: { templates: { en: TEMPLATE }, discount: null },
    schedule: { kind: 'now' },
  });
  const campaign = await createCampaign(ctx, shopId, CAMPAIGN_ACTOR, input);
  const t0 = performance.now();
  await scheduleCampaign(ctx, shopId, campaign.id, CAMPAIGN_ACTOR);
  let state = await campaignState(pool, shopId, campaign.id);
  let fannedOutAt: number | null = null;
  while (!(state.fanout_phase === 'done' && state.left === 0)) {
    sampleRss();
    if (state.status === 'cancelled' || state.status === 'paused')
      throw new Error(`campaign ${state.status}`);
    if (fannedOutAt === null && state.fanout_phase === 'done') fannedOutAt = performance.now();
    await new Promise((r) => setTimeout(r, 50));
    state = await campaignState(pool, shopId, campaign.id);
  }
  const seconds = (performance.now() - t0) / 1000;
  report();
  if (process.env.BENCH_PROFILE && fannedOutAt !== null)
    console.error(`fan-out done after ${((fannedOutAt - t0) / 1000).toFixed(2)} s`);
  const { rows } = await pool.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM messages WHERE shop_id = $1 AND campaign_id = $2 GROUP BY status`,
    [shopId, campaign.id],
  );
  const counts = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  if (counts.sent !== N || rows.length !== 1) {
    const { rows: why } = await pool.query<{ reason: string | null; n: number }>(
      `SELECT suppressed_reason AS reason, count(*)::int AS n FROM messages
        WHERE shop_id = $1 AND campaign_id = $2 AND status <> 'sent' GROUP BY 1`,
      [shopId, campaign.id],
    );
    throw new Error(
      `expected ${N} sent messages and nothing else, found ${JSON.stringify(counts)}; not sent by reason: ${JSON.stringify(why)}`,
    );
  }
  if (state.audience_count !== N)
    throw new Error(`expected an audience of ${N}, the campaign says ${state.audience_count}`);
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
      const { rows } = await pool.query<{
        id: string;
        phone: string;
        body: string;
        encoding: 'GSM-7' | 'UCS-2';
      }>('SELECT id, phone, body, encoding FROM messages WHERE id = $1', [messageId]);
      const m = rows[0]!;
      const [outcome] = await provider.send([
        { messageId: m.id, to: m.phone, from: 'BenchShop', body: m.body, encoding: m.encoding },
      ]);
      if (outcome?.status !== 'accepted') throw new Error('baseline send failed');
      await pool.query(
        `UPDATE messages SET status = 'sent', provider_message_id = $2, sent_at = now(), attempts = attempts + 1 WHERE id = $1`,
        [m.id, outcome.providerMessageId],
      );
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
  const database = await freshServerDatabase('bench_dispatch');
  const mb = (n: number) => Math.round(n / 2 ** 20);
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
  // BENCH_PROFILE=1: the process's memory every 5 s (which phase grows, heap or not).
  const memoryLog = process.env.BENCH_PROFILE
    ? setInterval(() => {
        const m = process.memoryUsage();
        console.error(
          `memory: rss ${mb(m.rss)} MB, heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB, external ${mb(m.external)} MB`,
        );
      }, 5000)
    : null;
  const env = {
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
    // The simulator answers at once and posts no delivery reports: "sent" is the hand-off being timed.
    SIMULATOR_LATENCY_MS: '0',
    SIMULATOR_DLR: 'false',
    // App defaults for the jobs and the dispatcher.
    AGENDA_PROCESS_EVERY_MS: undefined,
    DISPATCH_BATCH_SIZE: undefined,
    DISPATCH_CONCURRENCY: undefined,
    DISPATCH_POLL_MS: undefined,
    SMS_RATE_PER_SHOP: undefined,
    SMS_RATE_PER_PROVIDER: undefined,
  };
  try {
    const region = pickRegion(new Date());
    const setup = new pg.Pool({ connectionString: database.url, max: 2 });
    // The app migrates the fresh database; a web-only start does nothing else.
    await (await start({ port: 0, role: 'web', env })).stop();
    const shopId = await createAudience(setup, N, region);
    const segmentId = await createSegment(setup, shopId, region.country);
    const baselineShop = await createAudience(setup, BASELINE, region, 5 * 10 ** (region.digits - 1));
    await setup.end();

    // The campaign, with web and worker in one process (npm start).
    const app = await start({ port: 0, role: 'all', env });
    let seconds: number;
    let blocksReport: () => Promise<void> = async () => undefined;
    try {
      // The merchant approves a plan whose cap covers the send, as before any big campaign (a shop without a
      // plan may send only its small no-plan allowance: the campaign would be refused with 409 billing_cap).
      await subscribe(app.context, shopId, { plan: 'scale', cap: BENCH_CAP }, `${app.url}/billing`);
      await syncSubscription(app.context, shopId);
      console.error(
        `audience: ${N} recipients (${region.prefix}…, ${region.country}); rss before send ${mb(process.memoryUsage().rss)} MB; sending`,
      );
      blocksReport = await profileBlocks(database.url, N);
      seconds = await runCampaign(app, shopId, segmentId, sampleRss);
    } finally {
      await app.stop();
    }
    await blocksReport();
    const campaignPeakRss = peakRss;
    console.error(
      `campaign: ${N} messages in ${seconds.toFixed(2)} s; peak RSS ${mb(campaignPeakRss)} MB, at it: heap used ${mb(atPeak.heapUsed)} MB of ${mb(atPeak.heapTotal)} MB, ` +
        `external ${mb(atPeak.external)} MB (array buffers ${mb(atPeak.arrayBuffers)} MB); baseline: ${BASELINE} agenda jobs`,
    );

    // The baseline: agenda started by hand in a web-only app, so that no dispatcher takes its messages.
    const registry = createProviderRegistry({
      default: 'simulator',
      simulator: { signingKey: 'bench', latencyMs: 0, capacity: 1000 },
    });
    const provider = registry.byName('simulator');
    const web = await start({ port: 0, role: 'web', env });
    let baselineSeconds: number;
    try {
      baselineSeconds = await runBaseline(web, provider, baselineShop);
    } finally {
      await web.stop();
    }
    const messagesPerSecond = Math.round(N / seconds);
    const baselinePerSecond = Math.round(BASELINE / baselineSeconds);
    sampleRss();
    console.error(
      `peak RSS: ${mb(campaignPeakRss)} MB up to the campaign's end (peakRssMb), ${mb(peakRss)} MB with the baseline (wholeRunPeakRssMb)`,
    );
    console.log(
      JSON.stringify({
        messages: N,
        seconds: Number(seconds.toFixed(2)),
        messagesPerSecond,
        baselinePerSecond,
        ratio: Number((messagesPerSecond / baselinePerSecond).toFixed(1)),
        peakRssMb: Math.round(campaignPeakRss / 2 ** 20),
        wholeRunPeakRssMb: Math.round(peakRss / 2 ** 20),
      }),
    );
  } finally {
    clearInterval(sampler);
    if (memoryLog) clearInterval(memoryLog);
    await database.drop();
  }
}

await main();
// Agenda and pg timers can outlive stop() by a few seconds; the summary is printed, so leave now.
process.exit(0);
