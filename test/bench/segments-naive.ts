// The baseline of bench:segments: each definition evaluated the naive way, without anything precomputed.
// Per query, one GROUP BY over the shop's orders (joined to their line items, grouped per order first so
// order totals are not multiplied) computes every customer's counts, sums, dates and products bought; RFM
// is scored on the fly with window functions. Same members and the same reachable rule as the app.
import { REACHABLE_SQL } from '../../server/segments/compile.js';
import { RFM_GRID_FLAT } from '../../server/segments/rfm-groups.js';

const DAY = 86_400_000;

/** Per definition (by bench name): the predicate over customer `c` and features `f` (NULL when no orders). */
const PREDICATES: Record<string, string> = {
  'repeat buyers': `COALESCE(f.n, 0) >= 2`,
  'spent 500+': `COALESCE(f.spent, 0) >= 500`,
  'bought product 1': `COALESCE(f.p1, false)`,
  'bought 2 but not 3': `COALESCE(f.p2, false) AND NOT COALESCE(f.p3, false)`,
  'ordered in the last 90 days': `COALESCE(f.n90, 0) >= 1`,
  'inactive 90 days': `COALESCE(f.n, 0) >= 1 AND f.last_at < $2`,
  'VIP or spent 1000+': `(EXISTS (SELECT 1 FROM unnest(c.tags) t WHERE lower(t) = 'vip') OR COALESCE(f.spent, 0) >= 1000)`,
  'RFM at risk / can\u2019t lose': `f.rfm_group IN ('at_risk', 'cant_lose')`,
  'US/CA with AOV 100+': `c.country_code IN ('US', 'CA') AND round(f.spent / NULLIF(f.n, 0), 2) >= 100`,
  'first order in the last 30 days, one order': `COALESCE(f.n, 0) = 1 AND f.first_at >= $3`,
};

export function naiveCountQuery(
  name: string,
  shopId: string,
  now: Date,
): { text: string; values: unknown[] } {
  const predicate = PREDICATES[name];
  if (!predicate) throw new Error(`no naive predicate for ${name}`);
  const rfm = name.startsWith('RFM');
  const features = `
    li AS (SELECT order_id, bool_or(product_id = 1) AS p1, bool_or(product_id = 2) AS p2, bool_or(product_id = 3) AS p3
             FROM order_line_items WHERE shop_id = $1 AND quantity > 0 GROUP BY order_id),
    g AS (SELECT o.customer_id AS id, count(*) AS n, sum(o.total_price - o.refunded_amount) AS spent,
                 min(o.shopify_created_at) AS first_at, max(o.shopify_created_at) AS last_at,
                 count(*) FILTER (WHERE o.shopify_created_at >= $2::timestamptz) AS n90,
                 count(*) FILTER (WHERE o.shopify_created_at >= $3::timestamptz) AS n30,
                 bool_or(COALESCE(li.p1, false)) AS p1, bool_or(COALESCE(li.p2, false)) AS p2, bool_or(COALESCE(li.p3, false)) AS p3
            FROM orders o LEFT JOIN li ON li.order_id = o.id
           WHERE o.shop_id = $1 AND o.cancelled_at IS NULL AND o.customer_id IS NOT NULL
           GROUP BY o.customer_id)`;
  const scored = rfm
    ? `, f AS (SELECT s.*, ($4::text[])[(r - 1) * 5 + (fq + m + 1) / 2] AS rfm_group FROM (
         SELECT g.*, LEAST(5, 1 + floor(5 * percent_rank() OVER (ORDER BY g.last_at)))::int AS r,
                LEAST(5, 1 + floor(5 * percent_rank() OVER (ORDER BY g.n)))::int AS fq,
                LEAST(5, 1 + floor(5 * percent_rank() OVER (ORDER BY g.spent)))::int AS m
           FROM g JOIN customers c ON c.shop_id = $1 AND c.id = g.id AND c.deleted_at IS NULL AND c.redacted_at IS NULL) s)`
    : `, f AS (SELECT * FROM g)`;
  const text = `WITH ${features}${scored},
    members AS MATERIALIZED (SELECT c.id FROM customers c LEFT JOIN f ON f.id = c.id
                              WHERE c.shop_id = $1 AND c.deleted_at IS NULL AND c.redacted_at IS NULL AND ${predicate})
    SELECT (SELECT count(*) FROM members)::int AS customers,
           (SELECT count(DISTINCT s.phone) FROM subscribers s JOIN members mb ON mb.id = s.customer_id
             WHERE s.shop_id = $1 AND ${REACHABLE_SQL})::int AS reachable`;
  const values: unknown[] = [shopId, new Date(now.getTime() - 90 * DAY), new Date(now.getTime() - 30 * DAY)];
  if (rfm) values.push(RFM_GRID_FLAT);
  return { text, values };
}
