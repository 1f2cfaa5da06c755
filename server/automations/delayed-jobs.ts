// Delayed automation messages are agenda jobs keyed per flow and entity (data.key, e.g.
// "abandoned_checkout:<token>"): a duplicate webhook re-arms the same job instead of adding one, and an
// exit (order placed, checkout completed) deletes it. They are written with SQL in the webhook's own
// transaction, as lifecycle.ts does for cancellations: agenda.create().save() would use another pool
// connection, which cannot see the uncommitted mirror rows and, on embedded PGlite (one transaction at a
// time), would wait for this very transaction. The row has the shape agenda's Postgres backend writes;
// agenda finds it on its next poll (processEvery). A transaction-scoped advisory lock on the key keeps
// two concurrent deliveries from inserting two jobs; the handlers are idempotent anyway.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/transaction.js';

export const AUTOMATION_DELAYED_JOB = 'automation.delayed';
/** agenda's job table (@agendajs/postgres-backend default, as configured in server/jobs/agenda.ts). */
const JOBS_TABLE = 'agenda_jobs';

export type DelayedFlow = 'abandoned_checkout' | 'thank_you' | 'review_request' | 'welcome';

export interface DelayedAutomationData {
  shopId: string;
  flow: DelayedFlow;
  /** Unique per flow and entity: `${flow}:${entity id}`. */
  key: string;
  /** The entity: checkout token, order id (thank-you, review request) or subscriber id (welcome). */
  ref: string;
}

export const delayedKey = (flow: DelayedFlow, shopId: string, ref: string): string =>
  `${flow}:${shopId}:${ref}`;

/**
 * Creates the job. When one with the same key exists: `rearm` moves it (if not running yet) to `runAt`
 * (abandoned checkout: the wait restarts with each checkout update); otherwise it is left as it is.
 */
export async function scheduleDelayedAutomation(
  db: DbOrTx,
  data: DelayedAutomationData,
  runAt: Date,
  rearm = false,
): Promise<string> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${data.key}))`);
  if (!rearm) {
    const existing = await db.execute<{ id: string }>(sql`
      SELECT id::text AS id FROM ${sql.identifier(JOBS_TABLE)} WHERE name = ${AUTOMATION_DELAYED_JOB} AND data->>'key' = ${data.key} LIMIT 1`);
    if (existing.rows[0]) return existing.rows[0].id;
  }
  const updated = await db.execute<{ id: string }>(sql`
    UPDATE ${sql.identifier(JOBS_TABLE)}
       SET next_run_at = ${runAt.toISOString()}::timestamptz, data = ${JSON.stringify(data)}::jsonb, updated_at = now()
     WHERE name = ${AUTOMATION_DELAYED_JOB} AND data->>'key' = ${data.key} AND locked_at IS NULL
     RETURNING id::text AS id`);
  if (updated.rows[0]) return updated.rows[0].id;
  const inserted = await db.execute<{ id: string }>(sql`
    INSERT INTO ${sql.identifier(JOBS_TABLE)} (name, priority, next_run_at, type, data, disabled, fork, last_modified_by)
    VALUES (${AUTOMATION_DELAYED_JOB}, 0, ${runAt.toISOString()}::timestamptz, 'normal', ${JSON.stringify(data)}::jsonb, false, false, 'automations')
    RETURNING id::text AS id`);
  return inserted.rows[0]!.id;
}

/** Deletes pending jobs with these keys (not one already running: its run re-checks the exits). */
export async function cancelDelayedAutomations(db: DbOrTx, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const result = await db.execute(sql`
    DELETE FROM ${sql.identifier(JOBS_TABLE)}
     WHERE name = ${AUTOMATION_DELAYED_JOB} AND data->>'key' = ANY(${sql.param([...keys])}::text[]) AND locked_at IS NULL`);
  return result.rowCount ?? 0;
}
