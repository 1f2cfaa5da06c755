// Embedded PostgreSQL for local mode and quick tests: PGlite (Postgres compiled to WASM) served over the
// Postgres wire protocol by pglite-socket, so the app uses the same `pg` pool, migrations and agenda backend
// as with a real server. Known limits (pglite-socket 0.2.17): one transaction at a time across all
// connections, and NOTIFY is not delivered to LISTEN on another connection, so pollers must poll.
// Its scheduler could also interleave two connections' Parse/Bind/Execute: see pglite-protocol-batches.ts.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { logger } from '../logger.js';
import { keepProtocolBatchesTogether } from './pglite-protocol-batches.js';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** A directory, or memory:// for a throwaway database. */
  dataDir: string;
  maxConnections?: number;
  /** Start from a dump (PGlite dumpDataDir) instead of running initdb: much faster for throwaway databases. */
  loadDataDir?: Blob;
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const inMemory = opts.dataDir.startsWith('memory://');
  if (!inMemory) await mkdir(opts.dataDir, { recursive: true });
  const db = await PGlite.create(
    inMemory ? 'memory://' : opts.dataDir,
    opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {},
  );
  const server = new PGLiteSocketServer({
    db,
    port: 0,
    host: '127.0.0.1',
    maxConnections: opts.maxConnections ?? 16,
  });
  keepProtocolBatchesTogether(server);
  await server.start();
  const conn = server.getServerConn(); // "127.0.0.1:PORT"
  const url = `postgres://postgres@${conn}/postgres`;
  logger.info({ dataDir: opts.dataDir, conn }, 'embedded PostgreSQL (PGlite) started');
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}
