// Set-based writes of a batch of backfilled orders and their line items, with the webhook mirror's
// rules: an order is only written when its updated_at is at least the stored one (older data never
// overwrites newer; bulk data has no triggered_at, so it wins ties and keeps the stored one: see
// notOlderThanStored), its line items are replaced only when the order version won, and orders of
// customers whose data was erased are stored without contact details.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/transaction.js';
import { redactedCustomerIds } from '../../webhooks/handlers/customer-repository.js';
import {
  bigintArray,
  distinct,
  execute,
  jsonb,
  notOlderThanStored,
  queryRows,
  sourceTriggeredAtAfterWrite,
} from '../../webhooks/handlers/sql-helpers.js';
import type { BulkLineItemRecord, BulkOrderRecord } from './bulk-records.js';

export interface OrderBatchResult {
  /** Orders this batch wrote (inserted or replaced an older version). */
  applied: Set<string>;
  /** Customers whose aggregates may have changed (new and previous customer of every applied order). */
  affectedCustomerIds: string[];
}

function newestPerId(orders: readonly BulkOrderRecord[]): BulkOrderRecord[] {
  const byId = new Map<string, BulkOrderRecord>();
  for (const o of orders) {
    const seen = byId.get(o.id);
    if (!seen || Date.parse(o.shopify_updated_at) >= Date.parse(seen.shopify_updated_at)) byId.set(o.id, o);
  }
  return [...byId.values()];
}

export async function upsertOrderBatch(
  tx: DbOrTx,
  shopId: string,
  batchOrders: readonly BulkOrderRecord[],
  lineItems: readonly BulkLineItemRecord[],
): Promise<OrderBatchResult> {
  const orders = newestPerId(batchOrders);
  if (orders.length === 0) return { applied: new Set(), affectedCustomerIds: [] };
  const redacted = await redactedCustomerIds(tx, shopId, distinct(orders.map((o) => o.customer_id)));
  const rows = orders.map((o) => (o.customer_id && redacted.has(o.customer_id) ? { ...o, email: null, phone: null } : o));
  const previous = await queryRows<{ id: string; customer_id: string | null }>(
    tx,
    sql`SELECT id::text AS id, customer_id::text AS customer_id FROM orders
        WHERE shop_id = ${shopId} AND id = ANY(${bigintArray(orders.map((o) => o.id))})`,
  );
  const written = await queryRows<{ id: string; customer_id: string | null }>(
    tx,
    sql`
      INSERT INTO orders AS o (shop_id, id, customer_id, name, email, phone, currency, total_price, subtotal_price,
        total_discounts, refunded_amount, discount_codes, financial_status, fulfillment_status, order_status_url,
        shopify_created_at, shopify_updated_at, cancelled_at, closed_at)
      SELECT ${shopId}::uuid, r.id, r.customer_id, r.name, r.email, r.phone, r.currency, r.total_price, r.subtotal_price,
        r.total_discounts, r.refunded_amount, ARRAY(SELECT jsonb_array_elements_text(r.discount_codes))::text[],
        r.financial_status, r.fulfillment_status, r.order_status_url, r.shopify_created_at, r.shopify_updated_at,
        r.cancelled_at, r.closed_at
      FROM jsonb_to_recordset(${jsonb(rows)}) AS r(id bigint, customer_id bigint, name text, email text, phone text,
        currency text, total_price numeric, subtotal_price numeric, total_discounts numeric, refunded_amount numeric,
        discount_codes jsonb, financial_status text, fulfillment_status text, order_status_url text,
        shopify_created_at timestamptz, shopify_updated_at timestamptz, cancelled_at timestamptz, closed_at timestamptz)
      ON CONFLICT (shop_id, id) DO UPDATE SET
        customer_id = excluded.customer_id, name = excluded.name, email = excluded.email, phone = excluded.phone,
        currency = excluded.currency, total_price = excluded.total_price, subtotal_price = excluded.subtotal_price,
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
  const previousOf = new Map(previous.map((p) => [p.id, p.customer_id]));
  const affectedCustomerIds = distinct(written.flatMap((w) => [w.customer_id, previousOf.get(w.id) ?? null]));
  return { applied, affectedCustomerIds };
}

/**
 * Writes line items. `replace` overwrites existing rows (their order version won); `fill` only inserts
 * missing ones (the parent's outcome is unknown, so nothing stored is overwritten).
 */
export async function writeLineItems(tx: DbOrTx, shopId: string, items: readonly BulkLineItemRecord[], mode: 'replace' | 'fill'): Promise<void> {
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
