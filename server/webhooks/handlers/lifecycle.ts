// App lifecycle: app/uninstalled (stop everything for the shop, keep its data), shop/redact (delete
// all of it, 48 hours after uninstall) and bulk_operations/finish (hand a finished backfill to the
// importer). Agenda jobs are removed with SQL in the event's own transaction rather than through
// agenda.cancel(): that uses another pool connection, which on embedded PGlite (one transaction at a
// time) would wait for this very transaction to end. The statement is the one agenda's Postgres
// backend runs for cancel({ data: { shopId } }).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/transaction.js';
import { assertNever } from '../../errors.js';
import type { WebhookEventContext, WebhookHandler } from '../handler-types.js';
import type { BulkOperationFinishPayload } from '../schemas/index.js';
import { execute, jsonb, queryRows, timestamptz } from '../../store/sql.js';
import { shopOf } from './shop-of.js';
import { notifyBulkOperationFinished } from '../../shopify/backfill/sync-service.js';

/** agenda's job table (the @agendajs/postgres-backend default, which server/jobs/agenda.ts uses). */
export const AGENDA_JOBS_TABLE = 'agenda_jobs';

/** Removes the shop's agenda jobs: every job whose data contains { shopId }. */
export async function cancelShopJobs(tx: DbOrTx, shopId: string): Promise<number> {
  const exists = await queryRows<{ present: boolean }>(
    tx,
    sql`SELECT to_regclass(${AGENDA_JOBS_TABLE}) IS NOT NULL AS present`,
  );
  if (!exists[0]?.present) return 0;
  return execute(
    tx,
    sql`DELETE FROM ${sql.identifier(AGENDA_JOBS_TABLE)} WHERE data @> ${jsonb({ shopId })}`,
  );
}

/** When the shop's current installation was last proved (install, reinstall, token exchange): SQL over `shops`. */
export const LATEST_INSTALL = sql.raw('GREATEST(installed_at, last_install_at)');

export interface UninstallResult {
  /** False when the shop was (re)installed after the uninstall event: nothing was done. */
  applied: boolean;
  sessionsDeleted: number;
  jobsCancelled: number;
  messagesCancelled: number;
}

/**
 * Marks the shop uninstalled, deletes its sessions (the tokens are revoked), removes its jobs and
 * cancels its queued messages (recorded in message_events). All data is kept until shop/redact. An
 * uninstall older than the shop's latest install or token exchange (a late delivery, or one still in the
 * inbox when the merchant installed again) is ignored.
 */
export async function uninstallShop(
  tx: DbOrTx,
  shopId: string,
  uninstalledAt: Date,
): Promise<UninstallResult> {
  const marked = await queryRows<{ id: string }>(
    tx,
    sql`UPDATE shops SET uninstalled_at = COALESCE(uninstalled_at, ${timestamptz(uninstalledAt)}), updated_at = now()
        WHERE id = ${shopId} AND ${LATEST_INSTALL} <= ${timestamptz(uninstalledAt)}
        RETURNING id::text AS id`,
  );
  if (marked.length === 0)
    return { applied: false, sessionsDeleted: 0, jobsCancelled: 0, messagesCancelled: 0 };
  const sessionsDeleted = await execute(tx, sql`DELETE FROM sessions WHERE shop_id = ${shopId}`);
  const jobsCancelled = await cancelShopJobs(tx, shopId);
  const messagesCancelled = await execute(
    tx,
    sql`
      WITH cancelled AS (
        UPDATE messages SET status = 'cancelled', updated_at = now()
        WHERE shop_id = ${shopId} AND status = 'queued'
        RETURNING id
      )
      INSERT INTO message_events (shop_id, message_id, status, detail)
      SELECT ${shopId}::uuid, id, 'cancelled', ${jsonb({ reason: 'app_uninstalled' })} FROM cancelled`,
  );
  return { applied: true, sessionsDeleted, jobsCancelled, messagesCancelled };
}

/**
 * When Shopify produced the event: X-Shopify-Triggered-At, else when the inbox received it (a late or
 * replayed delivery is still placed before a reinstall that happened after it arrived), else now.
 */
export async function eventTimeOf(
  ctx: Pick<WebhookEventContext, 'tx' | 'webhookId' | 'triggeredAt' | 'app'>,
): Promise<Date> {
  if (ctx.triggeredAt) return ctx.triggeredAt;
  const rows = await queryRows<{ received_at: Date | string }>(
    ctx.tx,
    sql`SELECT received_at FROM webhook_events WHERE webhook_id = ${ctx.webhookId}`,
  );
  const receivedAt = rows[0]?.received_at;
  return receivedAt === undefined ? ctx.app.clock.now() : new Date(receivedAt);
}

