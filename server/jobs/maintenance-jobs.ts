// Housekeeping: prune processed webhook inbox rows after 30 days (failed ones stay until replayed or resolved).
import type { Agenda } from 'agenda';
import type pg from 'pg';
import { logger } from '../logger.js';

export const PRUNE_WEBHOOKS_JOB = 'maintenance.prune-webhook-events';

export async function pruneWebhookEvents(pool: pg.Pool, olderThanDays = 30): Promise<number> {
  const res = await pool.query(
    `DELETE FROM webhook_events WHERE status = 'done' AND processed_at < now() - make_interval(days => $1)`,
    [olderThanDays],
  );
  return res.rowCount ?? 0;
}

export function defineMaintenanceJobs(agenda: Agenda, pool: pg.Pool): void {
  agenda.define(PRUNE_WEBHOOKS_JOB, async (job) => {
    const deleted = await pruneWebhookEvents(pool);
    logger.info({ jobId: String(job.attrs._id ?? ''), deleted }, 'pruned processed webhook events');
  });
}

export async function scheduleMaintenanceJobs(agenda: Agenda): Promise<void> {
  await agenda.every('17 3 * * *', PRUNE_WEBHOOKS_JOB, undefined, { timezone: 'UTC', skipImmediate: true });
}
