// Nightly check of the store mirror's derived data: for every installed shop, compare each customer's
// purchase aggregates and purchased products with what the orders mirror says, recompute the ones
// that differ and log how many there were (there should be none: a non-zero count means a write path
// bypassed recomputeCustomerAggregates). One job name, two roles: the recurring instance (no data)
// enqueues one job per installed shop ({ shopId }, unique per shop, removed with the shop's jobs at
// uninstall), and each of those verifies its shop.
import type { Agenda, Job } from 'agenda';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.js';
import type { Db } from '../db/client.js';
import { logger } from '../logger.js';
import { findAggregateDrift, recomputeCustomerAggregates } from '../store/index.js';

export const VERIFY_AGGREGATES_JOB = 'mirror.verify-aggregates';

export interface VerifyAggregatesData {
  /** Absent on the nightly recurring instance, which fans out one job per installed shop. */
  shopId?: string;
}

export interface AggregateVerification {
  shopId: string;
  /** Customers whose stored aggregates or purchased products differed from the orders mirror. */
  drift: number;
  customersUpdated: number;
}

/** Finds and repairs drift for one shop, in one transaction. */
export async function verifyShopAggregates(db: Db, shopId: string): Promise<AggregateVerification> {
  return db.transaction(async (tx) => {
    const drifted = await findAggregateDrift(tx, shopId);
    if (drifted.length === 0) return { shopId, drift: 0, customersUpdated: 0 };
    const fixed = await recomputeCustomerAggregates(tx, shopId, drifted);
    return { shopId, drift: drifted.length, customersUpdated: fixed.customersUpdated };
  });
}

/** Enqueues (or re-arms) one verification job per installed shop; returns how many. */
export async function enqueueShopVerifications(agenda: Agenda, db: Db, at: Date): Promise<number> {
  const res = await db.execute<{ id: string }>(
    sql`SELECT id::text AS id FROM shops WHERE uninstalled_at IS NULL ORDER BY id`,
  );
  for (const { id } of res.rows) {
    await agenda
      .create<VerifyAggregatesData>(VERIFY_AGGREGATES_JOB, { shopId: id })
      .unique({ 'data.shopId': id })
      .schedule(at)
      .save();
  }
  return res.rows.length;
}

export function defineMirrorJobs(ctx: AppContext): void {
  ctx.agenda.define<VerifyAggregatesData>(VERIFY_AGGREGATES_JOB, async (job: Job<VerifyAggregatesData>) => {
    const log = logger.child({ job: VERIFY_AGGREGATES_JOB, jobId: String(job.attrs._id ?? '') });
    const shopId = job.attrs.data?.shopId;
    if (shopId === undefined) {
      const shops = await enqueueShopVerifications(ctx.agenda, ctx.database.db, ctx.clock.now());
      log.info({ shops }, 'aggregate verification enqueued per shop');
      return;
    }
    const result = await verifyShopAggregates(ctx.database.db, shopId);
    if (result.drift > 0) log.warn(result, 'store mirror aggregates had drifted: recomputed');
    else log.info(result, 'store mirror aggregates verified: no drift');
  });
}

export async function scheduleMirrorJobs(agenda: Agenda): Promise<void> {
  await agenda.every('41 3 * * *', VERIFY_AGGREGATES_JOB, undefined, {
    timezone: 'UTC',
    skipImmediate: true,
  });
}
