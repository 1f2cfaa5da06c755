// One SQL boolean expression per condition, over the customer row `c` (customers of shop $1). Every
// expression is TRUE or FALSE, never NULL, so NOT and OR behave as in the rule tree. Conditions on other
// tables are `c.id IN (subquery)` whose subquery never yields NULL (hashed sub-plans or semi-joins), or for
// "bought none of" NOT EXISTS (an anti join; the same rows, since those ids are never NULL).
// All-time order metrics read the customer's maintained aggregates; windowed ones aggregate the orders
// in the window (cancelled orders excluded everywhere).
import type { NumberComparison, SegmentCondition } from '../contracts/segments.js';
import { assertNever } from '../errors.js';
import { rfmGroupsSql } from './rfm-groups.js';
import {
  dateSql,
  numberHolds,
  numberSql,
  resolveDate,
  SqlParams,
  textSql,
  windowSql,
  type NumberColumn,
} from './sql-params.js';

const ORDERS_BASE = `FROM orders o WHERE o.shop_id = $1 AND o.cancelled_at IS NULL AND o.customer_id IS NOT NULL`;

type OrderMetric = Extract<
  SegmentCondition,
  { kind: 'order_count' | 'total_spent' | 'average_order_value' | 'first_order_date' | 'last_order_date' }
>;

const ALL_TIME: Record<OrderMetric['kind'], string> = {
  order_count: 'c.orders_count',
  total_spent: 'c.total_spent',
  average_order_value: 'round(c.total_spent / NULLIF(c.orders_count, 0), 2)',
  first_order_date: 'c.first_order_at',
  last_order_date: 'c.last_order_at',
};
const IN_WINDOW: Record<OrderMetric['kind'], string> = {
  order_count: 'count(*)',
  total_spent: 'sum(o.total_price - o.refunded_amount)',
  average_order_value: 'round(sum(o.total_price - o.refunded_amount) / count(*), 2)',
  first_order_date: 'min(o.shopify_created_at)',
  last_order_date: 'max(o.shopify_created_at)',
};

/** Counts and sums are never NULL (all time: NOT NULL columns; in a window: groups have an order). */
const COLUMN: Record<'order_count' | 'total_spent' | 'average_order_value', NumberColumn> = {
  order_count: { type: 'int', notNull: true },
  total_spent: { type: 'numeric', notNull: true },
  average_order_value: { type: 'numeric', notNull: false },
};

function metricSql(cond: OrderMetric, expr: string, p: SqlParams, now: Date): string {
  switch (cond.kind) {
    case 'order_count':
    case 'total_spent':
    case 'average_order_value':
      return numberSql(expr, cond.compare, p, COLUMN[cond.kind]);
    case 'first_order_date':
    case 'last_order_date':
      return dateSql(expr, cond.compare, p, now);
    default:
      return assertNever(cond, 'order metric');
  }
}

/** Whether a customer without orders in the window (count 0, spent 0, no average, no dates) matches. */
function matchesWithoutOrders(cond: OrderMetric): boolean {
  switch (cond.kind) {
    case 'order_count':
    case 'total_spent':
      return numberHolds(0, cond.compare);
    case 'average_order_value':
    case 'first_order_date':
    case 'last_order_date':
      return false;
    default:
      return assertNever(cond, 'order metric');
  }
}

/**
 * Whether a windowed order count only asks if the window holds an order: 'some' when the comparison fails
 * for 0 and holds for every count from 1 up (>= 1, > 0), 'none' when it holds for 0 and for no count from 1
 * up (< 1, <= 0, = 0); null otherwise.
 */
function presenceAsked(c: NumberComparison): 'some' | 'none' | null {
  const at0 = numberHolds(0, c);
  const at1 = numberHolds(1, c);
  switch (c.op) {
    case 'gt':
    case 'gte':
      return at1 && !at0 ? 'some' : null;
    case 'lt':
    case 'lte':
      return at0 && !at1 ? 'none' : null;
    case 'eq':
      return c.value === 0 ? 'none' : null;
    default:
      return null;
  }
}

/**
 * "Ordered since X" / "ordered by Y" from the maintained aggregates, without reading orders: the customer has
 * an order on or after X exactly when their last order is on or after X (on or before Y: the first order).
 * Null when the condition is not that question over a one-sided window.
 */
function orderPresenceSql(cond: OrderMetric, p: SqlParams, now: Date): string | null {
  if (cond.kind !== 'order_count' || !cond.window) return null;
  const { from, to } = cond.window;
  if ((from === undefined) === (to === undefined)) return null;
  const asked = presenceAsked(cond.compare);
  if (!asked) return null;
  const some =
    from !== undefined
      ? `(c.last_order_at IS NOT NULL AND c.last_order_at >= ${p.add(resolveDate(from, now).toISOString(), 'timestamptz')})`
      : `(c.first_order_at IS NOT NULL AND c.first_order_at <= ${p.add(resolveDate(to!, now).toISOString(), 'timestamptz')})`;
  return asked === 'some' ? some : `(NOT ${some})`;
}

