// What the order, shipping and checkout automations read from the store mirror (after the webhook's
// upsert, in the same transaction): one query per entity, merge variables built from the row.
import { sql } from 'drizzle-orm';
import type { MergeVariables } from '../contracts/templates.js';
import type { DbOrTx } from '../db/transaction.js';

export interface OrderFacts extends Record<string, unknown> {
  id: string;
  name: string;
  total_price: string;
  currency: string;
  order_status_url: string | null;
  customer_id: string | null;
  phone: string | null;
  checkout_token: string | null;
  /** Timestamps come back as ISO-like strings through Drizzle's execute(). */
  cancelled_at: string | null;
  created_at: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  customer_phone: string | null;
  orders_count: number | null;
  total_spent: string | null;
  country_code: string | null;
  province_code: string | null;
  items_count: string;
  customer_order_count: string;
}

export async function loadOrderFacts(
  db: DbOrTx,
  shopId: string,
  orderId: string,
): Promise<OrderFacts | null> {
  return (await loadOrderFactsMany(db, shopId, [orderId])).get(orderId) ?? null;
}

/** The facts of several orders in one query, by order id (an order not mirrored is absent). */
export async function loadOrderFactsMany(
  db: DbOrTx,
  shopId: string,
  orderIds: readonly string[],
): Promise<Map<string, OrderFacts>> {
  if (orderIds.length === 0) return new Map();
  const result = await db.execute<OrderFacts>(sql`
    SELECT o.id::text AS id, o.name, o.total_price::text AS total_price, o.currency, o.order_status_url,
           o.customer_id::text AS customer_id, o.phone, o.checkout_token, o.cancelled_at, o.shopify_created_at AS created_at,
           c.first_name, c.last_name, c.email, c.phone AS customer_phone, c.orders_count, c.total_spent::text AS total_spent,
           c.country_code, c.province_code,
           (SELECT COALESCE(sum(li.quantity), 0)::text FROM order_line_items li WHERE li.shop_id = o.shop_id AND li.order_id = o.id) AS items_count,
           (SELECT count(*)::text FROM orders o2 WHERE o2.shop_id = o.shop_id AND o2.customer_id = o.customer_id) AS customer_order_count
      FROM orders o
      LEFT JOIN customers c ON c.shop_id = o.shop_id AND c.id = o.customer_id
     WHERE o.shop_id = ${shopId} AND o.id = ANY(${sql.param([...orderIds])}::bigint[])`);
  return new Map(result.rows.map((r) => [r.id, r]));
}

export function customerVariables(f: {
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  orders_count: number | null;
  total_spent: string | null;
}): NonNullable<MergeVariables['customer']> {
  return {
    first_name: f.first_name,
    last_name: f.last_name,
    email: f.email,
    orders_count: f.orders_count,
    total_spent: f.total_spent,
  };
}

export function orderVariables(f: OrderFacts): NonNullable<MergeVariables['order']> {
  return {
    name: f.name,
    total_price: f.total_price,
    currency: f.currency,
    status_url: f.order_status_url,
    items_count: Number(f.items_count),
  };
}

export interface FulfillmentFacts extends Record<string, unknown> {
  id: string;
  order_id: string;
  tracking_company: string | null;
  tracking_numbers: string[];
  tracking_urls: string[];
  item_count: number | null;
  shipment_status: string | null;
  status: string | null;
}

export async function loadFulfillmentFacts(
  db: DbOrTx,
  shopId: string,
  fulfillmentId: string,
): Promise<FulfillmentFacts | null> {
  const result = await db.execute<FulfillmentFacts>(sql`
    SELECT id::text AS id, order_id::text AS order_id, tracking_company, tracking_numbers, tracking_urls, item_count, shipment_status, status
      FROM fulfillments WHERE shop_id = ${shopId} AND id = ${fulfillmentId}::bigint`);
  return result.rows[0] ?? null;
}

const SHIPMENT_WORDS: Record<string, string> = {
  out_for_delivery: 'out for delivery',
  delivered: 'delivered',
  in_transit: 'in transit',
};

export function shipmentVariables(
  f: FulfillmentFacts,
  orderItems: number,
): NonNullable<MergeVariables['shipment']> {
  const status = f.shipment_status ?? '';
  return {
    carrier: f.tracking_company,
    tracking_number: f.tracking_numbers[0] ?? null,
    tracking_url: f.tracking_urls[0] ?? null,
    items_count: f.item_count ?? orderItems,
    status: SHIPMENT_WORDS[status] ?? status.replace(/_/g, ' '),
  };
}

export interface CheckoutFacts extends Record<string, unknown> {
  token: string;
  customer_id: string | null;
  phone: string | null;
  sms_marketing_phone: string | null;
  buyer_accepts_sms_marketing: boolean;
  abandoned_checkout_url: string | null;
  total_price: string | null;
  currency: string | null;
  country_code: string | null;
  province_code: string | null;
  completed_at: string | null;
  started_at: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  orders_count: number | null;
  total_spent: string | null;
}

export async function loadCheckoutFacts(
  db: DbOrTx,
  shopId: string,
  token: string,
): Promise<CheckoutFacts | null> {
  const result = await db.execute<CheckoutFacts>(sql`
    SELECT k.token, k.customer_id::text AS customer_id, k.phone, k.sms_marketing_phone, k.buyer_accepts_sms_marketing,
           k.abandoned_checkout_url, k.total_price::text AS total_price, k.currency, k.country_code, k.province_code, k.completed_at,
           COALESCE(k.shopify_created_at, k.created_at) AS started_at,
           c.first_name, c.last_name, c.email, c.orders_count, c.total_spent::text AS total_spent
      FROM checkouts k
      LEFT JOIN customers c ON c.shop_id = k.shop_id AND c.id = k.customer_id
     WHERE k.shop_id = ${shopId} AND k.token = ${token}`);
  return result.rows[0] ?? null;
}
