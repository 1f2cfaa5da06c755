// customers/redact: erase a customer's personal data everywhere while keeping the counts (orders,
// totals, messages sent, clicks, consent ledger rows). The customer is matched by id and by the
// contact details Shopify names (and those stored for the id), so guest orders, subscribers and
// messages are found too. Contact columns, names, tags, order status and checkout URLs, tracking
// numbers, IPs and user agents are cleared; free-form values (consent evidence, message details,
// stored webhook payloads, data requests) are scrubbed of every identifier gathered first
// (redaction-identifiers.ts), at any depth. The consent ledger keeps that consent existed and when.
// The customer row stays as a redacted tombstone: later deliveries for that customer (retries, late
// order updates) are stored without contact details.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/transaction.js';
import type { WebhookHandler } from '../handler-types.js';
import { collectNeedles, PERSONAL_KEYS, scrubbed, scrubbedText } from './redaction-identifiers.js';
import { scrubWebhookEvents } from './redact-webhook-events.js';
import { bigintArray, distinct, execute, jsonb, queryRows, textArray, uuidArray } from '../../store/sql.js';
import { shopOf } from './shop-of.js';

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
  const knownEmails = distinct([req.email, stored[0]?.email].map((e) => e?.toLowerCase()));
  // Guest orders placed with the customer's email belong to them too.
  const orders = await queryRows<{ id: string; phone: string | null; checkout_token: string | null }>(
    tx,
    sql`SELECT id::text AS id, phone, checkout_token FROM orders
        WHERE shop_id = ${shopId} AND (customer_id = ${req.customerId} OR id = ANY(${bigintArray([...req.orderIds])})
          OR lower(email) = ANY(${textArray(knownEmails)}))`,
  );
  const orderIds = distinct([...req.orderIds, ...orders.map((o) => o.id)]);
  const phones = distinct([req.phone, stored[0]?.phone, ...orders.map((o) => o.phone)]);
  const emails = knownEmails;
  const tokens = distinct(orders.map((o) => o.checkout_token));

  const subscriberRows = await queryRows<{ id: string; phone: string }>(
    tx,
    sql`SELECT id::text AS id, phone FROM subscribers
        WHERE shop_id = ${shopId} AND (customer_id = ${req.customerId} OR phone = ANY(${textArray(phones)}))`,
  );
  const subscriberIds = subscriberRows.map((r) => r.id);
  const messageIds = (
    await queryRows<{ id: string }>(
      tx,
      sql`SELECT id::text AS id FROM messages
          WHERE shop_id = ${shopId} AND (subscriber_id = ANY(${uuidArray(subscriberIds)}) OR phone = ANY(${textArray(phones)}))`,
    )
  ).map((r) => r.id);
  const needles = await collectNeedles(
    tx,
    shopId,
    { customerId: req.customerId, orderIds, tokens, subscriberIds, messageIds },
    [req.email, req.phone],
  );
  const scrub = (expr: SQL, keys: readonly string[] = PERSONAL_KEYS) =>
    scrubbed(expr, keys, needles, opts.shopDomain);
  const scrubText = (column: SQL) => scrubbedText(column, needles, opts.shopDomain);

  await execute(
    tx,
    sql`INSERT INTO customers AS c (shop_id, id, redacted_at) VALUES (${shopId}, ${req.customerId}, now())
        ON CONFLICT (shop_id, id) DO UPDATE SET first_name = NULL, last_name = NULL, email = NULL, phone = NULL, zip = NULL,
          tags = '{}', redacted_at = COALESCE(c.redacted_at, now()), updated_at = now()`,
  );
  const ordersRedacted = await execute(
    tx,
    sql`UPDATE orders SET email = NULL, phone = NULL, order_status_url = NULL, updated_at = now()
        WHERE shop_id = ${shopId} AND id = ANY(${bigintArray(orderIds)})`,
  );
  await execute(
    tx,
    sql`UPDATE fulfillments SET tracking_numbers = '{}', tracking_urls = '{}', updated_at = now()
        WHERE shop_id = ${shopId} AND order_id = ANY(${bigintArray(orderIds)})`,
  );
  const checkouts = await execute(
    tx,
    sql`UPDATE checkouts SET email = NULL, phone = NULL, sms_marketing_phone = NULL, abandoned_checkout_url = NULL, zip = NULL,
          updated_at = now()
        WHERE shop_id = ${shopId} AND (customer_id = ${req.customerId} OR lower(email) = ANY(${textArray(emails)})
          OR token = ANY(${textArray(tokens)}) OR phone = ANY(${textArray(phones)}) OR sms_marketing_phone = ANY(${textArray(phones)}))`,
  );

  const subscribers = await execute(
    tx,
    sql`UPDATE subscribers SET phone = 'redacted:' || id::text, updated_at = now()
        WHERE shop_id = ${shopId} AND id = ANY(${uuidArray(subscriberIds)})`,
  );
  // The ledger keeps that consent existed, for what, how and when; not who, from where or with what device.
  // A keyword event keeps its keyword; another disclosure keeps its text unless it names the customer.
  const consentEvents = await execute(
    tx,
    sql`UPDATE consent_events SET ip_address = NULL, user_agent = NULL,
          disclosure_text = CASE WHEN source = 'keyword' THEN evidence ->> 'keyword' ELSE ${scrubText(sql`disclosure_text`)} END,
          evidence = ${scrub(sql`evidence`)}
        WHERE shop_id = ${shopId} AND subscriber_id = ANY(${uuidArray(subscriberIds)})`,
  );
  await execute(
    tx,
    sql`UPDATE consent_sync SET last_error = ${scrubText(sql`last_error`)}
        WHERE shop_id = ${shopId} AND subscriber_id = ANY(${uuidArray(subscriberIds)}) AND last_error IS NOT NULL`,
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
    sql`UPDATE messages SET body = '[redacted]', phone = 'redacted:' || COALESCE(subscriber_id, id)::text,
          error_reason = ${scrubText(sql`error_reason`)}, updated_at = now()
        WHERE shop_id = ${shopId} AND id = ANY(${uuidArray(messageIds)})`,
  );
  await execute(
    tx,
    sql`UPDATE message_events SET detail = ${scrub(sql`detail`)}
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
  // Rows kept from CSV imports (the rejected ones, for the merchant to download) hold the raw cells.
  await execute(
    tx,
    sql`DELETE FROM subscriber_import_rows
        WHERE shop_id = ${shopId} AND (phone = ANY(${textArray(distinct([...phones, ...subscriberRows.map((r) => r.phone)]))})
          OR EXISTS (SELECT 1 FROM unnest(${textArray(emails)}) AS e(email) WHERE position(e.email IN lower(cells::text)) > 0))`,
  );
  // Earlier data-request exports hold the very data being erased.
  await execute(
    tx,
    sql`UPDATE data_requests SET export = CASE WHEN export IS NULL THEN NULL ELSE ${jsonb({ redacted: true })} END,
          request = ${scrub(sql`request`)}
        WHERE shop_id = ${shopId} AND customer_id = ${req.customerId}`,
  );
  await execute(
    tx,
    sql`INSERT INTO data_requests (shop_id, customer_id, kind, request, completed_at)
        VALUES (${shopId}, ${req.customerId}, 'redact', ${jsonb({ customer: { id: req.customerId }, orders_to_redact: req.orderIds })}, now())`,
  );
  const webhookEvents = await scrubWebhookEvents(
    tx,
    { customerId: req.customerId, orderIds, tokens, emails, needles },
    opts,
  );
  return {
    orders: ordersRedacted,
    checkouts,
    subscribers,
    consentEvents,
    messages,
    linkClicks,
    webhookEvents,
  };
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
