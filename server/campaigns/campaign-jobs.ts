// Campaign jobs (agenda): campaigns.start at the scheduled time (scheduled → sending, then the fan-out),
// campaigns.fan-out (resume after a pause, or a fan-out to continue), campaigns.choose-winner after an A/B
// test's wait. Each is safe to run twice: the start checks the status and time, the fan-out continues from
// its cursor under a per-campaign lock, the winner is decided once. A worker killed mid-fan-out leaves its
// job locked until AGENDA_LOCK_LIFETIME_MS, after which it runs again and continues after the last page.
import type { Job } from 'agenda';
import type { AppContext } from '../app-context.js';
import { logger } from '../logger.js';
import { startCampaign } from './campaign-actions.js';
import { decideWinner } from './campaign-winner.js';
import { runCampaignFanOut } from './fan-out.js';

export const CAMPAIGN_START_JOB = 'campaigns.start';
export const CAMPAIGN_FAN_OUT_JOB = 'campaigns.fan-out';
export const CAMPAIGN_WINNER_JOB = 'campaigns.choose-winner';
/** A fan-out stopped by an outage (Shopify refusing codes, a lost connection) tries again after this. */
export const FAN_OUT_RETRY_MS = 30_000;

export interface CampaignJobData {
  shopId: string;
  campaignId: string;
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

export function defineCampaignJobs(app: AppContext): void {
  const run = async (job: Job<CampaignJobData>, work: (data: CampaignJobData) => Promise<void>) => {
    const data = job.attrs.data;
    if (!data?.shopId || !data.campaignId) return;
    await work(data);
  };
  // A retryable failure (an outage) queues the fan-out again; it continues after its last committed page.
  const fanOut = async (shopId: string, campaignId: string) => {
    try {
      await runCampaignFanOut(app, shopId, campaignId);
    } catch (err) {
      if ((err as { retryable?: boolean }).retryable === true) {
        await app.agenda.schedule<CampaignJobData>(
          new Date(Date.now() + FAN_OUT_RETRY_MS),
          CAMPAIGN_FAN_OUT_JOB,
          { shopId, campaignId },
        );
      }
      throw err;
    }
  };
  app.agenda.define<CampaignJobData>(CAMPAIGN_START_JOB, (job: Job<CampaignJobData>) =>
    run(job, async ({ shopId, campaignId }) => {
      const started = await startCampaign(app, shopId, campaignId);
      if (started) log.info({ shopId, campaignId }, 'campaign started');
      await fanOut(shopId, campaignId);
    }),
  );
  app.agenda.define<CampaignJobData>(CAMPAIGN_FAN_OUT_JOB, (job: Job<CampaignJobData>) =>
    run(job, ({ shopId, campaignId }) => fanOut(shopId, campaignId)),
  );
  app.agenda.define<CampaignJobData>(CAMPAIGN_WINNER_JOB, (job: Job<CampaignJobData>) =>
    run(job, async ({ shopId, campaignId }) => {
      if (await decideWinner(app, shopId, campaignId)) await fanOut(shopId, campaignId);
    }),
  );
}
