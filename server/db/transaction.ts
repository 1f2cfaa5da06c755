// The type of a Drizzle transaction on our schema, "a handle or a transaction" for repositories, and the
// transaction on one pooled pg connection that the raw-SQL modules (campaigns, billing) share.
import type pg from 'pg';
import type { Db } from './client.js';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** Runs `fn` in a transaction on one connection of `pool`: everything or nothing. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
