// The orders mirror: one upsert per order guarded by the payload's updated_at, ties broken by the
// delivery's X-Shopify-Triggered-At (older data never overwrites newer: see notOlderThanStored), the
// order's line items replaced with the version that won, and the refunded amount kept per order so
// customer totals can be net of refunds.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/transaction.js';
import type { ShopifyOrder } from '../schemas/index.js';
import {
  bigintArray,
  execute,
  jsonb,
  notOlderThanStored,
  queryRows,
  sourceTriggeredAtAfterWrite,
  textArray,
  timestamptz,
} from './sql-helpers.js';

export interface RefundAmount {
  amount: string;
  currency: string | null;
}

/** Successful refund transactions of the order (what was actually paid back). */
export function refundAmountsOf(order: ShopifyOrder): RefundAmount[] {
  return (order.refunds ?? []).flatMap((refund) =>
    (refund.transactions ?? [])
      .flatMap((t) => (t.kind === 'refund' && t.status === 'success' && t.amount ? [{ amount: t.amount, currency: t.currency ?? null }] : [])),
  );
}

interface LineItemRecord {
  id: string;
  product_id: string | null;
  variant_id: string | null;
  title: string;
  vendor: string | null;
  sku: string | null;
  quantity: number;
  price: string;
}

function lineItemRecordsOf(order: ShopifyOrder): LineItemRecord[] {
  const byId = new Map<string, LineItemRecord>();
  for (const li of order.line_items) {
    byId.set(li.id, {
      id: li.id,
      product_id: li.product_id,
      variant_id: li.variant_id,
      title: li.title,
      vendor: li.vendor ?? null,
      sku: li.sku,
      quantity: li.quantity,
      price: li.price,
    });
  }
  return [...byId.values()];
}

export interface OrderUpsertResult {
  /** False when the stored order is newer than the payload or is the same version triggered later (nothing written). */
  applied: boolean;
  /** The order's customer before this write (to recompute both when an order changes customer). */
  previousCustomerId: string | null;
}

/**
 * Upserts the order and, if this version won, replaces its line items. `redactContact` stores the
 * order without email and phone (its customer's data was erased; a late delivery must not restore it).
 * `triggeredAt` is the delivery's X-Shopify-Triggered-At (null when unknown), the tie-breaker between
 * payloads with the same updated_at.
 */
export async function upsertOrder(
  tx: DbOrTx,
  shopId: string,
  order: ShopifyOrder,
  opts: { redactContact: boolean; triggeredAt: Date | null },
): Promise<OrderUpsertResult> {
  const previous = await queryRows<{ customer_id: string | null }>(
    tx,
    sql`SELECT customer_id::text AS customer_id FROM orders WHERE shop_id = ${shopId} AND id = ${order.id} FOR UPDATE`,
  );
  const refunds = refundAmountsOf(order);
  const presentmentTotal = order.total_price_set?.presentment_money.amount ?? null;
  const email = opts.redactContact ? null : (order.email ?? order.contact_email ?? null);
  const phone = opts.redactContact ? null : (order.phone ?? null);
  // An order without any currency field (rare: some app-created orders) is in the shop's currency.
  const currency = sql`COALESCE(${order.currency}::text, (SELECT s.currency FROM shops s WHERE s.id = ${shopId}))`;
  // Refunds in another (presentment) currency are converted with the order's own shop/presentment ratio.
  const refunded = sql`(
    SELECT COALESCE(sum(CASE
      WHEN r.currency IS NULL OR r.currency = ${currency} THEN r.amount
      ELSE round(r.amount * ${order.total_price}::numeric / NULLIF(${presentmentTotal}::numeric, 0), 2)
    END), 0)
    FROM jsonb_to_recordset(${jsonb(refunds)}) AS r(amount numeric, currency text))`;
  const written = await queryRows<{ id: string }>(
    tx,
    sql`
      INSERT INTO orders AS o (shop_id, id, customer_id, name, email, phone, checkout_token, currency, total_price,
        subtotal_price, total_discounts, refunded_amount, discount_codes, financial_status, fulfillment_status,
        order_status_url, shopify_created_at, shopify_updated_at, source_triggered_at, cancelled_at, closed_at)
      VALUES (${shopId}, ${order.id}, ${order.customer?.id ?? null}, ${order.name}, ${email}, ${phone},
        ${order.checkout_token}, ${currency}, ${order.total_price}, ${order.subtotal_price},
        ${order.total_discounts}, COALESCE(${refunded}, 0), ${textArray(order.discount_codes.map((d) => d.code))},
        ${order.financial_status}, ${order.fulfillment_status}, ${order.order_status_url},
        ${timestamptz(order.created_at)}, ${timestamptz(order.updated_at)}, ${timestamptz(opts.triggeredAt)},
        ${timestamptz(order.cancelled_at)}, ${timestamptz(order.closed_at)})
      ON CONFLICT (shop_id, id) DO UPDATE SET
        customer_id = excluded.customer_id, name = excluded.name, email = excluded.email, phone = excluded.phone,
        checkout_token = excluded.checkout_token, currency = excluded.currency, total_price = excluded.total_price,
        subtotal_price = excluded.subtotal_price, total_discounts = excluded.total_discounts,
        refunded_amount = excluded.refunded_amount, discount_codes = excluded.discount_codes,
        financial_status = excluded.financial_status, fulfillment_status = excluded.fulfillment_status,
        order_status_url = excluded.order_status_url, shopify_created_at = excluded.shopify_created_at,
        shopify_updated_at = excluded.shopify_updated_at, source_triggered_at = ${sourceTriggeredAtAfterWrite('o')},
        cancelled_at = excluded.cancelled_at, closed_at = excluded.closed_at, updated_at = now()
      WHERE ${notOlderThanStored('o')}
      RETURNING id::text AS id`,
  );
  const applied = written.length > 0;
  if (applied) await replaceLineItems(tx, shopId, order.id, lineItemRecordsOf(order));
  return { applied, previousCustomerId: previous[0]?.customer_id ?? null };
}

/** Makes the order's line items exactly `items` (product_type, absent from webhooks, is kept if known). */
async function replaceLineItems(tx: DbOrTx, shopId: string, orderId: string, items: LineItemRecord[]): Promise<void> {
  await execute(
    tx,
    sql`DELETE FROM order_line_items WHERE shop_id = ${shopId} AND order_id = ${orderId}
          AND NOT (id = ANY(${bigintArray(items.map((i) => i.id))}))`,
  );
  if (items.length === 0) return;
  await execute(
    tx,
    sql`
      INSERT INTO order_line_items AS li (shop_id, id, order_id, product_id, variant_id, title, vendor, sku, quantity, price)
      SELECT ${shopId}::uuid, r.id, ${orderId}::bigint, r.product_id, r.variant_id, r.title, r.vendor, r.sku, r.quantity, r.price
      FROM jsonb_to_recordset(${jsonb(items)}) AS r(id bigint, product_id bigint, variant_id bigint, title text,
        vendor text, sku text, quantity int, price numeric)
      ON CONFLICT (shop_id, id) DO UPDATE SET
        order_id = excluded.order_id, product_id = excluded.product_id, variant_id = excluded.variant_id,
        title = excluded.title, vendor = excluded.vendor, sku = excluded.sku, quantity = excluded.quantity, price = excluded.price`,
  );
}