function orderMetricSql(cond: OrderMetric, p: SqlParams, now: Date): string {
  if (!cond.window) return metricSql(cond, ALL_TIME[cond.kind], p, now);
  const presence = orderPresenceSql(cond, p, now);
  if (presence) return presence;
  const window = windowSql('o.shopify_created_at', cond.window, p, now);
  const test = metricSql(cond, IN_WINDOW[cond.kind], p, now);
  // Customers with orders in the window are decided by HAVING; the others by what "no orders" means.
  if (!matchesWithoutOrders(cond))
    return `c.id IN (SELECT o.customer_id ${ORDERS_BASE}${window} GROUP BY o.customer_id HAVING ${test})`;
  return `NOT (c.id IN (SELECT o.customer_id ${ORDERS_BASE}${window} GROUP BY o.customer_id HAVING NOT (${test})))`;
}

type ProductCondition = Extract<SegmentCondition, { kind: 'products' }>;

const LINE_COLUMN: Record<
  ProductCondition['target'],
  { column: string; cast: 'bigint' | 'text'; fold: boolean }
> = {
  product: { column: 'li.product_id', cast: 'bigint', fold: false },
  variant: { column: 'li.variant_id', cast: 'bigint', fold: false },
  sku: { column: 'li.sku', cast: 'text', fold: false },
  vendor: { column: 'lower(li.vendor)', cast: 'text', fold: true },
  product_type: { column: 'lower(li.product_type)', cast: 'text', fold: true },
};

/**
 * Bought a product (variant, SKU, vendor, type): any / all of the values as `c.id IN (the buyers)`, none of
 * them as NOT EXISTS. One value is compared with `=`, not `= ANY`: PostgreSQL then knows from
 * purchased_products' key (shop, customer, product) that each customer appears once, in id order, so the
 * semi join needs no de-duplication (a hash of 124,000 ids built again in every parallel worker, on the
 * benchmark) and can merge with or probe the customers.
 */
function productSql(cond: ProductCondition, p: SqlParams, now: Date): string {
  const spec = LINE_COLUMN[cond.target];
  const values = [...new Set(cond.values.map((v) => (spec.fold ? v.toLowerCase() : v)))];
  const all = cond.match === 'all' && values.length > 1;
  const matches = (column: string) =>
    values.length === 1
      ? `${column} = ${p.add(values[0], spec.cast)}`
      : `${column} = ANY(${p.add(values, `${spec.cast}[]`)})`;
  let from: string;
  let customer: string;
  let bought: string;
  if (cond.target === 'product' && !(cond.window?.from !== undefined && cond.window.to !== undefined)) {
    // purchased_products keeps each customer's first and last purchase of each product: enough for an
    // open-ended window (bought since X: last >= X; bought by Y: first <= Y).
    const product = matches('pp.product_id');
    const since =
      cond.window?.from !== undefined
        ? windowSql('pp.last_purchased_at', { from: cond.window.from }, p, now)
        : '';
    const until =
      cond.window?.to !== undefined ? windowSql('pp.first_purchased_at', { to: cond.window.to }, p, now) : '';
    customer = 'pp.customer_id';
    bought = 'pp.product_id';
    from = `FROM purchased_products pp WHERE pp.shop_id = $1 AND ${product}${since}${until}`;
  } else {
    customer = 'o.customer_id';
    bought = spec.column;
    from =
      `FROM order_line_items li JOIN orders o ON o.shop_id = li.shop_id AND o.id = li.order_id ` +
      `WHERE li.shop_id = $1 AND li.quantity > 0 AND ${matches(spec.column)} AND o.cancelled_at IS NULL AND o.customer_id IS NOT NULL` +
      windowSql('o.shopify_created_at', cond.window, p, now);
  }
  // None of: an anti join (the planner may merge it with the index's customer order) rather than NOT IN,
  // which can only be a hashed sub-plan built in every worker. The ids are never NULL, so both agree.
  if (cond.match === 'none') return `NOT EXISTS (SELECT 1 ${from} AND ${customer} = c.id)`;
  const having = all
    ? ` GROUP BY ${customer} HAVING count(DISTINCT ${bought}) = ${p.add(values.length, 'int')}`
    : '';
  return `c.id IN (SELECT ${customer} ${from}${having})`;
}

const SUBSCRIBER_OF = (test: string) =>
  `c.id IN (SELECT s.customer_id FROM subscribers s WHERE s.shop_id = $1 AND s.customer_id IS NOT NULL AND ${test})`;

