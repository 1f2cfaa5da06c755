// RFM scores per shop: among customers with at least one (non-cancelled) order, recency (last order),
// frequency (orders) and monetary value (total spent) are each scored 1-5 by quintile of percent rank
// (ties share a score; 5 is most recent / most / highest), then mapped to a group (rfm-groups.ts).
// Recomputed as a whole per shop in one transaction: the nightly job and the end of a backfill. Each group
// is stored in customer_rfm (with the scores) and on the customer row (customers.rfm_group, what counts read).
import type pg from 'pg';
import { RFM_GRID_FLAT } from './rfm-groups.js';

export interface RfmResult {
  shopId: string;
  customers: number;
}

export async function recomputeRfm(pool: pg.Pool, shopId: string, now: Date): Promise<RfmResult> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // One recompute per shop at a time (nightly job and a backfill's may overlap).
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('customer_rfm:' || $1, 0))`, [shopId]);
    await client.query('DELETE FROM customer_rfm WHERE shop_id = $1', [shopId]);
    const inserted = await client.query(
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
    // The same group on the customer row, which segment counts read (migration 0031); only rows whose group
    // changed are written (a customer no longer scored, e.g. every order cancelled, loses it).
    await client.query(
      `UPDATE customers c SET rfm_group = g.rfm_group
         FROM (SELECT k.id, r.rfm_group FROM customers k
                 LEFT JOIN customer_rfm r ON r.shop_id = k.shop_id AND r.customer_id = k.id
                WHERE k.shop_id = $1) g
        WHERE c.shop_id = $1 AND c.id = g.id AND c.rfm_group IS DISTINCT FROM g.rfm_group`,
      [shopId],
    );
    await client.query('COMMIT');
    return { shopId, customers: inserted.rowCount ?? 0 };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
