// `npm run chaos`: the delivery guarantees under faults, with real processes. On a fresh database on
// DATABASE_URL's server it starts one web and two worker processes (app-child.ts: the real server, local
// mode, the simulator as provider recording every hand-off in a shared file), seeds CHAOS_RECIPIENTS
// (default 100,000) subscribers, sends them a campaign through the admin API and, for the whole run, posts
// signed orders/create webhooks at CHAOS_WEBHOOK_RATE (default 20/s). Meanwhile it SIGKILLs a random worker
// CHAOS_KILLS times (default 5) at random moments, starting a new one each time, and restarts the PostgreSQL
// server once mid-send (pg_ctlcluster; CHAOS_DB_RESTART=false or --no-db-restart skips it, and so does a
// server this script cannot control, with a note). Then it waits for quiescence and checks (checks.ts).
// Prints {"recipients","kills","dbRestarts","lost","duplicates","webhooksLost",...,"seconds"} last and exits
// 1 on any loss, duplicate, lost webhook, inconsistency, counter drift or crash.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { freshServerDatabase } from '../bench/bench-database.js';
import { createAppProcesses } from './app-processes.js';
import { verify } from './checks.js';
import {
  appEnv,
  driverPool,
  freePort,
  intSetting,
  localCluster,
  patiently,
  sleep,
  WEBHOOK_SECRET,
} from './run-support.js';
import { choosePlan, pickRegion, seedAudience, sendCampaign } from './seed.js';
import { startWebhookStream } from './webhook-stream.js';

const RECIPIENTS = intSetting('CHAOS_RECIPIENTS', 100_000);
const KILLS = intSetting('CHAOS_KILLS', 5);
const WEBHOOK_RATE = intSetting('CHAOS_WEBHOOK_RATE', 20);
/** Subscribed customers outside the campaign's segment who place the orders. */
const BUYERS = 2000;
/** How long to wait for quiescence after the last fault, in seconds. */
const SETTLE_S = intSetting('CHAOS_SETTLE_SECONDS', 600);
const DB_RESTART = process.env.CHAOS_DB_RESTART !== 'false' && !process.argv.includes('--no-db-restart');
/** Lease of a claimed message or webhook and agenda lock lifetime: a killed worker's claims are taken over after this. */
const LEASE_MS = 30_000;

const log = (s: string) => process.stderr.write(`chaos: ${s}\n`);

async function openWork(
  pool: pg.Pool,
  shopId: string,
  campaignId: string,
): Promise<{ fanned: boolean; open: number; inbox: number }> {
  const { rows } = await pool.query<{ fanned: boolean; open: number; inbox: number }>(
    `SELECT (SELECT fanout_phase = 'done' FROM campaigns WHERE shop_id = $1 AND id = $2) AS fanned,
            (SELECT count(*)::int FROM messages WHERE shop_id = $1 AND (status = 'sending'
               OR (status = 'queued' AND not_before <= now() + interval '1 minute'))) AS open,
            (SELECT count(*)::int FROM webhook_events WHERE status IN ('pending', 'processing')) AS inbox`,
    [shopId, campaignId],
  );
  return rows[0]!;
}

