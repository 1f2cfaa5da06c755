// The backfill, step by step: a sync creates one run per resource (customers, then orders); each run
// starts a GraphQL bulk query, waits for it (bulk_operations/finish webhook, or polling as a fallback),
// then streams the JSONL result into the mirror. Runs go one after the other, so at most one bulk
// query per shop is running at any time (the limit on API versions before 2026-01).
import type { AppContext } from '../../app-context.js';
import type { SyncResource, SyncStatus } from '../../contracts/index.js';
import { isAppError } from '../../errors.js';
import { logger } from '../../logger.js';
import {
  BULK_OPERATION_STATUS_QUERY,
  BULK_QUERIES,
  RUN_BULK_QUERY_MUTATION,
  type BulkOperationNode,
  type BulkOperationStatusData,
  type RunBulkQueryData,
} from './bulk-queries.js';
import { importJsonl } from './jsonl-import.js';
import { requestRfmRecompute } from '../../segments/rfm-job.js';
import {
  ACTIVE_STATUSES,
  createSyncRuns,
  failActiveRuns,
  findRunByBulkOperation,
  getSyncRun,
  hasActiveSync,
  latestSyncRuns,
  toSyncStatus,
  transitionRun,
  updateRunProgress,
  type SyncRunRow,
} from './sync-runs.js';

export const SYNC_START_JOB = 'sync.start';
export const SYNC_POLL_JOB = 'sync.poll';

export interface SyncStartJobData {
  shopId: string;
}
export interface SyncPollJobData {
  shopId: string;
  runId: string;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export type RequestSyncResult =
  { kind: 'started'; status: SyncStatus } | { kind: 'already_running'; status: SyncStatus };

/** A sync still unfinished after this long was interrupted (a crashed import) and may be replaced. */
export const STALE_SYNC_MS = 24 * 3600 * 1000;

/** Creates a new sync for the shop and queues its first step, unless one is still going. */
export async function requestSync(ctx: AppContext, shopId: string): Promise<RequestSyncResult> {
  const db = ctx.database.db;
  if (await hasActiveSync(db, shopId)) {
    const runs = await latestSyncRuns(db, shopId);
    const startedAt = runs[0]?.startedAt.getTime() ?? 0;
    if (ctx.clock.now().getTime() - startedAt < STALE_SYNC_MS)
      return { kind: 'already_running', status: toSyncStatus(runs) };
    await failActiveRuns(db, shopId, 'Interrupted; superseded by a new sync', ctx.clock.now());
  }
  await createSyncRuns(db, shopId, ctx.clock.now());
  await ctx.agenda.now<SyncStartJobData>(SYNC_START_JOB, { shopId });
  logger.info({ shopId }, 'backfill requested');
  return { kind: 'started', status: toSyncStatus(await latestSyncRuns(db, shopId)) };
}

export async function getSyncStatus(ctx: AppContext, shopId: string): Promise<SyncStatus> {
  return toSyncStatus(await latestSyncRuns(ctx.database.db, shopId));
}

async function failRun(ctx: AppContext, run: SyncRunRow, error: string): Promise<void> {
  await transitionRun(ctx.database.db, run.shopId, run.id, ACTIVE_STATUSES, 'failed', {
    error,
    finishedAt: ctx.clock.now(),
  });
  logger.warn({ shopId: run.shopId, resource: run.resource, error }, 'backfill run failed');
}

async function schedulePoll(ctx: AppContext, shopId: string, runId: string, delayMs: number): Promise<void> {
  await ctx.agenda.schedule<SyncPollJobData>(new Date(Date.now() + delayMs), SYNC_POLL_JOB, {
    shopId,
    runId,
  });
}

/**
 * Starts the next run of the shop's latest sync whose predecessors are finished. Does nothing while a
 * run is exporting or importing. A run whose bulk query Shopify refuses is failed and the next starts.
 */
export async function advanceSync(ctx: AppContext, shopId: string): Promise<void> {
  const db = ctx.database.db;
  for (;;) {
    const runs = await latestSyncRuns(db, shopId);
    if (runs.some((r) => r.status === 'running' || r.status === 'importing')) return;
    const next = runs.find((r) => r.status === 'created');
    if (!next) return;
    let started: RunBulkQueryData;
    try {
      started = await ctx.shopifyAdmin.graphql.query<RunBulkQueryData, { query: string }>(
        shopId,
        RUN_BULK_QUERY_MUTATION,
        {
          query: BULK_QUERIES[next.resource as SyncResource],
        },
      );
    } catch (err) {
      if (isAppError(err) && err.retryable) throw err; // agenda retries the job later
      await failRun(ctx, next, messageOf(err));
      continue;
    }
    const { bulkOperation, userErrors } = started.bulkOperationRunQuery;
    if (!bulkOperation || userErrors.length > 0) {
      await failRun(
        ctx,
        next,
        `Shopify refused the bulk query: ${userErrors.map((e) => e.message).join('; ') || 'no operation returned'}`,
      );
      continue;
    }
    const moved = await transitionRun(db, shopId, next.id, ['created'], 'running', {
      bulkOperationId: bulkOperation.id,
    });
    if (!moved) continue;
    logger.info({ shopId, resource: next.resource, bulkOperationId: bulkOperation.id }, 'bulk query started');
    await schedulePoll(ctx, shopId, next.id, ctx.config.syncPollIntervalMs);
    return;
  }
}

async function fetchOperation(
  ctx: AppContext,
  shopId: string,
  bulkOperationId: string,
): Promise<BulkOperationNode | null> {
  const data = await ctx.shopifyAdmin.graphql.query<BulkOperationStatusData, { id: string }>(
    shopId,
    BULK_OPERATION_STATUS_QUERY,
    {
      id: bulkOperationId,
    },
  );
  return data.node;
}

/**
 * Runs `fn` while holding a session-level advisory lock on the run, or returns null when another worker
 * holds it (it is importing this run right now). A crashed importer's lock dies with its connection, so
 * the next poll takes over.
 */
async function withRunLock<T>(ctx: AppContext, runId: string, fn: () => Promise<T>): Promise<T | null> {
  const key = BigInt(`0x${runId.replace(/-/g, '').slice(0, 15)}`).toString();
  const client = await ctx.database.pool.connect();
  try {
    const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [
      key,
    ]);
    if (!locked.rows[0]?.ok) return null;
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
    }
  } finally {
    client.release();
  }
}

