// Running a delayed automation when its agenda job comes due. Exits are re-checked at run time (the
// trigger-time state may have changed); the discount code (a Shopify API call) is created outside the
// database transaction, and only when the message will really be created.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.js';
import type { MergeVariables } from '../contracts/templates.js';
import { assertNever } from '../errors.js';
import { logger } from '../logger.js';
import {
  loadAutomationShop,
  messageExists,
  sendAutomationMessage,
  shopVariables,
  type AutomationRecipient,
  type AutomationShop,
} from './automation-sender.js';
import { checkoutContact } from './checkout-trigger.js';
import type { DelayedAutomationData } from './delayed-jobs.js';
import { createDiscountCode } from './discount-codes.js';
import { loadFlowConfig, type FlowConfig } from './flow-repository.js';
import { customerVariables, loadCheckoutFacts, loadOrderFacts, orderVariables } from './mirror-facts.js';
import { flowMode, orderContact } from './order-triggers.js';
import { recipientLocale } from './recipient-locale.js';
import { resolveRecipient, type ContactFacts } from './recipients.js';

const log = logger.child({ component: 'automations' });
const HOUR_MS = 3_600_000;
/** At most one abandoned-checkout message per subscriber in this window. */
export const ABANDONED_CHECKOUT_GAP_MS = 48 * HOUR_MS;

export type DelayedOutcome = 'sent' | 'disabled' | 'gone' | 'exited' | 'no_recipient' | 'already_sent';

interface Prepared {
  recipient: AutomationRecipient;
  variables: MergeVariables;
  idempotencyKey: string;
}

async function findRecipient(
  app: AppContext,
  shop: AutomationShop,
  contact: ContactFacts,
): Promise<AutomationRecipient | null> {
  return app.database.db.transaction((tx) =>
    resolveRecipient(tx, shop, contact, {
      transactional: false,
      checkoutPhonesAllowed: false,
      now: app.clock.now(),
    }),
  );
}

async function prepareAbandoned(
  app: AppContext,
  shop: AutomationShop,
  token: string,
): Promise<Prepared | DelayedOutcome> {
  const db = app.database.db;
  const checkout = await loadCheckoutFacts(db, shop.id, token);
  if (!checkout || !checkout.abandoned_checkout_url) return 'gone';
  if (checkout.completed_at) return 'exited';
  const recipient = await findRecipient(app, shop, checkoutContact(checkout, null));
  if (!recipient) return 'no_recipient';
  const ordered = await db.execute(sql`
    SELECT 1 FROM orders
     WHERE shop_id = ${shop.id} AND shopify_created_at >= ${checkout.started_at}::timestamptz
       AND (checkout_token = ${token}
            OR (${checkout.customer_id}::bigint IS NOT NULL AND customer_id = ${checkout.customer_id}::bigint)
            OR (${recipient.customerId}::bigint IS NOT NULL AND customer_id = ${recipient.customerId}::bigint)
            OR phone = ${recipient.phone})
     LIMIT 1`);
  if (ordered.rows.length > 0) return 'exited';
  const since = new Date(app.clock.now().getTime() - ABANDONED_CHECKOUT_GAP_MS);
  const recent = await db.execute(sql`
    SELECT 1 FROM messages
     WHERE shop_id = ${shop.id} AND source_type = 'automation' AND source_id = 'abandoned_checkout' AND NOT is_test
       AND (phone = ${recipient.phone} OR subscriber_id = ${recipient.subscriberId}::uuid)
       AND status NOT IN ('suppressed', 'cancelled') AND created_at > ${since.toISOString()}::timestamptz
     LIMIT 1`);
  if (recent.rows.length > 0) return 'exited';
  return {
    recipient,
    idempotencyKey: `abandoned_checkout:${token}`,
    variables: {
      subscriber: { phone: recipient.phone, first_name: checkout.first_name, last_name: checkout.last_name },
      customer: customerVariables(checkout),
      checkout: {
        recovery_url: checkout.abandoned_checkout_url,
        total_price: checkout.total_price,
        currency: checkout.currency,
      },
      shop: shopVariables(shop),
    },
  };
}

async function prepareOrderFlow(
  app: AppContext,
  shop: AutomationShop,
  flow: 'thank_you' | 'review_request',
  orderId: string,
): Promise<Prepared | DelayedOutcome> {
  const order = await loadOrderFacts(app.database.db, shop.id, orderId);
  if (!order) return 'gone';
  if (order.cancelled_at) return 'exited';
  const recipient = await findRecipient(app, shop, orderContact(order, null));
  if (!recipient) return 'no_recipient';
  return {
    recipient,
    idempotencyKey:
      flow === 'thank_you'
        ? `thank_you:customer:${order.customer_id ?? order.id}`
        : `review_request:${order.id}`,
    variables: {
      subscriber: { phone: recipient.phone, first_name: order.first_name, last_name: order.last_name },
      customer: customerVariables(order),
      order: orderVariables(order),
      shop: shopVariables(shop),
    },
  };
}

