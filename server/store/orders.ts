// The orders mirror: the one order upsert, used by webhooks (a batch of deliveries), the bulk backfill
// and the demo seed alike. An order is written only when it is not older than the stored one (its
// updated_at, ties broken by the delivery's X-Shopify-Triggered-At: see notOlderThanStored), its line
// items are replaced only when its version won, the refunded amount is kept per order so customer
// totals can be net of refunds, and orders of customers whose data was erased are stored without
// contact details (a late delivery must not restore them).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/transaction.js';
import { redactedCustomerIds } from './customers.js';
import {
  bigintArray,
  byNumericId,
  distinct,
  execute,
  jsonb,
  notOlderThanStored,
  queryRows,
  sourceTriggeredAtAfterWrite,
} from './sql.js';

export interface RefundAmount {
  amount: string;
  /** null: the shop's currency. */
  currency: string | null;
}

/** One order row as written by the mirror (snake_case: sent to SQL as a JSON record set). */
export interface OrderRecord {
  id: string;
  customer_id: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  /** null (bulk data): the stored checkout token is kept. */
  checkout_token: string | null;
  /** null: the shop's currency (some app-created orders carry none). */
  currency: string | null;
  total_price: string;
  subtotal_price: string | null;
  total_discounts: string;
  /** What was paid back, in the order's currency; null: summed from `refunds`. */
  refunded_amount: string | null;
  /** Successful refund transactions (webhooks); ones in another currency are converted at the order's own ratio. */
  refunds: RefundAmount[];
  /** The order total in the presentment currency, for that conversion. */
  presentment_total: string | null;
  discount_codes: string[];
  financial_status: string | null;
  fulfillment_status: string | null;
  order_status_url: string | null;
  shopify_created_at: string;
  shopify_updated_at: string;
  /** The delivery's X-Shopify-Triggered-At (ISO 8601); null when unknown (backfill, demo seed). */
  source_triggered_at: string | null;
  cancelled_at: string | null;
  closed_at: string | null;
}

export interface LineItemRecord {
  id: string;
  order_id: string;
  product_id: string | null;
  variant_id: string | null;
  title: string;
  vendor: string | null;
  /** null (webhooks carry none): a known product type is kept. */
  product_type: string | null;
  sku: string | null;
  quantity: number;
  price: string;
}

export interface OrderUpsertResult {
  /** Orders this call wrote (inserted, or replaced a version not newer). */
  applied: Set<string>;
  /** Each written order's customer before this write (absent: the order is new). */
  previousCustomerIds: Map<string, string | null>;
  /** Customers whose aggregates may have changed: new and previous customer of every applied order. */
  affectedCustomerIds: string[];
  /** Customers among the orders' whose data was erased (their orders were stored without contact details). */
  redactedCustomerIds: Set<string>;
}

const time = (iso: string | null): number => (iso === null ? -Infinity : Date.parse(iso));

/** One record per order: the newest by updated_at, then by triggered_at (unknown loses), then the later in the list. */
function newestPerId(orders: readonly OrderRecord[]): OrderRecord[] {
  const byId = new Map<string, OrderRecord>();
  for (const o of orders) {
    const seen = byId.get(o.id);
    const newer = !seen || time(o.shopify_updated_at) > time(seen.shopify_updated_at);
    const tie =
      !!seen &&
      time(o.shopify_updated_at) === time(seen.shopify_updated_at) &&
      time(o.source_triggered_at) >= time(seen.source_triggered_at);
    if (newer || tie) byId.set(o.id, o);
  }
  return byNumericId([...byId.values()]);
}

/**
 * Upserts the orders (one statement for any number) and replaces the line items of those whose
 * version won with `lineItems` (matched by order_id). Locks the stored orders first, in id order, so
 * concurrent batches cannot deadlock and an order's previous customer is read consistently.
 */
