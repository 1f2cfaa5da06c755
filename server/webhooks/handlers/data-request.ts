// customers/data_request: everything stored about the customer, assembled in one statement into
// data_requests.export (jsonb) for the merchant to hand over: profile, orders with line items,
// fulfillments, checkouts, purchased products, subscriber rows, the consent ledger, messages and
// link clicks. The customer is matched by id and by the contact details Shopify names. A repeated
// delivery of the same request (Shopify's data_request.id) refreshes its export instead of adding one.
// The merchant downloads it through GET /api/data-requests/:id (server/privacy/data-request-routes.ts).
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/transaction.js';
import type { WebhookHandler } from '../handler-types.js';
import type { CustomersDataRequestPayload } from '../schemas/index.js';
import { bigintArray, distinct, jsonb, queryRows, textArray } from '../../store/sql.js';
import { shopOf } from './shop-of.js';

const rowsOf = (select: SQL): SQL => sql`COALESCE((${select}), '[]'::jsonb)`;

export async function recordDataRequest(
  tx: DbOrTx,
  shopId: string,
  payload: CustomersDataRequestPayload,
): Promise<string> {
  const customerId = payload.customer.id;
  const stored = await queryRows<{ phone: string | null; email: string | null }>(
    tx,
    sql`SELECT phone, email FROM customers WHERE shop_id = ${shopId} AND id = ${customerId}`,
  );
  const phones = textArray(distinct([payload.customer.phone, stored[0]?.phone]));
  const emails = textArray(distinct([payload.customer.email, stored[0]?.email].map((e) => e?.toLowerCase())));
  const exportSql = sql`
    WITH cust AS (SELECT * FROM customers WHERE shop_id = ${shopId} AND id = ${customerId}),
    ord AS (
      SELECT * FROM orders
      WHERE shop_id = ${shopId} AND (customer_id = ${customerId} OR id = ANY(${bigintArray(payload.orders_requested)})
        OR lower(email) = ANY(${emails}))
    ),
    subs AS (SELECT * FROM subscribers WHERE shop_id = ${shopId} AND (customer_id = ${customerId} OR phone = ANY(${phones}))),
    msgs AS (
      SELECT * FROM messages
      WHERE shop_id = ${shopId} AND (subscriber_id IN (SELECT id FROM subs) OR phone = ANY(${phones}))
    )
    SELECT jsonb_build_object(
      'customer', (SELECT to_jsonb(c) - 'shop_id' FROM cust c),
      'orders', ${rowsOf(sql`
        SELECT jsonb_agg((to_jsonb(o) - 'shop_id') || jsonb_build_object('line_items', COALESCE((
          SELECT jsonb_agg(to_jsonb(li) - 'shop_id' ORDER BY li.id) FROM order_line_items li
          WHERE li.shop_id = o.shop_id AND li.order_id = o.id), '[]'::jsonb)) ORDER BY o.shopify_created_at, o.id)
        FROM ord o`)},
      'fulfillments', ${rowsOf(sql`
        SELECT jsonb_agg(to_jsonb(f) - 'shop_id' ORDER BY f.id) FROM fulfillments f
        WHERE f.shop_id = ${shopId} AND f.order_id IN (SELECT id FROM ord)`)},
      'checkouts', ${rowsOf(sql`
        SELECT jsonb_agg(to_jsonb(k) - 'shop_id' ORDER BY k.shopify_created_at, k.token) FROM checkouts k
        WHERE k.shop_id = ${shopId} AND (k.customer_id = ${customerId} OR lower(k.email) = ANY(${emails})
          OR k.token IN (SELECT checkout_token FROM ord))`)},
      'purchased_products', ${rowsOf(sql`
        SELECT jsonb_agg(to_jsonb(p) - 'shop_id' ORDER BY p.product_id) FROM purchased_products p
        WHERE p.shop_id = ${shopId} AND p.customer_id = ${customerId}`)},
      'subscribers', ${rowsOf(sql`SELECT jsonb_agg(to_jsonb(s) - 'shop_id' ORDER BY s.created_at) FROM subs s`)},
      'consent_events', ${rowsOf(sql`
        SELECT jsonb_agg(to_jsonb(e) - 'shop_id' ORDER BY e.occurred_at, e.id) FROM consent_events e
        WHERE e.shop_id = ${shopId} AND e.subscriber_id IN (SELECT id FROM subs)`)},
      'messages', ${rowsOf(sql`SELECT jsonb_agg(to_jsonb(m) - 'shop_id' ORDER BY m.created_at, m.id) FROM msgs m`)},
      'link_clicks', ${rowsOf(sql`
        SELECT jsonb_agg(to_jsonb(lc) - 'shop_id' ORDER BY lc.clicked_at, lc.id) FROM link_clicks lc
        WHERE lc.shop_id = ${shopId} AND (lc.subscriber_id IN (SELECT id FROM subs) OR lc.message_id IN (SELECT id FROM msgs))`)}
    )`;
  const requestId = payload.data_request.id;
  const refreshed = await queryRows<{ id: string }>(
    tx,
    sql`UPDATE data_requests SET export = (${exportSql}), request = ${jsonb(payload)}, completed_at = now()
        WHERE shop_id = ${shopId} AND kind = 'data_request' AND request -> 'data_request' ->> 'id' = ${requestId}
        RETURNING id::text AS id`,
  );
  if (refreshed[0]) return refreshed[0].id;
  const inserted = await queryRows<{ id: string }>(
    tx,
    sql`INSERT INTO data_requests (shop_id, customer_id, kind, request, export, completed_at)
        VALUES (${shopId}, ${customerId}, 'data_request', ${jsonb(payload)}, (${exportSql}), now())
        RETURNING id::text AS id`,
  );
  const row = inserted[0];
  if (!row) throw new Error('data_requests insert returned no row');
  return row.id;
}

export const handleCustomersDataRequest: WebhookHandler<'customers/data_request'> = async (ctx, payload) => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  const id = await recordDataRequest(ctx.tx, shopId, payload);
  ctx.log.info(
    { shopId, customerId: payload.customer.id, dataRequestId: id },
    'customer data export recorded',
  );
};
