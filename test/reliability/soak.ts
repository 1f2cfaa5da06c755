// `npm run soak -- --minutes 10 [--rate N] [--recipients N]`: a steady run that looks for leaks (CI runs
// `--minutes 2.5 --rate 20`). On a
// fresh database on DATABASE_URL's server it starts a web and a worker process (app-child.ts, the real server
// in local mode with the simulator, with --expose-gc), measures the web process's webhook ingest capacity
// (autocannon, 10 s, signed orders/create) unless --rate is given, then for --minutes posts orders/create at
// half that rate and sends a campaign to all --recipients subscribers (default 5,000; smart sending off)
// every two minutes. Every --sample-seconds (default 5) it reads each process's heap in use after a forced
// full collection, external memory, RSS and open handles; each minute it prints, per process, those and
// event-loop lag p99 and pool waits (peak waiting clients, 100 ms samples with a waiter). It fails when one
// of those four grows steadily and materially after the warm-up (--warmup-seconds, default a minute or a
// fifth of the run; soak-verdict.ts has the rule and the bounds), when a process crashes or a webhook is
// given up on.
// SOAK_LEAK_MB_PER_MIN=N makes every app process leak N MB a minute on purpose (injected-leak.ts), to see
// it fail. SOAK_SAMPLES_FILE=path appends every sample there as a JSON line. The last line printed is the
// JSON summary.
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { asNewOrder, retarget, type Json } from '../../server/cli/webhook-payload.js';
import { DEMO_SHOP_DOMAIN } from '../../server/local/demo-shop.js';
import { fixturesDir } from '../../server/paths.js';
import { signShopifyWebhook } from '../../server/webhooks/sign.js';
import { freshServerDatabase } from '../bench/bench-database.js';
import { createAppProcesses } from './app-processes.js';
import { appEnv, freePort, intSetting, numberSetting, sleep, WEBHOOK_SECRET } from './run-support.js';
import { choosePlan, pickRegion, seedAudience, sendCampaign } from './seed.js';
import { BOUNDS, defaultWarmupSeconds, judgeGrowth, MIN_SAMPLES } from './soak-verdict.js';
import { startWebhookStream } from './webhook-stream.js';

const MINUTES = numberSetting('SOAK_MINUTES', 10);
const RATE = intSetting('SOAK_RATE', 0);
const RECIPIENTS = intSetting('SOAK_RECIPIENTS', 5000);
const SAMPLE_S = intSetting('SOAK_SAMPLE_SECONDS', 5);
if (SAMPLE_S < 1 || 60 % SAMPLE_S !== 0) throw new Error('SOAK_SAMPLE_SECONDS must divide 60');
const WARMUP_S = intSetting('SOAK_WARMUP_SECONDS', defaultWarmupSeconds(MINUTES));
const CAMPAIGN_EVERY_MIN = 2;
/** Reported only: the leak is injected by app-child.ts, which reads the same variable. */
const INJECTED_LEAK = Number(process.env.SOAK_LEAK_MB_PER_MIN || 0);
const SAMPLES_FILE = process.env.SOAK_SAMPLES_FILE;

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

interface Sample {
  minute: number;
  heapMb: number;
  externalMb: number;
  rssMb: number;
  handles: number;
}

const SERIES = ['heapMb', 'externalMb', 'rssMb', 'handles'] as const;

/** The per-process part of the JSON line: each series' judged window and verdict, lag and pool waits. */
function summarize(
  role: string,
  xs: readonly Sample[],
  minuteRows: ReadonlyArray<{ lagP99Ms: number; poolWaitSamples: number }>,
) {
  const verdicts = SERIES.map((k) => {
    const points = xs.map((x) => ({ minute: x.minute, value: x[k] }));
    return [k, judgeGrowth(points, WARMUP_S / 60, BOUNDS[k])] as const;
  });
  return {
    role,
    samplesJudged: verdicts[0][1].samples,
    ...Object.fromEntries(
      verdicts.map(([k, g]) => [
        k,
        {
          first: g.first,
          last: g.last,
          slope: g.slopePerMin,
          lateSlope: g.lateSlopePerMin,
          r2: g.r2,
          total: g.total,
        },
      ]),
    ),
    rssAtStartMb: xs[0]?.rssMb,
    lagP99MaxMs: Math.max(...minuteRows.map((x) => x.lagP99Ms)),
    poolWaitSamples: minuteRows.reduce((a, x) => a + x.poolWaitSamples, 0),
    growing: verdicts.filter(([, g]) => g.growing).map(([k]) => k),
  };
}