async function prepareWelcome(
  app: AppContext,
  shop: AutomationShop,
  subscriberId: string,
): Promise<Prepared | DelayedOutcome> {
  const result = await app.database.db.execute<{
    id: string;
    phone: string;
    customer_id: string | null;
    country_code: string | null;
    locale: string | null;
    marketing_state: string;
    transactional_state: string;
    first_name: string | null;
    last_name: string | null;
    email: string | null;
    orders_count: number | null;
    total_spent: string | null;
    province_code: string | null;
  }>(sql`
    SELECT s.id::text AS id, s.phone, s.customer_id::text AS customer_id, COALESCE(c.country_code, s.country_code) AS country_code,
           s.locale, s.marketing_state, s.transactional_state, c.first_name, c.last_name, c.email, c.orders_count,
           c.total_spent::text AS total_spent, c.province_code
      FROM subscribers s LEFT JOIN customers c ON c.shop_id = s.shop_id AND c.id = s.customer_id
     WHERE s.shop_id = ${shop.id} AND s.id = ${subscriberId}::uuid`);
  const s = result.rows[0];
  if (!s) return 'gone';
  if (s.marketing_state !== 'subscribed') return 'exited';
  const recipient: AutomationRecipient = {
    phone: s.phone,
    subscriberId: s.id,
    customerId: s.customer_id,
    countryCode: s.country_code,
    locale: recipientLocale({
      locale: s.locale,
      countryCode: s.country_code,
      provinceCode: s.province_code,
      phone: s.phone,
    }),
    marketing: true,
  };
  return {
    recipient,
    idempotencyKey: `welcome:${s.id}`,
    variables: {
      subscriber: { phone: s.phone, first_name: s.first_name, last_name: s.last_name },
      customer: customerVariables(s),
      shop: shopVariables(shop),
    },
  };
}

function prepare(
  app: AppContext,
  shop: AutomationShop,
  data: DelayedAutomationData,
): Promise<Prepared | DelayedOutcome> {
  switch (data.flow) {
    case 'abandoned_checkout':
      return prepareAbandoned(app, shop, data.ref);
    case 'thank_you':
    case 'review_request':
      return prepareOrderFlow(app, shop, data.flow, data.ref);
    case 'welcome':
      return prepareWelcome(app, shop, data.ref);
    default:
      return assertNever(data.flow, 'delayed flow');
  }
}

/** Adds a fresh discount code when the flow offers one and it is switched on. */
export async function withDiscount(
  app: AppContext,
  shopId: string,
  flow: FlowConfig,
  vars: MergeVariables,
): Promise<MergeVariables> {
  const discount = flow.options.discount;
  if (!discount?.enabled) return vars;
  const code = await createDiscountCode(app, shopId, flow.key, discount.percentage);
  return { ...vars, discount: { code: code.code, value: code.value } };
}

export async function runDelayedAutomation(
  app: AppContext,
  data: DelayedAutomationData,
): Promise<DelayedOutcome> {
  const db = app.database.db;
  const shop = await loadAutomationShop(db, data.shopId);
  if (!shop) return 'gone';
  const flow = await loadFlowConfig(db, data.shopId, data.flow, flowMode(app));
  if (!flow.enabled) return 'disabled';
  const prepared = await prepare(app, shop, data);
  if (typeof prepared === 'string') {
    log.info({ flow: data.flow, ref: data.ref, outcome: prepared }, 'delayed automation not sent');
    return prepared;
  }
  if (await messageExists(db, shop.id, prepared.idempotencyKey)) return 'already_sent';
  const variables = await withDiscount(app, shop.id, flow, prepared.variables);
  const result = await db.transaction((tx) =>
    sendAutomationMessage(tx, app, shop, {
      flow,
      recipient: prepared.recipient,
      variables,
      idempotencyKey: prepared.idempotencyKey,
    }),
  );
  if (!result.sent) return result.reason === 'already_sent' ? 'already_sent' : 'no_recipient';
  log.info(
    { flow: data.flow, ref: data.ref, messageId: result.message.id, status: result.message.status },
    'delayed automation message created',
  );
  return 'sent';
}