async function main(): Promise<number> {
  const t0 = performance.now();
  const database = await freshServerDatabase('chaos');
  const dir = mkdtempSync(join(tmpdir(), 'chaos-'));
  const handoffLog = join(dir, 'handoffs.log');
  const port = await freePort();
  const procs = createAppProcesses({
    ...appEnv({ databaseUrl: database.url, port, handoffLog }),
    DISPATCH_LEASE_MS: String(LEASE_MS),
    AGENDA_LOCK_LIFETIME_MS: String(LEASE_MS),
    WEBHOOK_INBOX_LEASE_MS: String(LEASE_MS),
  });
  const pool = driverPool(database.url);
  const control = DB_RESTART ? localCluster(database.url) : { skip: 'CHAOS_DB_RESTART=false' };
  if ('skip' in control) log(`NOTE: the database restart is skipped: ${control.skip}`);
  let kills = 0;
  let dbRestarts = 0;
  try {
    const web = await procs.spawn('web');
    const audience = await seedAudience(database.url, RECIPIENTS, pickRegion(new Date(), 2), BUYERS);
    await Promise.all([procs.spawn('worker'), procs.spawn('worker')]);
    log(`${RECIPIENTS} subscribers (${audience.region.prefix}…), web ${web.url}, 2 workers; sending`);
    const stream = startWebhookStream({
      url: web.url!,
      secret: WEBHOOK_SECRET,
      ratePerSecond: WEBHOOK_RATE,
      customerFor: audience.customerFor,
      phoneOf: audience.phoneOf,
    });
    await choosePlan(web.url!);
    const campaignId = await sendCampaign(web.url!, audience.segmentId, 'Chaos');

    // Faults at random moments spread over the expected send time (about 1,500 messages a second here).
    const expectedS = RECIPIENTS / 1500 + 3;
    const restartAfter = 'cluster' in control ? Math.ceil(KILLS / 2) : -1;
    for (let k = 0; k <= KILLS; k++) {
      if (k === restartAfter && 'cluster' in control) {
        log(`restarting PostgreSQL (pg_ctlcluster ${control.cluster.join(' ')} restart)`);
        execFileSync('pg_ctlcluster', [...control.cluster, 'restart']);
        dbRestarts++;
      }
      if (k === KILLS) break;
      await sleep(((expectedS * 1000) / (KILLS + 1)) * (0.5 + Math.random()));
      const workers = procs.live().filter((p) => p.role === 'worker');
      const victim = workers[Math.floor(Math.random() * workers.length)];
      if (!victim) continue;
      await procs.kill(victim);
      kills++;
      const progress = await patiently(() => openWork(pool, audience.shopId, campaignId));
      log(
        `kill ${kills}: SIGKILL worker ${victim.child.pid} (${progress.open} messages open); starting another`,
      );
      await procs.spawn('worker');
    }

    // Quiescence: the fan-out done, no message queued or sending, the inbox drained, twice in a row.
    const until = Date.now() + SETTLE_S * 1000;
    let streamStopped = false;
    let quiet = 0;
    while (quiet < 2 && Date.now() < until) {
      await sleep(1000);
      const w = await patiently(() => openWork(pool, audience.shopId, campaignId));
      if (w.fanned && !streamStopped) {
        await stream.stop();
        streamStopped = true;
        log(`campaign fanned out; webhook stream stopped ${JSON.stringify(stream.stats())}`);
        continue;
      }
      quiet = w.fanned && w.open === 0 && w.inbox === 0 ? quiet + 1 : 0;
    }
    if (!streamStopped) await stream.stop();
    if (quiet < 2) log(`NOT QUIET after ${SETTLE_S} s: checking what there is`);

    const verdict = await verify(pool, {
      shopId: audience.shopId,
      campaignIds: [campaignId],
      acked: stream.acked,
      handoffLog,
    });
    log(`detail ${JSON.stringify({ ...verdict.detail, stream: stream.stats(), crashes: procs.crashes() })}`);
    const result = {
      recipients: RECIPIENTS,
      kills,
      dbRestarts,
      lost: verdict.lost,
      duplicates: verdict.duplicates,
      webhooksLost: verdict.webhooksLost,
      webhooks: stream.acked.size,
      inconsistent: verdict.inconsistent,
      counterDrift: verdict.counterDrift,
      crashes: procs.crashes(),
      seconds: Math.round((performance.now() - t0) / 1000),
    };
    console.log(JSON.stringify(result));
    const bad =
      result.lost +
      result.duplicates +
      result.webhooksLost +
      result.inconsistent +
      result.counterDrift +
      result.crashes;
    return bad === 0 ? 0 : 1;
  } finally {
    await procs.stopAll();
    await pool.end();
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
