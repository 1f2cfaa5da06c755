// The RFM job: nightly for every installed shop (the recurring instance, without data, fans out one job per
// shop, unique per shop) and once after a backfill completes. Each shop's job recomputes its RFM groups,
// then refreshes the last counts of its saved segments (they may have moved with the groups and the days).
import type { Agenda, Job } from 'agenda';
import type { AppContext } from '../app-context.js';
import { logger } from '../logger.js';
import { recomputeRfm } from './rfm.js';
import { refreshSegmentCounts } from './segment-service.js';

export const RFM_JOB = 'segments.recompute-rfm';

export interface RfmJobData {
  /** Absent on the nightly recurring instance, which enqueues one job per installed shop. */
  shopId?: string;
}

/** Queues the shop's recompute now (or re-arms the one already queued). */
export async function requestRfmRecompute(
  agenda: Agenda,
  shopId: string,
  at: Date = new Date(),
): Promise<void> {
  await agenda.create<RfmJobData>(RFM_JOB, { shopId }).unique({ 'data.shopId': shopId }).schedule(at).save();
}

export function defineRfmJobs(ctx: AppContext): void {
  ctx.agenda.define<RfmJobData>(RFM_JOB, async (job: Job<RfmJobData>) => {
    const log = logger.child({ job: RFM_JOB, jobId: String(job.attrs._id ?? '') });
    const shopId = job.attrs.data?.shopId;
    const now = ctx.clock.now();
    if (shopId === undefined) {
      const { rows } = await ctx.database.pool.query<{ id: string }>(
        `SELECT id::text AS id FROM shops WHERE uninstalled_at IS NULL ORDER BY id`,
      );
      for (const { id } of rows) await requestRfmRecompute(ctx.agenda, id, now);
      log.info({ shops: rows.length }, 'RFM recompute enqueued per shop');
      return;
    }
    const result = await recomputeRfm(ctx.database.pool, shopId, now);
    const segments = await refreshSegmentCounts(ctx, shopId);
    log.info({ ...result, segments }, 'RFM groups recomputed');
  });
}

export async function scheduleRfmJobs(agenda: Agenda): Promise<void> {
  await agenda.every('17 4 * * *', RFM_JOB, undefined, { timezone: 'UTC', skipImmediate: true });
}
