// The nightly agenda job that recomputes the report counters from the raw rows and repairs any drift.
import type { Agenda } from 'agenda';
import type pg from 'pg';
import { logger } from '../logger.js';
import { repairAllCounters } from './counter-repair.js';

export const REPAIR_COUNTERS_JOB = 'reports.repair-counters';

export function defineReportJobs(agenda: Agenda, pool: pg.Pool): void {
  agenda.define(REPAIR_COUNTERS_JOB, async (job) => {
    const drift = await repairAllCounters(pool);
    logger.info({ jobId: String(job.attrs._id ?? ''), drift }, 'report counters recomputed');
  });
}

export async function scheduleReportJobs(agenda: Agenda): Promise<void> {
  await agenda.every('41 2 * * *', REPAIR_COUNTERS_JOB, undefined, { timezone: 'UTC', skipImmediate: true });
}
