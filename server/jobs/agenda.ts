// Agenda 6 on the app's Postgres: scheduled, delayed and recurring work (never one job per SMS).
import { Agenda } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';
import type pg from 'pg';
import type { Config } from '../config.js';
import { logger } from '../logger.js';

export interface JobsOptions {
  config: Config;
  pool: pg.Pool;
  /** Embedded PGlite drops cross-connection NOTIFY, so poll fast there. */
  embedded: boolean;
  name: string;
}

interface JobLike {
  attrs: { _id?: unknown; name: string };
}

export interface AppAgenda {
  agenda: Agenda;
  /** Graceful stop (see stopAgenda below). */
  stop(timeoutMs: number): Promise<void>;
}

/** Advisory lock key (any constant bigint) under which a process creates agenda's schema. */
const AGENDA_SCHEMA_LOCK = 7_355_608_001;

/**
 * The backend creates its schema whenever it connects (CREATE OR REPLACE FUNCTION, DROP and CREATE TRIGGER on
 * agenda_jobs). Two processes starting at once (two workers after a deploy) then fail with "tuple concurrently
 * updated" (found by npm run chaos); under a session advisory lock they take turns.
 */
function serializeSchemaCreation(backend: PostgresBackend, pool: pg.Pool): void {
  const connect = backend.connect.bind(backend);
  backend.connect = async () => {
    const lock = await pool.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [AGENDA_SCHEMA_LOCK]);
      await connect();
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [AGENDA_SCHEMA_LOCK]).catch(() => undefined);
      lock.release();
    }
  };
}

export function createAgenda({ config, pool, embedded, name }: JobsOptions): AppAgenda {
  const backend = new PostgresBackend({ pool, disableNotifications: embedded });
  serializeSchemaCreation(backend, pool);
  // The LISTEN connection emits 'error' when the server ends it (restart, failover, a dropped database).
  // Without a listener that event would crash the process; the channel reconnects by itself and agenda
  // keeps polling every processEvery meanwhile, so a lost connection is a warning.
  backend.notificationChannel?.on('error', (err: unknown) =>
    logger.warn({ err }, 'agenda notification channel error; reconnecting'),
  );
  const agenda = new Agenda({
    backend,
    name,
    processEvery: embedded ? Math.min(config.agenda.processEveryMs, 500) : config.agenda.processEveryMs,
    lockLimit: config.agenda.lockLimit,
    defaultLockLimit: Math.max(1, Math.floor(config.agenda.lockLimit / 2)),
    defaultLockLifetime: config.agenda.lockLifetimeMs,
    maxConcurrency: config.agenda.maxConcurrency,
    defaultConcurrency: Math.max(1, Math.floor(config.agenda.maxConcurrency / 4)),
  });
  // Ids of the jobs running in this process, released at shutdown if they do not finish in time.
  // Agenda also re-emits the job events of every other process on the server (from the backend's state
  // notifications) with `remote` true and a notification, not a job, as the payload: those are not ours
  // (and have no attrs: reading them crashed every worker as soon as two processes ran jobs).
  const running = new Set<string>();
  agenda.on('start', (job: JobLike, remote?: boolean) => {
    if (remote !== true) running.add(String(job.attrs._id));
  });
  agenda.on('complete', (job: JobLike, remote?: boolean) => {
    if (remote !== true) running.delete(String(job.attrs._id));
  });
  agenda.on('error', (err: unknown) => logger.error({ err }, 'agenda error'));
  agenda.on('fail', (err: unknown, job: JobLike, remote?: boolean) => {
    if (remote !== true)
      logger.error({ err, job: job.attrs.name, jobId: String(job.attrs._id) }, 'job failed');
  });
  return { agenda, stop: (timeoutMs) => stopAgenda(agenda, running, pool, timeoutMs) };
}

/**
 * Graceful stop: stop taking jobs and wait (bounded) for running ones to finish. A job still running when
 * the time is up is released (unlocked and due now), so the next worker runs it again at once: jobs are
 * at-least-once and their handlers idempotent. (Agenda itself would keep the lock until it expires.)
 * A crash (SIGKILL) leaves locks that expire after defaultLockLifetime; agenda then runs the job again.
 */
async function stopAgenda(
  agenda: Agenda,
  running: ReadonlySet<string>,
  pool: pg.Pool,
  timeoutMs: number,
): Promise<void> {
  try {
    const result = await agenda.drain(timeoutMs);
    const left = [...running];
    if (result.timedOut && left.length > 0) {
      await pool.query(
        `UPDATE agenda_jobs SET locked_at = NULL, next_run_at = now() WHERE id = ANY($1::uuid[]) AND locked_at IS NOT NULL`,
        [left],
      );
      logger.warn({ jobIds: left }, 'released jobs still running at shutdown; they will run again');
    }
  } catch (err) {
    logger.error({ err }, 'agenda did not stop cleanly');
  }
}
