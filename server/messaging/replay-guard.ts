// Replay protection for signed provider callbacks (MessageBird-Signature-JWT jti). The token is recorded in
// the same transaction as the callback's processing: a retry after a failed attempt finds no record (the
// rollback took it) and is processed, a replay of a processed callback is refused, and two deliveries of one
// token at once are serialised by the primary key (the second waits, then sees the first's record).
// Expired records are pruned at most once a minute per process.
import type pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { Tx } from '../db/transaction.js';
import type { ReplayToken } from './providers/types.js';

const PRUNE_EVERY_MS = 60_000;
const INSERT = 'INSERT INTO signature_nonces (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING';

export type Guarded<T> = { kind: 'replayed'; jti: string } | { kind: 'processed'; value: T };

export interface ReplayGuard {
  /** Runs `work` in a Drizzle transaction that also records the token; nothing is recorded if it throws. */
  inTransaction<T>(token: ReplayToken, work: (tx: Tx) => Promise<T>): Promise<Guarded<T>>;
  /** The same on a pg client (for the outbox's SQL), in one BEGIN ... COMMIT. */
  inClientTransaction<T>(
    token: ReplayToken,
    work: (client: pg.PoolClient) => Promise<T>,
  ): Promise<Guarded<T>>;
}

export function createReplayGuard(
  database: Pick<Database, 'db' | 'pool'>,
  now: () => number = Date.now,
): ReplayGuard {
  let lastPrune = 0;
  async function prune(): Promise<void> {
    if (now() - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = now();
    await database.pool.query('DELETE FROM signature_nonces WHERE expires_at < now()');
  }
  return {
    async inTransaction<T>(token: ReplayToken, work: (tx: Tx) => Promise<T>): Promise<Guarded<T>> {
      await prune();
      return database.db.transaction(async (tx): Promise<Guarded<T>> => {
        const recorded = await tx.execute(
          sql`INSERT INTO signature_nonces (jti, expires_at) VALUES (${token.jti}, ${token.expiresAt}) ON CONFLICT (jti) DO NOTHING`,
        );
        if (recorded.rowCount !== 1) return { kind: 'replayed', jti: token.jti };
        return { kind: 'processed', value: await work(tx) };
      });
    },
    async inClientTransaction<T>(
      token: ReplayToken,
      work: (client: pg.PoolClient) => Promise<T>,
    ): Promise<Guarded<T>> {
      await prune();
      const client = await database.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const recorded = await client.query(INSERT, [token.jti, token.expiresAt]);
        if (recorded.rowCount !== 1) {
          await client.query('ROLLBACK');
          return { kind: 'replayed', jti: token.jti };
        }
        const value = await work(client);
        await client.query('COMMIT');
        return { kind: 'processed', value };
      } catch (err) {
        // The original error is what matters; a failed ROLLBACK means the connection is gone: discard it.
        await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
        throw err;
      } finally {
        client.release(broken);
      }
    },
  };
}
