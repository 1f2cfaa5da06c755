// The campaign watchdog (a recurring job, every minute): finds campaigns whose next step has no job to run it
// and queues it again. A step can lose its job when a run failed and its retry could not be queued (the
// database was down at that moment) or when a job row was lost. It looks for:
// - a sending campaign with a fan-out not done whose heartbeat (its last committed page, or its start) is older
//   than FAN_OUT_STALE_MS: a fan-out run is queued (it continues after the last committed page);
// - a sending A/B campaign waiting for its winner: the winner job is queued at the end of the wait;
// - a scheduled campaign whose start time passed FAN_OUT_STALE_MS ago: the start job is queued now.
// A campaign is left alone while any campaign job for it is queued or running (agenda_jobs: due, or locked:
// a killed worker's job is run again by agenda when its lock expires) or while a fan-out holds its lock (the
// session advisory lock of fan-out.ts, in pg_locks). Every job is idempotent, so a race costs one extra run.
import type { AppContext } from '../app-context.js';
import type { CampaignAb } from '../contracts/campaigns.js';
import { logger } from '../logger.js';
import {
  CAMPAIGN_FAN_OUT_JOB,
  CAMPAIGN_START_JOB,
  CAMPAIGN_WINNER_JOB,
  requestCampaignFanOut,
  requestCampaignStart,
  requestWinnerChoice,
} from './campaign-jobs.js';

export const CAMPAIGN_WATCHDOG_JOB = 'campaigns.watchdog';
/** A fan-out with no page committed for this long, no job and no lock holder is queued again. */
export const FAN_OUT_STALE_MS = 2 * 60_000;
const BATCH = 100;

export interface WatchdogResult {
  fanOuts: number;
  winners: number;
  starts: number;
}

const log = logger.child({ component: 'campaign-watchdog' });

interface Orphan {
  shop_id: string;
  id: string;
  status: 'sending' | 'scheduled';
  fanout_phase: string;
  heartbeat: Date;
  ab: CampaignAb | null;
}

/**
 * One sweep at `now` (the app clock, which wrote the heartbeats). Across shops by design: it is the system's
 * own maintenance, and each campaign it finds is handed back to its shop's jobs.
 */
export async function sweepCampaigns(app: AppContext, now: Date = app.clock.now()): Promise<WatchdogResult> {
  const staleBefore = new Date(now.getTime() - FAN_OUT_STALE_MS);
  const { rows } = await app.database.pool.query<Orphan>(
    `SELECT c.shop_id::text AS shop_id, c.id::text AS id, c.status, c.fanout_phase, c.ab,
            COALESCE(c.fanout_heartbeat_at, c.started_at, c.updated_at) AS heartbeat
       FROM campaigns c
      WHERE ((c.status = 'sending' AND c.fanout_phase <> 'done'
              AND COALESCE(c.fanout_heartbeat_at, c.started_at, c.updated_at) < $1)
          OR (c.status = 'scheduled' AND c.start_at < $1))
        AND NOT EXISTS (
              SELECT 1 FROM agenda_jobs j
               WHERE j.name = ANY($2::text[]) AND j.data ->> 'campaignId' = c.id::text
                 AND (j.next_run_at IS NOT NULL OR j.locked_at IS NOT NULL) AND j.disabled IS NOT TRUE)
        AND NOT EXISTS (
              SELECT 1 FROM pg_locks l
               WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                 AND l.classid = hashtext('campaign-fan-out')::oid AND l.objid = hashtext(c.id::text)::oid
                 AND l.objsubid = 2)
      ORDER BY c.id LIMIT $3`,
    [staleBefore, [CAMPAIGN_START_JOB, CAMPAIGN_FAN_OUT_JOB, CAMPAIGN_WINNER_JOB], BATCH],
  );
  const result: WatchdogResult = { fanOuts: 0, winners: 0, starts: 0 };
  for (const c of rows) {
    const context = { shopId: c.shop_id, campaignId: c.id, phase: c.fanout_phase, heartbeat: c.heartbeat };
    if (c.status === 'scheduled') {
      await requestCampaignStart(app, c.shop_id, c.id, now);
      result.starts++;
      log.warn(context, 'scheduled campaign past its start had no start job; queued it');
    } else if (c.fanout_phase === 'waiting' && c.ab) {
      const due = new Date(Math.max(now.getTime(), c.heartbeat.getTime() + c.ab.waitHours * 3_600_000));
      await requestWinnerChoice(app, c.shop_id, c.id, due);
      result.winners++;
      log.warn({ ...context, due }, 'A/B campaign waiting for its winner had no winner job; queued it');
    } else {
      await requestCampaignFanOut(app, c.shop_id, c.id);
      result.fanOuts++;
      log.warn(context, 'campaign fan-out stalled with no job or lock holder; queued it again');
    }
  }
  return result;
}

export function defineCampaignWatchdog(app: AppContext): void {
  app.agenda.define(CAMPAIGN_WATCHDOG_JOB, async () => {
    await sweepCampaigns(app);
  });
}

export async function scheduleCampaignWatchdog(app: AppContext): Promise<void> {
  await app.agenda.every('1 minute', CAMPAIGN_WATCHDOG_JOB, undefined, { skipImmediate: true });
}
