// Builds the database handle: a pg pool (to DATABASE_URL, or to an embedded PGlite server) and Drizzle on top.
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Config } from '../config.js';
import { logger } from '../logger.js';
import * as schema from './schema/index.js';

// bigint columns come back as strings by default; numeric stays a string (money must not become a float).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export type Db = NodePgDatabase<typeof schema>;

export interface Database {
  pool: pg.Pool;
  db: Db;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openDatabase(config: Config): Promise<Database> {
  const embedded = config.database.url === null;
  // Imported lazily: PGlite's WASM is only loaded when no server is configured.
  const server = embedded
    ? await (await import('./embedded.js')).startEmbeddedPostgres({ dataDir: config.database.embeddedDir })
    : null;
  const url = server?.url ?? config.database.url!;
  const pool = new pg.Pool({
    connectionString: url,
    max: embedded ? Math.min(config.database.poolMax, 8) : config.database.poolMax,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: 'textlane',
  });
  // A checked-out client between two queries (e.g. inside a transaction while Node works) has no pool
  // listener: if the server ends its connection (restart, failover, pg_terminate_backend) its 'error'
  // event would be unhandled and crash the process. The pending or next query fails and the caller's
  // error path (retry, 503) handles it; here it is only logged.
  pool.on('connect', (client) => {
    client.on('error', (err: Error & { code?: string }) =>
      logger.warn({ code: err.code, reason: err.message }, 'database connection lost while checked out'),
    );
  });
  // pg-pool attaches the whole client to this error (err.client): log what matters, not the client.
  pool.on('error', (err: Error & { code?: string }) =>
    logger.error({ code: err.code, reason: err.message }, 'idle database client error'),
  );
  const db = drizzle(pool, { schema });
  let closed = false;
  return {
    pool,
    db,
    url,
    embedded,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
      await server?.stop();
    },
  };
}
