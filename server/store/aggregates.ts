// Customer purchase aggregates (orders_count, total_spent, first/last order) and purchased_products,
// always recomputed from the orders mirror rather than incremented, so they are exact whatever the
// delivery order and however many duplicates arrive. Cancelled orders do not count; total_spent is
// net of refunds (sum of total_price - refunded_amount). Set-based: one statement per table for any
// number of customers (the backfill recomputes thousands at once).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/transaction.js';
import { bigintArray, distinct, execute, queryRows } from './sql.js';

export interface RecomputeResult {
  /** Customer rows whose aggregates changed. */
  customersUpdated: number;
  /** purchased_products rows written (after clearing those customers' rows). */
  purchasedProducts: number;
}

/**
 * Recomputes the aggregates and purchased products of the given customers from orders and
 * order_line_items. Locks those customer rows first (in id order, so concurrent recomputes cannot
 * deadlock): a concurrent transaction that wrote another order of the same customer then waits, and
 * its own recompute (a later statement, so a later snapshot under READ COMMITTED) sees both orders.
 */
export async function recomputeCustomerAggregates(
  tx: DbOrTx,
  shopId: string,
  customerIds: readonly string[],
): Promise<RecomputeResult> {
  const ids = distinct(customerIds);
  if (ids.length === 0) return { customersUpdated: 0, purchasedProducts: 0 };
  const idArray = bigintArray(ids);
  await execute(
    tx,
    sql`SELECT 1 FROM customers WHERE shop_id = ${shopId} AND id = ANY(${idArray}) ORDER BY id FOR UPDATE`,
  );
  const customersUpdated = await execute(
    tx,
    sql`
      WITH target AS (SELECT DISTINCT unnest(${idArray}) AS id),
      agg AS (
        SELECT o.customer_id, count(*)::int AS n, sum(o.total_price - o.refunded_amount) AS spent,
               min(o.shopify_created_at) AS first_at, max(o.shopify_created_at) AS last_at,
               (array_agg(o.id ORDER BY o.shopify_created_at DESC, o.id DESC))[1] AS last_id
        FROM orders o
        WHERE o.shop_id = ${shopId} AND o.customer_id = ANY(${idArray}) AND o.cancelled_at IS NULL
        GROUP BY o.customer_id
      ),
      expected AS (
        SELECT t.id, COALESCE(a.n, 0) AS n, COALESCE(a.spent, 0)::numeric(14, 2) AS spent, a.first_at, a.last_at, a.last_id
        FROM target t LEFT JOIN agg a ON a.customer_id = t.id
      )
      UPDATE customers c SET
        orders_count = e.n, total_spent = e.spent, first_order_at = e.first_at, last_order_at = e.last_at,
        last_order_id = e.last_id, updated_at = now()
      FROM expected e
      WHERE c.shop_id = ${shopId} AND c.id = e.id
        AND (c.orders_count, c.total_spent, c.first_order_at, c.last_order_at, c.last_order_id)
            IS DISTINCT FROM (e.n, e.spent, e.first_at, e.last_at, e.last_id)`,
  );
  await execute(
    tx,
    sql`DELETE FROM purchased_products WHERE shop_id = ${shopId} AND customer_id = ANY(${idArray})`,
  );
  const purchasedProducts = await execute(
    tx,
    sql`
      INSERT INTO purchased_products (shop_id, customer_id, product_id, first_purchased_at, last_purchased_at)
      SELECT o.shop_id, o.customer_id, li.product_id, min(o.shopify_created_at), max(o.shopify_created_at)
      FROM orders o
      JOIN order_line_items li ON li.shop_id = o.shop_id AND li.order_id = o.id
      WHERE o.shop_id = ${shopId} AND o.customer_id = ANY(${idArray}) AND o.cancelled_at IS NULL
        AND li.product_id IS NOT NULL AND li.quantity > 0
      GROUP BY o.shop_id, o.customer_id, li.product_id`,
  );
  return { customersUpdated, purchasedProducts };
}

/**
 * Customers of the shop whose stored aggregates or purchased products differ from what the orders
 * mirror says (there should be none). Read-only; the nightly job recomputes whatever it returns.
 */
export async function findAggregateDrift(db: DbOrTx, shopId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
      WITH agg AS (
        SELECT o.customer_id, count(*)::int AS n, sum(o.total_price - o.refunded_amount)::numeric(14, 2) AS spent,
               min(o.shopify_created_at) AS first_at, max(o.shopify_created_at) AS last_at,
               (array_agg(o.id ORDER BY o.shopify_created_at DESC, o.id DESC))[1] AS last_id
        FROM orders o
        WHERE o.shop_id = ${shopId} AND o.customer_id IS NOT NULL AND o.cancelled_at IS NULL
        GROUP BY o.customer_id
      ),
      customer_drift AS (
        SELECT c.id
        FROM customers c LEFT JOIN agg a ON a.customer_id = c.id
        WHERE c.shop_id = ${shopId}
          AND (c.orders_count, c.total_spent, c.first_order_at, c.last_order_at, c.last_order_id)
              IS DISTINCT FROM (COALESCE(a.n, 0), COALESCE(a.spent, 0)::numeric(14, 2), a.first_at, a.last_at, a.last_id)
      ),
      expected_products AS (
        SELECT o.customer_id, li.product_id, min(o.shopify_created_at) AS first_at, max(o.shopify_created_at) AS last_at
        FROM orders o
        JOIN order_line_items li ON li.shop_id = o.shop_id AND li.order_id = o.id
        WHERE o.shop_id = ${shopId} AND o.customer_id IS NOT NULL AND o.cancelled_at IS NULL
          AND li.product_id IS NOT NULL AND li.quantity > 0
        GROUP BY o.customer_id, li.product_id
      ),
      stored_products AS (
        SELECT customer_id, product_id, first_purchased_at AS first_at, last_purchased_at AS last_at
        FROM purchased_products WHERE shop_id = ${shopId}
      ),
      product_drift AS (
        SELECT COALESCE(e.customer_id, s.customer_id) AS id
        FROM expected_products e
        FULL JOIN stored_products s ON s.customer_id = e.customer_id AND s.product_id = e.product_id
        WHERE e.customer_id IS NULL OR s.customer_id IS NULL OR (e.first_at, e.last_at) IS DISTINCT FROM (s.first_at, s.last_at)
      )
      SELECT id::text AS id FROM customer_drift
      UNION
      SELECT id::text FROM product_drift
      ORDER BY 1`,
  );
  return rows.map((r) => r.id);
}
