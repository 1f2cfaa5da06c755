// customers/redact: erase a customer's personal data everywhere while keeping the counts (orders,
// totals, messages sent, clicks, consent ledger rows). The customer is matched by id and by the
// contact details Shopify names (and those stored for the id), so guest orders, subscribers and
// messages are found too. The customer row stays as a redacted tombstone: later deliveries for that
// customer (retries, late order updates) are stored without contact details.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/transaction.js';
import type { WebhookHandler } from '../handler-types.js';
import { bigintArray, distinct, execute, jsonb, queryRows, shopOf, textArray, uuidArray } from './sql-helpers.js';

export interface CustomerRedactRequest {
  customerId: string;
  email: string | null;
  phone: string | null;
  orderIds: readonly string[];
}

export interface CustomerRedactResult {
  orders: number;
  checkouts: number;
  subscribers: number;
  consentEvents: number;
  messages: number;
  linkClicks: number;
  webhookEvents: number;
}

/** JSON keys that may hold personal data inside evidence / event detail blobs. */
const PERSONAL_KEYS = ['phone', 'email', 'ip', 'ip_address', 'ipAddress', 'user_agent', 'userAgent', 'name', 'first_name',
  'last_name', 'recipient', 'originator', 'body', 'address'];

export async function redactCustomer(
  tx: DbOrTx,
  shopId: string,
  req: CustomerRedactRequest,
  opts: { shopDomain: string; currentWebhookId: string | null },
): Promise<CustomerRedactResult> {
  const stored = await queryRows<{ phone: string | null; email: string | null }>(
    tx,
    sql`SELECT phone, email FROM customers WHERE shop_id = ${shopId} AND id = ${req.customerId} FOR UPDATE`,
  );
  const orders = await queryRows<{ id: string; phone: string | null; checkout_token: string | null }>(
    tx,
    sql`SELECT id::text AS id, phone, checkout_token FROM orders
        WHERE shop_id = ${shopId} AND (customer_id = ${req.customerId} OR id = ANY(${bigintArray([...req.orderIds])}))`,
  );
  const orderIds = distinct([...req.orderIds, ...orders.map((o) => o.id)]);
  const phones = distinct([req.phone, stored[0]?.phone, ...orders.map((o) => o.phone)]);
  const emails = distinct([req.email, stored[0]?.email].map((e) => e?.toLowerCase()));
  const tokens = distinct(orders.map((o) => o.checkout_token));

  await execute(
    tx,
    sql`INSERT INTO customers AS c (shop_id, id, redacted_at) VALUES (${shopId}, ${req.customerId}, now())
        ON CONFLICT (shop_id, id) DO UPDATE SET first_name = NULL, last_name = NULL, email = NULL, phone = NULL, zip = NULL,
          redacted_at = COALESCE(c.redacted_at, now()), updated_at = now()`,
  );
  const ordersRedacted = await execute(
    tx,
    sql`UPDATE orders SET email = NULL, phone = NULL, updated_at = now()
        WHERE shop_id = ${shopId} AND id = ANY(${bigintArray(orderIds)})`,
  );
  const checkouts = await execute(
    tx,
    sql`UPDATE checkouts SET email = NULL, phone = NULL, sms_marketing_phone = NULL, abandoned_checkout_url = NULL, zip = NULL,
          updated_at = now()
        WHERE shop_id = ${shopId} AND (customer_id = ${req.customerId} OR lower(email) = ANY(${textArray(emails)})
          OR token = ANY(${textArray(tokens)}) OR phone = ANY(${textArray(phones)}) OR sms_marketing_phone = ANY(${textArray(phones)}))`,
  );

  const subscriberIds = (
    await queryRows<{ id: string }>(
      tx,
      sql`SELECT id::text AS id FROM subscribers
          WHERE shop_id = ${shopId} AND (customer_id = ${req.customerId} OR phone = ANY(${textArray(phones)}))`,
    )
  ).map((r) => r.id);
  const messageIds = (
    await queryRows<{ id: string }>(
      tx,
      sql`SELECT id::text AS id FROM messages
          WHERE shop_id = ${shopId} AND (subscriber_id = ANY(${uuidArray(subscriberIds)}) OR phone = ANY(${textArray(phones)}))`,
    )
  ).map((r) => r.id);

  const subscribers = await execute(
    tx,
    sql`UPDATE subscribers SET phone = 'redacted:' || id::text, updated_at = now()
        WHERE shop_id = ${shopId} AND id = ANY(${uuidArray(subscriberIds)})`,
  );
  const consentEvents = await execute(
    tx,
    sql`UPDATE consent_events SET ip_address = NULL, user_agent = NULL, evidence = evidence - ${textArray(PERSONAL_KEYS)}
        WHERE shop_id = ${shopId} AND subscriber_id = ANY(${uuidArray(subscriberIds)})`,
  );
  // A message still waiting to go to an erased number must not go out.
  await execute(
    tx,
    sql`WITH cancelled AS (
          UPDATE messages SET status = 'cancelled', updated_at = now()
          WHERE shop_id = ${shopId} AND id = ANY(${uuidArray(messageIds)}) AND status = 'queued'
          RETURNING id)
        INSERT INTO message_events (shop_id, message_id, status, detail)
        SELECT ${shopId}::uuid, id, 'cancelled', ${jsonb({ reason: 'customer_redacted' })} FROM cancelled`,
  );
  const messages = await execute(
    tx,
    sql`UPDATE messages SET body = '[redacted]', phone = 'redacted:' || COALESCE(subscriber_id, id)::text, updated_at = now()
        WHERE shop_id = ${shopId} AND id = ANY(${uuidArray(messageIds)})`,
  );
  await execute(
    tx,
    sql`UPDATE message_events SET detail = detail - ${textArray(PERSONAL_KEYS)}
        WHERE shop_id = ${shopId} AND message_id = ANY(${uuidArray(messageIds)})`,
  );
  const linkClicks = await execute(
    tx,
    sql`UPDATE link_clicks SET user_agent = NULL
        WHERE shop_id = ${shopId} AND (subscriber_id = ANY(${uuidArray(subscriberIds)}) OR message_id = ANY(${uuidArray(messageIds)}))`,
  );
  // Links sent to the customer may carry personal URLs (a checkout recovery link): they now open the store.
  await execute(
    tx,
    sql`UPDATE short_links SET url = ${`https://${opts.shopDomain}/`}
        WHERE shop_id = ${shopId} AND (subscriber_id = ANY(${uuidArray(subscriberIds)}) OR message_id = ANY(${uuidArray(messageIds)}))`,
  );
  // Earlier data-request exports hold the very data being erased.
  await execute(
    tx,
    sql`UPDATE data_requests SET export = CASE WHEN export IS NULL THEN NULL ELSE ${jsonb({ redacted: true })} END,
          request = request #- '{customer,email}' #- '{customer,phone}'
        WHERE shop_id = ${shopId} AND customer_id = ${req.customerId}`,
  );
  await execute(
    tx,
    sql`INSERT INTO data_requests (shop_id, customer_id, kind, request, completed_at)
        VALUES (${shopId}, ${req.customerId}, 'redact', ${jsonb({ customer: { id: req.customerId }, orders_to_redact: req.orderIds })}, now())`,
  );
  const webhookEvents = await scrubWebhookEvents(tx, { customerId: req.customerId, orderIds, tokens, emails }, opts);
  return { orders: ordersRedacted, checkouts, subscribers, consentEvents, messages, linkClicks, webhookEvents };
}

/**
 * Stored webhook payloads about the customer (processed or parked ones; pending deliveries are left
 * to be processed and then pruned) are replaced by a marker; the request being processed keeps only
 * the customer id.
 */
async function scrubWebhookEvents(
  tx: DbOrTx,
  who: { customerId: string; orderIds: string[]; tokens: string[]; emails: string[] },
  opts: { shopDomain: string; currentWebhookId: string | null },
): Promise<number> {
  if (opts.currentWebhookId !== null) {
    await execute(
      tx,
      sql`UPDATE webhook_events SET payload = payload #- '{customer,email}' #- '{customer,phone}'
          WHERE webhook_id = ${opts.currentWebhookId}`,
    );
  }
  return execute(
    tx,
    sql`UPDATE webhook_events SET payload = ${jsonb({ redacted: true })}
        WHERE id IN (
          SELECT id FROM webhook_events
          WHERE shop_domain = ${opts.shopDomain} AND status IN ('done', 'failed') AND webhook_id <> ${opts.currentWebhookId ?? ''}
            AND (payload -> 'customer' ->> 'id' = ${who.customerId}
              OR (topic IN ('customers/create', 'customers/update', 'customers/delete', 'customers_marketing_consent/update')
                  AND payload ->> 'id' = ${who.customerId})
              OR (topic LIKE 'orders/%' AND payload ->> 'id' = ANY(${textArray(who.orderIds)}))
              OR (topic LIKE 'fulfillment%' AND payload ->> 'order_id' = ANY(${textArray(who.orderIds)}))
              OR (topic LIKE 'checkouts/%' AND (payload ->> 'token' = ANY(${textArray(who.tokens)})
                  OR lower(payload ->> 'email') = ANY(${textArray(who.emails)}))))
          FOR UPDATE SKIP LOCKED)`,
  );
}

export const handleCustomersRedact: WebhookHandler<'customers/redact'> = async (ctx, payload) => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  const result = await redactCustomer(
    ctx.tx,
    shopId,
    {
      customerId: payload.customer.id,
      email: payload.customer.email ?? null,
      phone: payload.customer.phone ?? null,
      orderIds: payload.orders_to_redact,
    },
    { shopDomain: ctx.shopDomain, currentWebhookId: ctx.webhookId },
  );
  ctx.log.info({ shopId, customerId: payload.customer.id, ...result }, 'customer data redacted');
};
