// Agenda jobs of the backfill: sync.start (start the next bulk query) and sync.poll (check a running
// bulk operation; import it when done). Registered from server/jobs/definitions.ts.
import type { AppContext } from '../../app-context.js';
import {
  advanceSync,
  runPollJob,
  SYNC_POLL_JOB,
  SYNC_START_JOB,
  type SyncPollJobData,
  type SyncStartJobData,
} from './sync-service.js';

export function defineSyncJobs(ctx: AppContext): void {
  ctx.agenda.define<SyncStartJobData>(
    SYNC_START_JOB,
    async (job) => {
      await advanceSync(ctx, job.attrs.data.shopId);
    },
    { removeOnComplete: true },
  );
  ctx.agenda.define<SyncPollJobData>(
    SYNC_POLL_JOB,
    async (job) => {
      await runPollJob(ctx, job.attrs.data);
    },
    // Imports stream whole files: a generous lock so a long import is not taken over as abandoned.
    { removeOnComplete: true, lockLifetime: Math.max(ctx.config.agenda.lockLifetimeMs, 60 * 60 * 1000) },
  );
}