async function main(): Promise<number> {
  const database = await freshServerDatabase('soak');
  const dir = mkdtempSync(join(tmpdir(), 'soak-'));
  const port = await freePort();
  const procs = createAppProcesses(
    appEnv({ databaseUrl: database.url, port, handoffLog: join(dir, 'handoffs.log') }),
    { exposeGc: true },
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
    const samples = new Map<string, Sample[]>();
    const minuteRows = new Map<string, Array<{ lagP99Ms: number; poolWaitSamples: number }>>();
    let campaigns = 0;
    const t0 = Date.now();
    const ticks = Math.floor((MINUTES * 60) / SAMPLE_S);
    let minute = 0;
    for (let tick = 1; tick <= ticks; tick++) {
      if (Date.now() >= t0 + minute * 60_000 && minute < MINUTES) {
        if (minute % CAMPAIGN_EVERY_MIN === 0) {
          await sendCampaign(web.url!, audience.segmentId, `Soak ${minute}`, 0);
          campaigns++;
        }
        minute++;
      }
      await sleep(Math.max(0, t0 + tick * SAMPLE_S * 1000 - Date.now()));
      const at = (Date.now() - t0) / 60_000;
      const memory = await procs.memory();
      for (const m of memory) {
        const sample = {
          minute: at,
          heapMb: m.heapMb,
          externalMb: m.externalMb,
          rssMb: m.rssMb,
          handles: m.handles,
        };
        samples.set(m.role, [...(samples.get(m.role) ?? []), sample]);
        if (SAMPLES_FILE) appendFileSync(SAMPLES_FILE, `${JSON.stringify({ role: m.role, ...sample })}\n`);
      }
      if ((tick * SAMPLE_S) % 60 !== 0 && tick !== ticks) continue;
      const s = stream.stats();
      for (const m of await procs.metrics()) {
        minuteRows.set(m.role, [...(minuteRows.get(m.role) ?? []), m]);
        const heap = memory.find((x) => x.role === m.role);
        log(
          `minute ${at.toFixed(1)} ${m.role}: heap after gc ${heap?.heapMb} MB, rss ${m.rssMb} MB, lag p99 ${m.lagP99Ms} ms, handles ${m.handles}, pool waiting peak ${m.poolWaitingPeak} (${m.poolWaitSamples} samples)`,
        );
      }
      log(
        `minute ${at.toFixed(1)} webhooks: ${s.acked} acknowledged, ${s.nonAcked} not (retried), max latency ${s.latencyMsMax} ms`,
      );
    }
    await stream.stop();
    const processes = [...samples].map(([role, xs]) => summarize(role, xs, minuteRows.get(role) ?? []));
    const tooShort = processes.some((p) => p.samplesJudged < MIN_SAMPLES);
    if (tooShort)
      log(
        `FAILED: fewer than ${MIN_SAMPLES} samples after the ${WARMUP_S} s warm-up: run longer or sample more often`,
      );
    const s = stream.stats();
    const result = {
      minutes: MINUTES,
      warmupSeconds: WARMUP_S,
      sampleSeconds: SAMPLE_S,
      injectedLeakMbPerMin: INJECTED_LEAK,
      capacityPerSecond: capacity,
      ratePerSecond: rate,
      webhooks: s.acked,
      webhooksGaveUp: s.gaveUp,
      campaigns,
      crashes: procs.crashes(),
      processes,
      growing: processes.some((p) => p.growing.length > 0),
    };
    console.log(JSON.stringify(result));
    return result.growing || tooShort || result.crashes > 0 || s.gaveUp > 0 ? 1 : 0;
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
