// Applies the committed SQL migrations (server/db/migrations), under an advisory lock so that web and
// worker processes starting together don't race.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
const MIGRATION_LOCK = 727_001;

export async function runMigrations(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** Number of migrations committed in the repo vs applied to the database. */
export async function migrationStatus(pool: pg.Pool): Promise<{ expected: number; applied: number }> {
  const journal = JSON.parse(await readFile(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: unknown[];
  };
  const res = await pool
    .query<{ n: string }>('SELECT count(*)::text AS n FROM drizzle.__drizzle_migrations')
    .catch(() => ({ rows: [{ n: '0' }] }));
  return { expected: journal.entries.length, applied: Number(res.rows[0]?.n ?? 0) };
}
