// The type of a Drizzle transaction on our schema, "a handle or a transaction" for repositories, and the
// transaction on one pooled pg connection that the raw-SQL modules (campaigns, billing) share.
import type pg from 'pg';
import type { Db } from './client.js';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/**
 * Runs `fn` in a transaction on `client`, a connection the caller holds (e.g. with a session lock): everything or
 * nothing. `begin` opens it, and may set transaction-local settings in the same round trip
 * (`BEGIN; SET LOCAL …`).
 */
export async function inClientTransaction<T>(
  client: pg.PoolClient,
  fn: () => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  try {
    await client.query(begin);
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Runs `fn` in a transaction on one connection of `pool` (inClientTransaction), then returns the connection. */
export async function inTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  try {
    return await inClientTransaction(client, () => fn(client), begin);
  } finally {
    client.release();
  }
}
