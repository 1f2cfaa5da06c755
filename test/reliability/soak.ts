// `npm run soak -- --minutes 10 [--rate N] [--recipients N]`: a long steady run that looks for leaks. On a
// fresh database on DATABASE_URL's server it starts a web and a worker process (app-child.ts, the real server
// in local mode with the simulator), measures the web process's webhook ingest capacity (autocannon, 10 s,
// signed orders/create) unless --rate is given, then for --minutes posts orders/create at half that rate and
// sends a campaign to all --recipients subscribers (default 5,000; smart sending off) every two minutes.
// Each minute it prints, per process, RSS, event-loop lag p99, open handles (active resources) and pool
// waits (peak waiting clients, 100 ms samples with a waiter). It fails when RSS or open handles keep growing:
// a least-squares line over the second half of the run (at least 3 minutes) rising more than 2 MB or 0.5
// handles a minute with r² >= 0.7. The last line printed is the JSON summary.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { asNewOrder, retarget, type Json } from '../../server/cli/webhook-payload.js';
import { DEMO_SHOP_DOMAIN } from '../../server/local/demo-shop.js';
import { fixturesDir } from '../../server/paths.js';
import { signShopifyWebhook } from '../../server/webhooks/sign.js';
import { freshServerDatabase } from '../bench/bench-database.js';
import { createAppProcesses } from './app-processes.js';
import { appEnv, freePort, intSetting, sleep, WEBHOOK_SECRET } from './run-support.js';
import { choosePlan, pickRegion, seedAudience, sendCampaign } from './seed.js';
import { startWebhookStream } from './webhook-stream.js';

const MINUTES = intSetting('SOAK_MINUTES', 10);
const RATE = intSetting('SOAK_RATE', 0);
const RECIPIENTS = intSetting('SOAK_RECIPIENTS', 5000);
const CAMPAIGN_EVERY_MIN = 2;
const RSS_SLOPE_MB = 2;
const HANDLE_SLOPE = 0.5;
const MIN_R2 = 0.7;

const log = (s: string) => process.stderr.write(`soak: ${s}\n`);

/** Requests per second the web process acknowledges with 50 connections for 10 s. */
async function ingestCapacity(url: string, phoneOf: (i: number) => string): Promise<number> {
  const fixture = JSON.parse(
    readFileSync(join(fixturesDir, 'shopify', 'orders__create.json'), 'utf8'),
  ) as Json;
  let n = 0;
  const result = await autocannon({
    url,
    connections: 50,
    duration: 10,
    requests: [
      {
        method: 'POST',
        path: '/webhooks/shopify',
        setupRequest: (req) => {
          const i = 1 + (n++ % RECIPIENTS);
          const body = JSON.stringify(
            asNewOrder(retarget('orders/create', fixture, { phone: phoneOf(i), customerId: i }), new Date()),
          );
          const headers = signShopifyWebhook({
            secret: WEBHOOK_SECRET,
            topic: 'orders/create',
            shopDomain: DEMO_SHOP_DOMAIN,
            body,
            apiVersion: '2025-10',
            webhookId: randomUUID(),
          });
          return { ...req, headers, body };
        },
      },
    ],
  });
  return Math.round(result['2xx'] / 10);
}

/** Least-squares slope (per minute) and r² of ys sampled once a minute. */
function trend(ys: readonly number[]): { slope: number; r2: number } {
  const n = ys.length;
  const xs = ys.map((_, i) => i);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const r2 = sxx === 0 || syy === 0 ? 0 : (sxy * sxy) / (sxx * syy);
  return { slope: Math.round(slope * 100) / 100, r2: Math.round(r2 * 100) / 100 };
}