export const handleAppUninstalled: WebhookHandler<'app/uninstalled'> = async (ctx) => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  const result = await uninstallShop(ctx.tx, shopId, await eventTimeOf(ctx));
  ctx.log.info(
    { shopId, ...result },
    result.applied ? 'shop uninstalled' : 'uninstall older than the latest install: ignored',
  );
};

/** What became of the sync run a finished bulk operation belongs to (the importer acts on 'import'). */
export type BulkOperationOutcome =
  | { kind: 'import'; syncRunId: string; resource: string; bulkOperationId: string }
  | { kind: 'failed'; syncRunId: string; resource: string; error: string }
  | { kind: 'cancelled'; syncRunId: string; resource: string }
  | { kind: 'already_final'; syncRunId: string; status: string }
  | { kind: 'not_final'; status: string }
  | { kind: 'unknown_operation'; bulkOperationId: string };

type FinalState = { status: 'importing' | 'failed' | 'cancelled'; error: string | null } | null;

function finalStateOf(payload: BulkOperationFinishPayload): FinalState {
  switch (payload.status) {
    case 'completed':
      return { status: 'importing', error: null };
    case 'failed':
      return { status: 'failed', error: `bulk operation failed: ${payload.error_code ?? 'unknown error'}` };
    case 'expired':
      return { status: 'failed', error: 'bulk operation result expired before it was imported' };
    case 'canceled':
      return { status: 'cancelled', error: null };
    case 'created':
    case 'running':
    case 'canceling':
      return null;
    default:
      return assertNever(payload.status, 'bulk operation status');
  }
}

/**
 * bulk_operations/finish: moves the shop's sync run for this operation (matched on the GraphQL id,
 * or its numeric tail) from created/running to importing, failed or cancelled. Idempotent: a run
 * already past running is left alone and reported as such.
 */
export async function onBulkOperationFinished(
  tx: DbOrTx,
  shopId: string,
  payload: BulkOperationFinishPayload,
): Promise<BulkOperationOutcome> {
  const state = finalStateOf(payload);
  if (state === null) return { kind: 'not_final', status: payload.status };
  const gid = payload.admin_graphql_api_id;
  const numericId = gid.slice(gid.lastIndexOf('/') + 1);
  const rows = await queryRows<{
    id: string;
    resource: string;
    status: string;
    error: string | null;
    old_status: string;
  }>(
    tx,
    sql`
      WITH run AS (
        SELECT id, status AS old_status FROM sync_runs WHERE shop_id = ${shopId} AND bulk_operation_id IN (${gid}, ${numericId})
        ORDER BY started_at DESC LIMIT 1 FOR UPDATE
      )
      UPDATE sync_runs s SET
        status = CASE WHEN s.status IN ('created', 'running') THEN ${state.status} ELSE s.status END,
        error = CASE WHEN s.status IN ('created', 'running') THEN ${state.error} ELSE s.error END,
        finished_at = CASE WHEN s.status IN ('created', 'running') AND ${state.status} <> 'importing'
                           THEN ${timestamptz(payload.completed_at)} ELSE s.finished_at END
      FROM run WHERE s.id = run.id
      RETURNING s.id::text AS id, s.resource, s.status, s.error, run.old_status`,
  );
  const run = rows[0];
  if (!run) return { kind: 'unknown_operation', bulkOperationId: gid };
  if (run.old_status !== 'created' && run.old_status !== 'running')
    return { kind: 'already_final', syncRunId: run.id, status: run.status };
  if (run.status === 'importing')
    return { kind: 'import', syncRunId: run.id, resource: run.resource, bulkOperationId: gid };
  if (run.status === 'cancelled') return { kind: 'cancelled', syncRunId: run.id, resource: run.resource };
  return {
    kind: 'failed',
    syncRunId: run.id,
    resource: run.resource,
    error: run.error ?? `sync run is ${run.status}`,
  };
}

export const handleBulkOperationFinish: WebhookHandler<'bulk_operations/finish'> = async (ctx, payload) => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  const outcome = await onBulkOperationFinished(ctx.tx, shopId, payload);
  ctx.log.info({ shopId, outcome }, 'bulk operation finished');
  // Start the import now rather than at the backfill's next poll (deferred: runs after this transaction).
  notifyBulkOperationFinished(ctx.app, shopId, payload.admin_graphql_api_id);
};
