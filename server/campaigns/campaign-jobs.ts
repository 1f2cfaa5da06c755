// Campaign jobs (agenda): campaigns.start at the scheduled time (scheduled → sending, then the fan-out),
// campaigns.fan-out (resume after a pause, or a fan-out to continue), campaigns.choose-winner after an A/B
// test's wait, and the watchdog (campaign-watchdog.ts). Each is safe to run twice: the start checks the status
// and time, the fan-out continues from its cursor under a per-campaign lock, the winner is decided once.
// A run that fails with an outage (lost connection, server restarting, pool timeout, Shopify unavailable) is
// scheduled again with the shared backoff and continues after the last committed page; any other error, or an
// outage that outlasts MAX_ATTEMPTS tries without progress, pauses the campaign with the reason
// (fan_out_failed: …), shown on its detail page; resuming it continues after the last page. A worker killed
// mid-run leaves its job locked until AGENDA_LOCK_LIFETIME_MS, after which agenda runs it again; a run whose
// retry could not even be queued (the database was down) is picked up by the watchdog.
import type { Job } from 'agenda';
import type { AppContext } from '../app-context.js';
import { logger } from '../logger.js';
import { retryDelayMs, type BackoffPolicy } from '../jobs/backoff.js';
import { isRetryableFailure } from '../jobs/retryable-failure.js';
import { pauseCampaignFor, startCampaign } from './campaign-actions.js';
import { decideWinner } from './campaign-winner.js';
import { runCampaignFanOut } from './fan-out.js';

export const CAMPAIGN_START_JOB = 'campaigns.start';
export const CAMPAIGN_FAN_OUT_JOB = 'campaigns.fan-out';
export const CAMPAIGN_WINNER_JOB = 'campaigns.choose-winner';
/** Waits between tries after an outage (2.5-5 s, then doubling up to 5 minutes). */
export const CAMPAIGN_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 5 * 60_000 };
/** Tries in a row without a committed page before the campaign is paused (about 45 minutes of outage). */
export const CAMPAIGN_MAX_ATTEMPTS = 12;

export interface CampaignJobData {
  shopId: string;
  campaignId: string;
  /** Tries in a row that failed with an outage and committed no page (set on the retries). */
  attempt?: number;
}

const log = logger.child({ component: 'campaign-jobs' });

/** Queues (or moves) the campaign's start job to `at`. */
export async function requestCampaignStart(
  app: AppContext,
  shopId: string,
  campaignId: string,
  at: Date,
): Promise<void> {
  await app.agenda
    .create<CampaignJobData>(CAMPAIGN_START_JOB, { shopId, campaignId })
    .unique({ 'data.campaignId': campaignId })
    .schedule(at)
    .save();
}

/** Queues a fan-out run now (a new job each time: one that is finishing must not swallow the request). */
export async function requestCampaignFanOut(
  app: AppContext,
  shopId: string,
  campaignId: string,
): Promise<void> {
  await app.agenda.now<CampaignJobData>(CAMPAIGN_FAN_OUT_JOB, { shopId, campaignId });
}

export async function requestWinnerChoice(
  app: AppContext,
  shopId: string,
  campaignId: string,
  at: Date,
): Promise<void> {
  await app.agenda
    .create<CampaignJobData>(CAMPAIGN_WINNER_JOB, { shopId, campaignId })
    .unique({ 'data.campaignId': campaignId })
    .schedule(at)
    .save();
}

/** What a run got to before it failed: whether it reached the fan-out, and the pages it committed. */
interface RunProgress {
  inFanOut: boolean;
  pages: number;
}

const short = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300);

/**
 * A failed run: an outage schedules the job again (the fan-out job once the run had reached the fan-out) with
 * the backoff; otherwise the campaign is paused with the reason. Rethrows what it cannot handle.
 */
async function handleFailure(
  app: AppContext,
  job: string,
  data: CampaignJobData,
  progress: RunProgress,
  err: unknown,
): Promise<void> {
  const { shopId, campaignId } = data;
  const attempt = progress.pages > 0 ? 1 : (data.attempt ?? 0) + 1;
  const retryable = isRetryableFailure(err);
  if (retryable && attempt <= CAMPAIGN_MAX_ATTEMPTS) {
    const delayMs = retryDelayMs(attempt, CAMPAIGN_BACKOFF);
    const next = progress.inFanOut ? CAMPAIGN_FAN_OUT_JOB : job;
    log.warn(
      { err, shopId, campaignId, job, attempt, delayMs },
      'campaign job failed with an outage; retrying',
    );
    // If the database is still down this fails too: the job is recorded as failed and the watchdog queues it
    // again once the campaign's heartbeat is stale.
    await app.agenda.schedule<CampaignJobData>(new Date(Date.now() + delayMs), next, {
      shopId,
      campaignId,
      attempt,
    });
    return;
  }
  const reason = retryable
    ? `fan_out_failed: the database or Shopify was unavailable for ${CAMPAIGN_MAX_ATTEMPTS} tries in a row (${short(err)}); resume the campaign to continue after the last page sent`
    : `fan_out_failed: the send stopped on an error (${short(err)}); resume the campaign to continue after the last page sent`;
  log.error({ err, shopId, campaignId, job, attempt }, 'campaign job failed; pausing the campaign');
  await pauseCampaignFor(app, shopId, campaignId, reason);
  throw err;
}

export function defineCampaignJobs(app: AppContext): void {
  const define = (
    name: string,
    work: (data: CampaignJobData, fanOut: () => Promise<void>) => Promise<void>,
  ) =>
    app.agenda.define<CampaignJobData>(name, async (job: Job<CampaignJobData>) => {
      const data = job.attrs.data;
      if (!data?.shopId || !data.campaignId) return;
      const progress: RunProgress = { inFanOut: false, pages: 0 };
      // A long fan-out (a million recipients) outlasts AGENDA_LOCK_LIFETIME_MS, after which agenda cancels a job
      // that has not touched its lock: the job touches it every quarter lifetime, between pages.
      const touchEveryMs = Math.max(1_000, app.config.agenda.lockLifetimeMs / 4);
      let touchedAt = Date.now();
      const onPage = () => {
        progress.pages++;
        if (Date.now() - touchedAt < touchEveryMs) return;
        touchedAt = Date.now();
        job
          .touch()
          .catch((err: unknown) =>
            log.warn(
              { err, shopId: data.shopId, campaignId: data.campaignId },
              'could not extend the job lock',
            ),
          );
      };
      const fanOut = () => {
        progress.inFanOut = true;
        return runCampaignFanOut(app, data.shopId, data.campaignId, onPage);
      };
      try {
        await work(data, fanOut);
      } catch (err) {
        await handleFailure(app, name, data, progress, err);
      }
    });
  define(CAMPAIGN_START_JOB, async ({ shopId, campaignId }, fanOut) => {
    const started = await startCampaign(app, shopId, campaignId);
    if (started) log.info({ shopId, campaignId }, 'campaign started');
    await fanOut();
  });
  define(CAMPAIGN_FAN_OUT_JOB, (_data, fanOut) => fanOut());
  // The fan-out runs after the decision even when it was made by an earlier try (it continues the winner phase;
  // in any other phase it does nothing).
  define(CAMPAIGN_WINNER_JOB, async ({ shopId, campaignId }, fanOut) => {
    await decideWinner(app, shopId, campaignId);
    await fanOut();
  });
}
