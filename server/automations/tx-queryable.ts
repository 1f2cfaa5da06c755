// The outbox (enqueueMessages) speaks pg directly; automations run inside the webhook's Drizzle
// transaction, so messages must be created on that transaction's own connection (a second connection
// would not see the uncommitted mirror rows, and on embedded PGlite would wait for this very
// transaction). Drizzle's node-postgres transaction holds that pg client as session.client; this reads
// it with runtime checks and fails loudly if Drizzle ever changes its shape (covered by the automation
// integration tests).
import pg from 'pg';
import type { Db } from '../db/client.js';
import type { DbOrTx } from '../db/transaction.js';
import { AppError } from '../errors.js';
import type { Queryable } from '../messaging/outbox/queryable.js';

function isPoolClient(value: unknown): value is pg.PoolClient {
  return value instanceof pg.Client && typeof Reflect.get(value, 'release') === 'function';
}

function isPool(value: unknown): value is pg.Pool {
  return value instanceof pg.Pool;
}

/** The pg connection a Drizzle handle runs on: the pool for a plain handle, the client for a transaction. */
export function queryableOf(db: DbOrTx | Db): Queryable {
  const session: unknown = db._.session;
  const client: unknown =
    typeof session === 'object' && session !== null ? Reflect.get(session, 'client') : undefined;
  if (isPoolClient(client) || isPool(client)) return client;
  throw new AppError({
    code: 'unsupported_db_handle',
    message: 'Cannot find the pg connection of this database handle',
  });
}
