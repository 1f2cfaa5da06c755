// Data set of `bench:segments`, generated set-based in PostgreSQL (generate_series, no row-by-row inserts),
// seeded (setseed for the orders per customer): C customers, about O orders with realistic skew (orders per customer follow a
// Pareto law: most customers have 1-2 orders, ~8% none, a long tail of heavy buyers), 1-3 line items per
// order (1.5 on average) over 5,000 products (popular products much more frequent), 30% of customers SMS subscribers, and
// recent abandoned checkouts. Customer aggregates, reachable phones and purchased products are written the way
// the app keeps them; RFM groups by the app's own recompute (before the secondary indexes are rebuilt).
import type pg from 'pg';
import { REACHABLE_SQL } from '../../server/segments/compile.js';
import { recomputeRfm } from '../../server/segments/rfm.js';

export const PRODUCTS = 5_000;

export interface DataSetSize {
  customers: number;
  orders: number;
}

type Db = Pick<pg.PoolClient, 'query'>;

async function step(db: Db, label: string, sql: string, params: unknown[] = []): Promise<void> {
  const started = Date.now();
  await db.query(sql, params);
  console.error(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const LOADED_TABLES = [
  'customers',
  'orders',
  'order_line_items',
  'purchased_products',
  'subscribers',
  'checkouts',
];

/** Bulk load the usual way: secondary indexes dropped and rebuilt after, FK triggers off for the session. */
export async function generateDataSet(
  pool: pg.Pool,
  shopId: string,
  size: DataSetSize,
  now: Date,
): Promise<{ orders: number }> {
  const client = await pool.connect();
  try {
    const { rows: indexes } = await client.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes
        WHERE schemaname = 'public' AND tablename = ANY($1) AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
      [LOADED_TABLES],
    );
    for (const i of indexes) await client.query(`DROP INDEX ${i.name}`);
    await client.query(`SET session_replication_role = replica`);
    await load(client, shopId, size, now);
    await client.query(`SET session_replication_role = DEFAULT`);
    // RFM groups by the app's recompute, part of the load like the aggregates: it writes every customer's
    // group (customers.rfm_group), and with the secondary indexes in place that first mass update leaves every
    // customers index about twice its size (measured: customers_segment_idx 124 -> 239 MB, 298 s at load
    // ~12), the state after a shop's first recompute, until a REINDEX. Statistics first, for its plans.
    await client.query('ANALYZE customers, orders');
    const started = Date.now();
    const rfm = await recomputeRfm(pool, shopId, now);
    console.error(
      `  RFM groups (${rfm.customers} customers): ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await client.query(`SET maintenance_work_mem = '256MB'`);
    const rebuilt = Date.now();
    for (const i of indexes) await client.query(i.def);
    console.error(`  ${indexes.length} indexes rebuilt: ${((Date.now() - rebuilt) / 1000).toFixed(1)} s`);
  } finally {
    client.release();
  }
  await step(pool, 'vacuum analyze', `VACUUM ANALYZE`);
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM orders WHERE shop_id = $1`,
    [shopId],
  );
  return { orders: rows[0]!.n };
}

async function load(pool: Db, shopId: string, size: DataSetSize, now: Date): Promise<void> {
  const day = `interval '1 day'`;
  await step(
    pool,
    'orders per customer',
    `CREATE UNLOGGED TABLE bench_customer_orders AS
       SELECT i AS customer_id,
              CASE WHEN random() < 0.08 THEN 0 ELSE LEAST(1000, floor(power(1 - random(), -1 / 1.1)))::int END AS n
         FROM (SELECT setseed(0.42)) s, generate_series(1, $1::int) AS i`,
    [size.customers],
  );
  await step(
    pool,
    'orders',
    `INSERT INTO orders (shop_id, id, customer_id, name, currency, total_price, refunded_amount, discount_codes,
                         shopify_created_at, shopify_updated_at, cancelled_at)
     SELECT $1, k, customer_id, '#' || k, 'USD', round((10 + random() * 190)::numeric, 2),
            CASE WHEN random() < 0.03 THEN 5 ELSE 0 END,
            CASE WHEN random() < 0.1 THEN '{SPRING}'::text[] ELSE '{}'::text[] END,
            created, created, CASE WHEN random() < 0.03 THEN created END
       FROM (SELECT row_number() OVER () AS k, co.customer_id, $3::timestamptz - random() * 730 * ${day} AS created
               FROM bench_customer_orders co CROSS JOIN LATERAL generate_series(1, co.n) g
              LIMIT $2) o`,
    [shopId, size.orders, now],
  );
  await step(
    pool,
    'line items',
    `INSERT INTO order_line_items (shop_id, id, order_id, product_id, variant_id, sku, title, vendor, product_type, quantity, price)
     SELECT $1, o.id * 4 + g, o.id, p, p * 10 + 1, 'SKU-' || p, 'Product ' || p, 'Vendor ' || (p % 50), 'Type ' || (p % 20), 1 + (o.id % 2)::int, 20
       FROM orders o CROSS JOIN LATERAL generate_series(1, 1 + (o.id % 3 = 0)::int + (o.id % 5 = 0)::int) g
            CROSS JOIN LATERAL (SELECT 1 + floor(${PRODUCTS} * power(random(), 2.5) + g * 0)::int AS p) pr
      WHERE o.shop_id = $1`,
    [shopId],
  );
  await step(
    pool,
    'customers with aggregates',
    `INSERT INTO customers (shop_id, id, first_name, last_name, phone, country_code, tags, shopify_created_at,
                            orders_count, total_spent, first_order_at, last_order_at, last_order_id)
     SELECT $1, co.customer_id, 'Name' || (co.customer_id % 997), 'Last' || (co.customer_id % 991),
            '+1415' || lpad(co.customer_id::text, 7, '0'),
            (ARRAY['US', 'CA', 'FR', 'GB', 'DE'])[1 + co.customer_id % 5],
            CASE WHEN co.customer_id % 20 = 0 THEN '{VIP}'::text[] ELSE '{}'::text[] END,
            $2::timestamptz - (co.customer_id % 1000) * ${day},
            COALESCE(a.n, 0), COALESCE(a.spent, 0), a.first_at, a.last_at, a.last_id
       FROM bench_customer_orders co
       LEFT JOIN (SELECT customer_id, count(*) AS n, sum(total_price - refunded_amount) AS spent,
                         min(shopify_created_at) AS first_at, max(shopify_created_at) AS last_at, max(id) AS last_id
                    FROM orders WHERE shop_id = $1 AND cancelled_at IS NULL GROUP BY customer_id) a ON a.customer_id = co.customer_id`,
    [shopId, now],
  );
  await step(
    pool,
    'purchased products',
    `INSERT INTO purchased_products (shop_id, customer_id, product_id, first_purchased_at, last_purchased_at)
     SELECT o.shop_id, o.customer_id, li.product_id, min(o.shopify_created_at), max(o.shopify_created_at)
       FROM orders o JOIN order_line_items li ON li.shop_id = o.shop_id AND li.order_id = o.id
      WHERE o.shop_id = $1 AND o.cancelled_at IS NULL AND o.customer_id IS NOT NULL AND li.product_id IS NOT NULL AND li.quantity > 0
      GROUP BY o.shop_id, o.customer_id, li.product_id`,
    [shopId],
  );
  await step(
    pool,
    'subscribers',
    `INSERT INTO subscribers (shop_id, phone, country_code, customer_id, marketing_state, transactional_state, source, subscribed_at)
     SELECT $1, '+1415' || lpad(i::text, 7, '0'), 'US', i,
            CASE WHEN i % 10 < 8 THEN 'subscribed' ELSE 'unsubscribed' END, 'subscribed', 'checkout', $3::timestamptz - (i % 365) * ${day}
       FROM generate_series(1, $2::int) AS i WHERE i % 10 < 3`,
    [shopId, size.customers, now],
  );
  // The triggers that keep customers.reachable_phones are off during the load (replica role): set it the way
  // migration 0024 fills it, from the subscribers just written.
  await step(
    pool,
    'reachable phones',
    `UPDATE customers c SET reachable_phones = r.n
       FROM (SELECT s.customer_id, count(*)::int AS n FROM subscribers s
              WHERE s.shop_id = $1 AND s.customer_id IS NOT NULL AND ${REACHABLE_SQL} GROUP BY s.customer_id) r
      WHERE c.shop_id = $1 AND c.id = r.customer_id`,
    [shopId],
  );
  await step(
    pool,
    'abandoned checkouts',
    `INSERT INTO checkouts (shop_id, token, customer_id, shopify_created_at)
     SELECT $1, 'bench-' || i, 1 + (i * 37) % $2::int, $3::timestamptz - (i % 14) * ${day}
       FROM generate_series(1, 50000) AS i`,
    [shopId, size.customers, now],
  );
  await pool.query('DROP TABLE bench_customer_orders');
}