/**
 * Imports a completed operation's file into the mirror. The run may be `running` (found by polling) or
 * already `importing` (moved there by the bulk_operations/finish webhook handler); one worker at a time.
 */
async function importRun(
  ctx: AppContext,
  shopId: string,
  runId: string,
  op: BulkOperationNode,
): Promise<PollOutcome> {
  const db = ctx.database.db;
  const done = await withRunLock(ctx, runId, async () => {
    const claimed = await transitionRun(db, shopId, runId, ['running', 'importing'], 'importing', {
      objectCount: Number(op.objectCount),
    });
    if (!claimed) return; // finished meanwhile
    if (!op.url) {
      // A completed operation that exported nothing has no file.
      await transitionRun(db, shopId, runId, ['importing'], 'completed', {
        rowsImported: 0,
        finishedAt: ctx.clock.now(),
      });
      return;
    }
    try {
      const result = await importJsonl(
        { db, onProgress: (rowsImported) => updateRunProgress(db, shopId, runId, { rowsImported }) },
        shopId,
        claimed.resource as SyncResource,
        op.url,
      );
      await transitionRun(db, shopId, runId, ['importing'], 'completed', {
        rowsImported: result.rowsImported,
        finishedAt: ctx.clock.now(),
        error: result.skippedLines > 0 ? `${result.skippedLines} invalid line(s) skipped` : null,
      });
      logger.info({ shopId, resource: claimed.resource, ...result }, 'backfill run imported');
      // Orders are imported last: the shop's RFM groups are recomputed from the new aggregates.
      if (claimed.resource === 'orders') await requestRfmRecompute(ctx.agenda, shopId, ctx.clock.now());
    } catch (err) {
      await failRun(ctx, claimed, `Import failed: ${messageOf(err)}`);
    }
  });
  return done === null ? 'pending' : 'finished';
}

export type PollOutcome = 'finished' | 'pending' | 'ignored';

/** One look at a run's bulk operation: import it when completed, fail it when Shopify gave up. */
export async function pollRun(ctx: AppContext, shopId: string, runId: string): Promise<PollOutcome> {
  const run = await getSyncRun(ctx.database.db, shopId, runId);
  if (!run || (run.status !== 'running' && run.status !== 'importing') || !run.bulkOperationId)
    return 'ignored';
  const op = await fetchOperation(ctx, shopId, run.bulkOperationId);
  if (!op) {
    await failRun(ctx, run, `Bulk operation ${run.bulkOperationId} not found`);
    return 'finished';
  }
  switch (op.status) {
    case 'CREATED':
    case 'RUNNING':
    case 'CANCELING':
      await updateRunProgress(ctx.database.db, shopId, runId, { objectCount: Number(op.objectCount) });
      return 'pending';
    case 'COMPLETED':
      return importRun(ctx, shopId, runId, op);
    case 'FAILED':
    case 'CANCELED':
    case 'EXPIRED':
      await failRun(
        ctx,
        run,
        `Bulk operation ${op.status.toLowerCase()}${op.errorCode ? ` (${op.errorCode})` : ''}`,
      );
      return 'finished';
    default:
      return 'pending';
  }
}

/**
 * The sync.poll job: poll, then look again later or start the next run (also when the run was already
 * finished elsewhere, e.g. failed by the bulk_operations/finish handler).
 */
export async function runPollJob(ctx: AppContext, data: SyncPollJobData): Promise<void> {
  const outcome = await pollRun(ctx, data.shopId, data.runId);
  if (outcome === 'pending') await schedulePoll(ctx, data.shopId, data.runId, ctx.config.syncPollIntervalMs);
  else await advanceSync(ctx, data.shopId);
}

/**
 * For the bulk_operations/finish webhook handler: queues the import (sync.poll now) without waiting, so
 * the handler's transaction stays short. Safe to call for operations the backfill did not start.
 */
export function notifyBulkOperationFinished(ctx: AppContext, shopId: string, bulkOperationId: string): void {
  setImmediate(() => {
    void (async () => {
      const run = await findRunByBulkOperation(ctx.database.db, shopId, bulkOperationId);
      if (!run) return;
      await ctx.agenda.now<SyncPollJobData>(SYNC_POLL_JOB, { shopId, runId: run.id });
    })().catch((err: unknown) =>
      logger.error({ err, shopId, bulkOperationId }, 'could not queue the bulk result import'),
    );
  });
}