export async function upsertOrders(
  tx: DbOrTx,
  shopId: string,
  batchOrders: readonly OrderRecord[],
  lineItems: readonly LineItemRecord[],
): Promise<OrderUpsertResult> {
  const orders = newestPerId(batchOrders);
  if (orders.length === 0)
    return {
      applied: new Set(),
      previousCustomerIds: new Map(),
      affectedCustomerIds: [],
      redactedCustomerIds: new Set(),
    };
  const redacted = await redactedCustomerIds(tx, shopId, distinct(orders.map((o) => o.customer_id)));
  const rows = orders.map((o) =>
    o.customer_id && redacted.has(o.customer_id) ? { ...o, email: null, phone: null } : o,
  );
  const previous = await queryRows<{ id: string; customer_id: string | null }>(
    tx,
    sql`SELECT id::text AS id, customer_id::text AS customer_id FROM orders
        WHERE shop_id = ${shopId} AND id = ANY(${bigintArray(orders.map((o) => o.id))}) ORDER BY id FOR UPDATE`,
  );
  const written = await queryRows<{ id: string; customer_id: string | null }>(
    tx,
    sql`
      WITH shop AS (SELECT currency FROM shops WHERE id = ${shopId})
      INSERT INTO orders AS o (shop_id, id, customer_id, name, email, phone, checkout_token, currency, total_price,
        subtotal_price, total_discounts, refunded_amount, discount_codes, financial_status, fulfillment_status,
        order_status_url, shopify_created_at, shopify_updated_at, source_triggered_at, cancelled_at, closed_at)
      SELECT ${shopId}::uuid, r.id, r.customer_id, r.name, r.email, r.phone, r.checkout_token, cur.currency,
        r.total_price, r.subtotal_price, r.total_discounts,
        COALESCE(r.refunded_amount, (
          SELECT sum(CASE
            WHEN f.currency IS NULL OR f.currency = cur.currency THEN f.amount
            ELSE round(f.amount * r.total_price / NULLIF(r.presentment_total, 0), 2)
          END) FROM jsonb_to_recordset(r.refunds) AS f(amount numeric, currency text)), 0),
        ARRAY(SELECT jsonb_array_elements_text(r.discount_codes))::text[],
        r.financial_status, r.fulfillment_status, r.order_status_url, r.shopify_created_at, r.shopify_updated_at,
        r.source_triggered_at, r.cancelled_at, r.closed_at
      FROM jsonb_to_recordset(${jsonb(rows)}) AS r(id bigint, customer_id bigint, name text, email text, phone text,
        checkout_token text, currency text, total_price numeric, subtotal_price numeric, total_discounts numeric,
        refunded_amount numeric, refunds jsonb, presentment_total numeric, discount_codes jsonb, financial_status text,
        fulfillment_status text, order_status_url text, shopify_created_at timestamptz, shopify_updated_at timestamptz,
        source_triggered_at timestamptz, cancelled_at timestamptz, closed_at timestamptz)
      CROSS JOIN LATERAL (SELECT COALESCE(r.currency, (SELECT currency FROM shop)) AS currency) cur
      ON CONFLICT (shop_id, id) DO UPDATE SET
        customer_id = excluded.customer_id, name = excluded.name, email = excluded.email, phone = excluded.phone,
        checkout_token = COALESCE(excluded.checkout_token, o.checkout_token), currency = excluded.currency,
        total_price = excluded.total_price, subtotal_price = excluded.subtotal_price,
        total_discounts = excluded.total_discounts, refunded_amount = excluded.refunded_amount,
        discount_codes = excluded.discount_codes, financial_status = excluded.financial_status,
        fulfillment_status = excluded.fulfillment_status, order_status_url = excluded.order_status_url,
        shopify_created_at = excluded.shopify_created_at, shopify_updated_at = excluded.shopify_updated_at,
        source_triggered_at = ${sourceTriggeredAtAfterWrite('o')},
        cancelled_at = excluded.cancelled_at, closed_at = excluded.closed_at, updated_at = now()
      WHERE ${notOlderThanStored('o')}
      RETURNING o.id::text AS id, o.customer_id::text AS customer_id`,
  );
  const applied = new Set(written.map((w) => w.id));
  if (applied.size > 0) {
    const items = lineItems.filter((li) => applied.has(li.order_id));
    await execute(
      tx,
      sql`DELETE FROM order_line_items WHERE shop_id = ${shopId} AND order_id = ANY(${bigintArray([...applied])})
            AND NOT (id = ANY(${bigintArray(items.map((i) => i.id))}))`,
    );
    if (items.length > 0) await writeLineItems(tx, shopId, items, 'replace');
  }
  const previousCustomerIds = new Map(previous.map((p) => [p.id, p.customer_id]));
  const affectedCustomerIds = distinct(
    written.flatMap((w) => [w.customer_id, previousCustomerIds.get(w.id) ?? null]),
  );
  return { applied, previousCustomerIds, affectedCustomerIds, redactedCustomerIds: redacted };
}

/**
 * Writes line items. `replace` overwrites existing rows (their order version won; a known product type
 * is kept when the record has none); `fill` only inserts missing ones (the parent's outcome is unknown,
 * so nothing stored is overwritten).
 */
export async function writeLineItems(
  tx: DbOrTx,
  shopId: string,
  items: readonly LineItemRecord[],
  mode: 'replace' | 'fill',
): Promise<void> {
  const byId = new Map(items.map((i) => [i.id, i]));
  const conflict =
    mode === 'replace'
      ? sql`DO UPDATE SET order_id = excluded.order_id, product_id = excluded.product_id, variant_id = excluded.variant_id,
            title = excluded.title, vendor = excluded.vendor, product_type = COALESCE(excluded.product_type, li.product_type), sku = excluded.sku,
            quantity = excluded.quantity, price = excluded.price`
      : sql`DO NOTHING`;
  await execute(
    tx,
    sql`
      INSERT INTO order_line_items AS li (shop_id, id, order_id, product_id, variant_id, title, vendor, product_type, sku, quantity, price)
      SELECT ${shopId}::uuid, r.id, r.order_id, r.product_id, r.variant_id, r.title, r.vendor, r.product_type, r.sku, r.quantity, r.price
      FROM jsonb_to_recordset(${jsonb([...byId.values()])}) AS r(id bigint, order_id bigint, product_id bigint,
        variant_id bigint, title text, vendor text, product_type text, sku text, quantity int, price numeric)
      ON CONFLICT (shop_id, id) ${conflict}`,
  );
}
