// sync_runs: one row per resource per backfill, with its bulk operation and progress. A "sync" is the
// set of runs created together (same started_at). Every function takes the shop's id first.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { SyncResource, SyncResourceProgress, SyncRunStatus, SyncStatus } from '../../contracts/index.js';
import { syncResources } from '../../contracts/index.js';
import type { DbOrTx } from '../../db/transaction.js';
import { syncRuns } from '../../db/schema/index.js';

export type SyncRunRow = typeof syncRuns.$inferSelect;

export const ACTIVE_STATUSES: readonly SyncRunStatus[] = ['created', 'running', 'importing'];

/** Creates one run per resource, all `created`, in the order they will run. */
export async function createSyncRuns(db: DbOrTx, shopId: string, now: Date): Promise<SyncRunRow[]> {
  return db
    .insert(syncRuns)
    .values(syncResources.map((resource) => ({ shopId, resource, status: 'created', startedAt: now })))
    .returning();
}

/**
 * The runs of the shop's latest sync, in resource order. The latest started_at is compared in SQL: read
 * back into a JS Date it would lose its microseconds (Postgres keeps them, e.g. for runs stamped with now()),
 * and equality with the stored value would then find no run at all: an "idle" shop in the middle of a sync.
 */
export async function latestSyncRuns(db: DbOrTx, shopId: string): Promise<SyncRunRow[]> {
  const rows = await db
    .select()
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.shopId, shopId),
        sql`${syncRuns.startedAt} = (SELECT max(latest.started_at) FROM sync_runs latest WHERE latest.shop_id = ${shopId})`,
      ),
    );
  return rows.sort(
    (a, b) =>
      syncResources.indexOf(a.resource as SyncResource) - syncResources.indexOf(b.resource as SyncResource),
  );
}

export async function getSyncRun(db: DbOrTx, shopId: string, runId: string): Promise<SyncRunRow | null> {
  const rows = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.shopId, shopId), eq(syncRuns.id, runId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findRunByBulkOperation(
  db: DbOrTx,
  shopId: string,
  bulkOperationId: string,
): Promise<SyncRunRow | null> {
  const rows = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.shopId, shopId), eq(syncRuns.bulkOperationId, bulkOperationId)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Moves a run to `to` only if it is currently in one of `from` (compare-and-set), so two workers (the
 * poll job and the finish webhook) cannot both import the same file. Returns the updated row or null.
 */
export async function transitionRun(
  db: DbOrTx,
  shopId: string,
  runId: string,
  from: readonly SyncRunStatus[],
  to: SyncRunStatus,
  patch: Partial<
    Pick<SyncRunRow, 'bulkOperationId' | 'objectCount' | 'rowsImported' | 'error' | 'finishedAt'>
  > = {},
): Promise<SyncRunRow | null> {
  const rows = await db
    .update(syncRuns)
    .set({ status: to, ...patch })
    .where(and(eq(syncRuns.shopId, shopId), eq(syncRuns.id, runId), inArray(syncRuns.status, [...from])))
    .returning();
  return rows[0] ?? null;
}

export async function updateRunProgress(
  db: DbOrTx,
  shopId: string,
  runId: string,
  patch: Partial<Pick<SyncRunRow, 'objectCount' | 'rowsImported'>>,
): Promise<void> {
  await db
    .update(syncRuns)
    .set(patch)
    .where(and(eq(syncRuns.shopId, shopId), eq(syncRuns.id, runId)));
}

/** Marks every unfinished run of the shop as failed (e.g. interrupted, or superseded by a new sync). */
export async function failActiveRuns(db: DbOrTx, shopId: string, error: string, now: Date): Promise<number> {
  const rows = await db
    .update(syncRuns)
    .set({ status: 'failed', error, finishedAt: now })
    .where(and(eq(syncRuns.shopId, shopId), inArray(syncRuns.status, [...ACTIVE_STATUSES])))
    .returning({ id: syncRuns.id });
  return rows.length;
}

function toProgress(row: SyncRunRow): SyncResourceProgress {
  return {
    resource: row.resource as SyncResource,
    status: row.status as SyncRunStatus,
    rowsImported: row.rowsImported,
    objectCount: row.objectCount ?? null,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    error: row.error,
  };
}

export function toSyncStatus(rows: SyncRunRow[]): SyncStatus {
  if (rows.length === 0) return { state: 'idle', resources: [] };
  const statuses = rows.map((r) => r.status as SyncRunStatus);
  const state = statuses.some((s) => ACTIVE_STATUSES.includes(s))
    ? 'running'
    : statuses.some((s) => s === 'failed' || s === 'cancelled')
      ? 'failed'
      : 'completed';
  return { state, resources: rows.map(toProgress) };
}

/** True if the shop has a sync that is still going. */
export async function hasActiveSync(db: DbOrTx, shopId: string): Promise<boolean> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(syncRuns)
    .where(and(eq(syncRuns.shopId, shopId), inArray(syncRuns.status, [...ACTIVE_STATUSES])));
  return (rows[0]?.n ?? 0) > 0;
}
