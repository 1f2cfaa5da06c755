// The background part of a CSV import: a job works through the pending rows in batches (each batch in one
// transaction with its progress), so a restarted worker resumes where the last batch ended. A row whose
// number appeared on an earlier imported line is a duplicate; a number already subscribed is "unchanged",
// so importing the same file again creates nothing. At the end only the rejected rows are kept. A batch that
// fails with an outage (lost connection, server restarting) rolls back and the job is scheduled again with
// the shared backoff; it resumes at the first pending row.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.js';
import type { ImportMapping } from '../contracts/subscriber-imports.js';
import { importMappingSchema } from '../contracts/subscriber-imports.js';
import { subscriberImportRows, subscriberImports } from '../db/schema/index.js';
import { logger } from '../logger.js';
import { retryDelayMs, type BackoffPolicy } from '../jobs/backoff.js';
import { isRetryableFailure } from '../jobs/retryable-failure.js';
import { loadShop } from './consent-actions.js';
import { writeImportBatch, type ImportRowUpdate } from './import-batch.js';
import { checkImportRow } from './import-row-check.js';

export const SUBSCRIBER_IMPORT_JOB = 'subscribers.import';
export interface SubscriberImportJobData {
  shopId: string;
  importId: string;
  /** Tries in a row that failed with an outage and made no progress (the job is scheduled again after each). */
  attempt?: number;
}

const BATCH = 500;
/** Waits between tries after an outage; the job gives up after MAX_ATTEMPTS tries that made no progress. */
const IMPORT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 };
const MAX_ATTEMPTS = 10;

/** Processes one batch in one transaction with its progress; false when there was nothing left. */
async function processBatch(
  ctx: AppContext,
  shopId: string,
  importId: string,
  mapping: ImportMapping,
  columns: string[],
): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(subscriberImportRows)
      .where(
        and(
          eq(subscriberImportRows.importId, importId),
          eq(subscriberImportRows.shopId, shopId),
          eq(subscriberImportRows.status, 'pending'),
        ),
      )
      .orderBy(asc(subscriberImportRows.line))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    if (rows.length === 0) return false;
    const shop = await loadShop(tx, shopId);
    const checks = rows.map((r) => ({
      line: r.line,
      check: checkImportRow(columns, r.cells as string[], mapping, { shopCountry: shop.countryCode, now }),
    }));
    const phones = checks.flatMap((c) => (c.check.ok ? [c.check.row.phone] : []));
    const earlier = new Map<string, number>();
    if (phones.length > 0) {
      const seen = await tx
        .select({ phone: subscriberImportRows.phone, line: sql<number>`min(${subscriberImportRows.line})` })
        .from(subscriberImportRows)
        .where(
          and(
            eq(subscriberImportRows.importId, importId),
            inArray(subscriberImportRows.phone, phones),
            inArray(subscriberImportRows.status, ['imported', 'unchanged']),
          ),
        )
        .groupBy(subscriberImportRows.phone);
      for (const s of seen) if (s.phone) earlier.set(s.phone, Number(s.line));
    }
    const updates = await writeImportBatch(tx, shop, importId, checks, earlier, now);
    await tx.execute(sql`
      UPDATE subscriber_import_rows AS r SET status = u.status, phone = u.phone, reason = u.reason, message = u.message
      FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS u(line int, status text, phone text, reason text, message text)
      WHERE r.import_id = ${importId} AND r.line = u.line`);
    const count = (s: ImportRowUpdate['status']) => updates.filter((u) => u.status === s).length;
    await tx
      .update(subscriberImports)
      .set({
        processedRows: sql`${subscriberImports.processedRows} + ${updates.length}`,
        imported: sql`${subscriberImports.imported} + ${count('imported')}`,
        unchanged: sql`${subscriberImports.unchanged} + ${count('unchanged')}`,
        rejected: sql`${subscriberImports.rejected} + ${count('rejected')}`,
      })
      .where(and(eq(subscriberImports.id, importId), eq(subscriberImports.shopId, shopId)));
    return true;
  });
}

export async function runImportJob(ctx: AppContext, data: SubscriberImportJobData): Promise<void> {
  const db = ctx.database.db;
  const { shopId, importId } = data;
  const [imp] = await db
    .select()
    .from(subscriberImports)
    .where(and(eq(subscriberImports.id, importId), eq(subscriberImports.shopId, shopId)));
  if (!imp || (imp.status !== 'queued' && imp.status !== 'running')) return;
  const mapping = importMappingSchema.parse(imp.mapping);
  await db
    .update(subscriberImports)
    .set({ status: 'running', startedAt: imp.startedAt ?? ctx.clock.now() })
    .where(eq(subscriberImports.id, importId));
  let committed = 0;
  try {
    while (await processBatch(ctx, shopId, importId, mapping, imp.columns as string[])) committed++;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // An outage: the batch rolled back; the next run resumes after the last committed batch.
    const attempt = committed > 0 ? 1 : (data.attempt ?? 0) + 1;
    if (isRetryableFailure(err) && attempt < MAX_ATTEMPTS) {
      const delayMs = retryDelayMs(attempt, IMPORT_BACKOFF);
      logger.warn({ err, shopId, importId, attempt, delayMs }, 'subscriber import batch failed; retrying');
      await ctx.agenda.schedule<SubscriberImportJobData>(
        new Date(Date.now() + delayMs),
        SUBSCRIBER_IMPORT_JOB,
        {
          shopId,
          importId,
          attempt,
        },
      );
      await db
        .update(subscriberImports)
        .set({ error: `retrying after: ${message}` })
        .where(and(eq(subscriberImports.id, importId), eq(subscriberImports.shopId, shopId)));
      return;
    }
    logger.error({ err, shopId, importId }, 'subscriber import failed');
    await db
      .update(subscriberImports)
      .set({ status: 'failed', error: message, finishedAt: ctx.clock.now() })
      .where(eq(subscriberImports.id, importId));
    throw err;
  }
  await db.transaction(async (tx) => {
    // Only the rejected rows stay (for the download); the imported numbers live in subscribers now.
    await tx
      .delete(subscriberImportRows)
      .where(
        and(
          eq(subscriberImportRows.importId, importId),
          eq(subscriberImportRows.shopId, shopId),
          inArray(subscriberImportRows.status, ['imported', 'unchanged']),
        ),
      );
    await tx
      .update(subscriberImports)
      .set({ status: 'completed', error: null, finishedAt: ctx.clock.now() })
      .where(eq(subscriberImports.id, importId));
  });
  logger.info({ shopId, importId }, 'subscriber import completed');
}

export function defineSubscriberImportJobs(ctx: AppContext): void {
  ctx.agenda.define<SubscriberImportJobData>(
    SUBSCRIBER_IMPORT_JOB,
    async (job) => runImportJob(ctx, job.attrs.data),
    {
      removeOnComplete: true,
      lockLifetime: Math.max(ctx.config.agenda.lockLifetimeMs, 60 * 60 * 1000),
    },
  );
}
