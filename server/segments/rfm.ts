// RFM scores per shop: among customers with at least one (non-cancelled) order, recency (last order),
// frequency (orders) and monetary value (total spent) are each scored 1-5 by quintile of percent rank
// (ties share a score; 5 is most recent / most / highest), then mapped to a group (rfm-groups.ts).
// Recomputed as a whole per shop (the nightly job and the end of a backfill): the scores in customer_rfm in one
// transaction, then each group copied to the customer row (customers.rfm_group, what counts read) in batches.
import type pg from 'pg';
import { inClientTransaction } from '../db/transaction.js';
import { RFM_GRID_FLAT } from './rfm-groups.js';

export interface RfmResult {
  shopId: string;
  customers: number;
}

/** Customers whose rfm_group one statement copies: row locks held for a batch, never for the whole shop. */
const COPY_BATCH = 5_000;
const BEFORE_ANY_ID = '-9223372036854775808';

export async function recomputeRfm(
  pool: pg.Pool,
  shopId: string,
  now: Date,
  opts: { copyBatch?: number } = {},
): Promise<RfmResult> {
  const client = await pool.connect();
  const lock = [`customer_rfm:${shopId}`];
  try {
    // One recompute per shop at a time (nightly job and a backfill's may overlap), scores and copy alike.
    await client.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, lock);
    const inserted = await inClientTransaction(client, async () => {
      await client.query('DELETE FROM customer_rfm WHERE shop_id = $1', [shopId]);
      const result = await client.query(
        `WITH scored AS (
           SELECT id,
                  LEAST(5, 1 + floor(5 * percent_rank() OVER (ORDER BY last_order_at)))::int AS r,
                  LEAST(5, 1 + floor(5 * percent_rank() OVER (ORDER BY orders_count)))::int AS f,
                  LEAST(5, 1 + floor(5 * percent_rank() OVER (ORDER BY total_spent)))::int AS m
             FROM customers
            WHERE shop_id = $1 AND orders_count > 0 AND last_order_at IS NOT NULL AND deleted_at IS NULL AND redacted_at IS NULL
         )
         INSERT INTO customer_rfm (shop_id, customer_id, recency, frequency, monetary, rfm_group, computed_at)
         SELECT $1, id, r, f, m, ($2::text[])[(r - 1) * 5 + (f + m + 1) / 2], $3 FROM scored`,
        [shopId, RFM_GRID_FLAT, now],
      );
      return result.rowCount ?? 0;
    });
    await copyGroupsToCustomers(client, shopId, opts.copyBatch ?? COPY_BATCH);
    return { shopId, customers: inserted };
  } finally {
    // A connection that may still hold the lock is closed, not returned to the pool.
    const unlocked = await client.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, lock).then(
      () => true,
      () => false,
    );
    client.release(unlocked ? undefined : new Error('RFM advisory lock not released'));
  }
}

/**
 * The groups onto the customer rows (customers.rfm_group, what segment counts read), in batches of customers
 * by id, each statement its own transaction: a shop's first recompute writes every customer (883,641 rows
 * took 298 s at load ~12 on the benchmark), and a webhook updating one of them waits only for its batch.
 * Only rows whose group changed are written; a customer no longer scored (e.g. every order cancelled) loses
 * it. Until the last batch, counts mix the previous and the new groups.
 */
async function copyGroupsToCustomers(client: pg.PoolClient, shopId: string, batch: number): Promise<void> {
  let after = BEFORE_ANY_ID;
  for (;;) {
    const { rows } = await client.query<{ last: string | null }>(
      `WITH batch AS (
         SELECT k.id, r.rfm_group FROM customers k
           LEFT JOIN customer_rfm r ON r.shop_id = k.shop_id AND r.customer_id = k.id
          WHERE k.shop_id = $1 AND k.id > $2::bigint ORDER BY k.id LIMIT $3),
       copied AS (
         UPDATE customers c SET rfm_group = b.rfm_group FROM batch b
          WHERE c.shop_id = $1 AND c.id = b.id AND c.rfm_group IS DISTINCT FROM b.rfm_group)
       SELECT max(id)::text AS last FROM batch`,
      [shopId, after, batch],
    );
    const last = rows[0]?.last;
    if (!last) return;
    after = last;
  }
}
