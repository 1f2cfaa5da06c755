// Agenda jobs of the automations: the delayed messages (one job per flow and entity, written by the
// triggers in the webhook transaction, see delayed-jobs.ts) and the daily win-back scan.
import type { Agenda, Job } from 'agenda';
import type { AppContext } from '../app-context.js';
import { logger } from '../logger.js';
import { AUTOMATION_DELAYED_JOB, type DelayedAutomationData } from './delayed-jobs.js';
import { runDelayedAutomation } from './delayed-runs.js';
import { runWinBackForShop, shopsWithWinBack } from './win-back.js';

export const WIN_BACK_JOB = 'automation.win-back';

export function defineAutomationJobs(ctx: AppContext): void {
  ctx.agenda.define<DelayedAutomationData>(
    AUTOMATION_DELAYED_JOB,
    async (job: Job<DelayedAutomationData>) => {
      const data = job.attrs.data;
      if (!data?.shopId || !data.flow || !data.ref) return;
      await runDelayedAutomation(ctx, data);
    },
    { removeOnComplete: true },
  );
  ctx.agenda.define(WIN_BACK_JOB, async () => {
    for (const shopId of await shopsWithWinBack(ctx)) {
      try {
        await runWinBackForShop(ctx, shopId);
      } catch (err) {
        logger.error({ err, shopId }, 'win-back scan failed for a shop; the others go on');
      }
    }
  });
}

export async function scheduleAutomationJobs(agenda: Agenda): Promise<void> {
  // 15:00 UTC: daytime in Europe and the Americas; quiet hours still defer anyone outside their window.
  await agenda.every('0 15 * * *', WIN_BACK_JOB, undefined, { timezone: 'UTC', skipImmediate: true });
}