async function main(): Promise<number> {
  const database = await freshServerDatabase('soak');
  const dir = mkdtempSync(join(tmpdir(), 'soak-'));
  const port = await freePort();
  const procs = createAppProcesses(
    appEnv({ databaseUrl: database.url, port, handoffLog: join(dir, 'handoffs.log') }),
  );
  try {
    const web = await procs.spawn('web');
    const audience = await seedAudience(
      database.url,
      RECIPIENTS,
      pickRegion(new Date(), Math.ceil(MINUTES / 60) + 1),
    );
    await procs.spawn('worker');
    await choosePlan(web.url!);
    const capacity = RATE > 0 ? null : await ingestCapacity(web.url!, audience.phoneOf);
    const rate = RATE > 0 ? RATE : Math.max(1, Math.floor(capacity! / 2));
    log(
      `${RECIPIENTS} subscribers; ingest capacity ${capacity ?? 'not measured'} /s; webhooks at ${rate}/s for ${MINUTES} min`,
    );
    await procs.metrics(); // resets the lag histograms and pool-wait counters after the capacity probe
    const stream = startWebhookStream({
      url: web.url!,
      secret: WEBHOOK_SECRET,
      ratePerSecond: rate,
      customerFor: audience.customerFor,
      phoneOf: audience.phoneOf,
    });
    const samples = new Map<
      string,
      Array<{ rssMb: number; handles: number; lagP99Ms: number; poolWaitSamples: number }>
    >();
    let campaigns = 0;
    const t0 = Date.now();
    for (let minute = 0; minute < MINUTES; minute++) {
      if (minute % CAMPAIGN_EVERY_MIN === 0) {
        await sendCampaign(web.url!, audience.segmentId, `Soak ${minute}`, 0);
        campaigns++;
      }
      await sleep(Math.max(0, t0 + (minute + 1) * 60_000 - Date.now()));
      const s = stream.stats();
      for (const m of await procs.metrics()) {
        const key = m.role;
        samples.set(key, [...(samples.get(key) ?? []), m]);
        log(
          `minute ${minute + 1} ${m.role}: rss ${m.rssMb} MB, lag p99 ${m.lagP99Ms} ms, handles ${m.handles}, pool waiting peak ${m.poolWaitingPeak} (${m.poolWaitSamples} samples)`,
        );
      }
      log(
        `minute ${minute + 1} webhooks: ${s.acked} acknowledged, ${s.nonAcked} not (retried), max latency ${s.latencyMsMax} ms`,
      );
    }
    await stream.stop();
    const window = Math.max(3, Math.ceil(MINUTES / 2));
    const processes = [...samples].map(([role, xs]) => {
      const tail = xs.slice(-window);
      const rss = trend(tail.map((x) => x.rssMb));
      const handles = trend(tail.map((x) => x.handles));
      const growing =
        tail.length >= 3 &&
        ((rss.slope > RSS_SLOPE_MB && rss.r2 >= MIN_R2) ||
          (handles.slope > HANDLE_SLOPE && handles.r2 >= MIN_R2));
      return {
        role,
        rssFirstMb: xs[0]!.rssMb,
        rssLastMb: xs.at(-1)!.rssMb,
        rssSlopeMbPerMin: rss.slope,
        rssR2: rss.r2,
        handlesLast: xs.at(-1)!.handles,
        handlesSlopePerMin: handles.slope,
        lagP99MaxMs: Math.max(...xs.map((x) => x.lagP99Ms)),
        poolWaitSamples: xs.reduce((a, x) => a + x.poolWaitSamples, 0),
        growing,
      };
    });
    const s = stream.stats();
    const result = {
      minutes: MINUTES,
      capacityPerSecond: capacity,
      ratePerSecond: rate,
      webhooks: s.acked,
      webhooksGaveUp: s.gaveUp,
      campaigns,
      crashes: procs.crashes(),
      processes,
      growing: processes.some((p) => p.growing),
    };
    console.log(JSON.stringify(result));
    return result.growing || result.crashes > 0 || s.gaveUp > 0 ? 1 : 0;
  } finally {
    await procs.stopAll();
    await database.drop().catch((err: unknown) => log(`could not drop the database: ${String(err)}`));
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exit(
  await main().catch((err: unknown) => {
    log(`FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 2;
  }),
);
