// The outbox talks SQL through pg directly (array parameters, set-based statements).
//
// Every outbox statement touches a small, known set of rows (a batch of ids or phones) in tables
// that can be huge, and must stay O(batch) whatever the planner believes. On a young table (no
// statistics yet, e.g. a fresh install or the benchmark) Postgres may pick a hash join over a
// sequential scan of `messages` for a 2,000-row batch, which makes every batch O(table) and a
// campaign quadratic. queryIndexed() runs a statement with sequential scans, hash and merge joins
// discouraged (SET LOCAL, this statement's transaction only), so the primary key and the
// (shop_id, phone) indexes are used. Given a client (possibly inside the caller's transaction) it
// runs the statement as is, leaving that transaction's settings alone.
import pg from 'pg';
import { inTransaction } from '../../db/transaction.js';

export type Queryable = pg.Pool | pg.PoolClient;

const HINTS =
  'SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; SET LOCAL jit = off';

export async function queryIndexed<R extends pg.QueryResultRow>(
  db: Queryable,
  text: string,
  params: unknown[],
): Promise<pg.QueryResult<R>> {
  if (!(db instanceof pg.Pool)) return db.query<R>(text, params);
  return inTransaction(db, (client) => client.query<R>(text, params), `BEGIN; ${HINTS}`);
}