function clickedSql(days: number, p: SqlParams, now: Date): string {
  const since = p.add(new Date(now.getTime() - days * 86_400_000).toISOString(), 'timestamptz');
  return (
    `c.id IN (SELECT s.customer_id FROM link_clicks lc JOIN subscribers s ON s.shop_id = lc.shop_id AND s.id = lc.subscriber_id ` +
    `WHERE lc.shop_id = $1 AND s.customer_id IS NOT NULL AND NOT lc.is_bot AND lc.clicked_at >= ${since})`
  );
}

export function conditionSql(cond: SegmentCondition, p: SqlParams, now: Date): string {
  switch (cond.kind) {
    case 'order_count':
    case 'total_spent':
    case 'average_order_value':
    case 'first_order_date':
    case 'last_order_date':
      return orderMetricSql(cond, p, now);
    case 'products':
      return productSql(cond, p, now);
    case 'discount_code': {
      const used = cond.code
        ? `EXISTS (SELECT 1 FROM unnest(o.discount_codes) d WHERE lower(d) = ${p.add(cond.code.toLowerCase(), 'text')})`
        : 'cardinality(o.discount_codes) > 0';
      return `c.id IN (SELECT o.customer_id ${ORDERS_BASE} AND ${used}${windowSql('o.shopify_created_at', cond.window, p, now)})`;
    }
    case 'abandoned_checkout':
      return (
        `c.id IN (SELECT k.customer_id FROM checkouts k WHERE k.shop_id = $1 AND k.customer_id IS NOT NULL AND k.completed_at IS NULL` +
        `${windowSql('k.shopify_created_at', cond.window, p, now)} ` +
        `AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.shop_id = k.shop_id AND o.checkout_token = k.token))`
      );
    case 'customer_tags':
      return tagsSql(cond.compare, p);
    case 'customer_country':
      return textSql('c.country_code', cond.compare, p);
    case 'customer_province':
      return textSql('c.province_code', cond.compare, p, true);
    case 'customer_created_date':
      return dateSql('c.shopify_created_at', cond.compare, p, now);
    case 'customer_locale':
      return SUBSCRIBER_OF(textSql('s.locale', cond.compare, p, true));
    case 'consent_source':
      return SUBSCRIBER_OF(textSql('s.source', cond.compare, p));
    case 'subscribed_date':
      return SUBSCRIBER_OF(dateSql('s.subscribed_at', cond.compare, p, now));
    case 'phone_country':
      return SUBSCRIBER_OF(textSql('s.country_code', cond.compare, p));
    case 'received_message': {
      const flow = cond.flow
        ? ` AND m.source_type = 'automation' AND m.source_id = ${p.add(cond.flow, 'text')}`
        : '';
      return (
        `c.id IN (SELECT s.customer_id FROM messages m JOIN subscribers s ON s.shop_id = m.shop_id AND s.id = m.subscriber_id ` +
        `WHERE m.shop_id = $1 AND s.customer_id IS NOT NULL AND m.direction = 'outbound' AND NOT m.is_test ` +
        `AND m.status IN ('sent', 'delivered')${flow}${windowSql('m.sent_at', cond.window, p, now)})`
      );
    }
    case 'clicked':
      return clickedSql(cond.days, p, now);
    case 'not_clicked':
      return `NOT (${clickedSql(cond.days, p, now)})`;
    case 'rfm':
      return rfmGroupsSql(cond.groups, p);
    case 'top_spenders':
      // percentile_disc(f): the smallest spend whose cumulative share of buyers reaches f.
      return (
        `(c.orders_count > 0 AND c.total_spent >= (SELECT percentile_disc(${p.add(1 - cond.percent / 100, 'float8')}) ` +
        `WITHIN GROUP (ORDER BY t.total_spent) FROM customers t WHERE t.shop_id = $1 AND t.orders_count > 0 ` +
        `AND t.deleted_at IS NULL AND t.redacted_at IS NULL))`
      );
    default:
      return assertNever(cond, 'segment condition');
  }
}

/** Tags as a set, compared case-insensitively: eq = has the tag, in = has any of them, is_set = has a tag. */
function tagsSql(c: Extract<SegmentCondition, { kind: 'customer_tags' }>['compare'], p: SqlParams): string {
  // Lower-casing the array's text form lower-cases each tag (quoting and escapes have no letters), so
  // overlap (&&) is "has any of them" without a sub-plan per customer; most customers have no tag at all.
  const has = (values: string[]) =>
    `(cardinality(c.tags) > 0 AND lower(c.tags::text)::text[] && ${p.add(
      values.map((v) => v.toLowerCase()),
      'text[]',
    )})`;
  switch (c.op) {
    case 'eq':
      return has([c.value]);
    case 'ne':
      return `NOT ${has([c.value])}`;
    case 'in':
      return has(c.values);
    case 'not_in':
      return `NOT ${has(c.values)}`;
    case 'is_set':
      return 'cardinality(c.tags) > 0';
  }
}
