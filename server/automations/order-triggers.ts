// Order automations, run in the webhook's transaction after the mirror upsert:
// - orders/create: order confirmation (transactional); exits pending abandoned-checkout jobs of the same
//   checkout, customer or phone; schedules the thank-you after a subscriber's first order.
// - orders/cancelled: order cancelled (transactional).
import { sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.js';
import type { AutomationFlowKey } from '../contracts/automations.js';
import type { Tx } from '../db/transaction.js';
import type { Logger } from '../logger.js';
import { loadAutomationShop, sendAutomationMessage, shopVariables, type AutomationShop } from './automation-sender.js';
import { cancelDelayedAutomations, delayedKey, scheduleDelayedAutomation } from './delayed-jobs.js';
import { loadAutomationSettings, loadFlowConfig, loadFlowConfigs, type FlowConfig } from './flow-repository.js';
import { customerVariables, loadOrderFacts, orderVariables, type OrderFacts } from './mirror-facts.js';
import { normalizedPhones, resolveRecipient, type ContactFacts } from './recipients.js';

export interface TriggerScope {
  tx: Tx;
  app: AppContext;
  shopId: string;
  log: Logger;
}

/** Extra contact details only the webhook payload carries (the mirror keeps the order's own phone). */
export interface PayloadContact {
  phones: ReadonlyArray<string | null | undefined>;
  locale: string | null;
  countryCode: string | null;
  provinceCode: string | null;
}

export const flowMode = (app: AppContext) => ({ local: app.config.mode === 'local' });

export async function enabledFlow(s: TriggerScope, key: AutomationFlowKey): Promise<FlowConfig | null> {
  const flow = await loadFlowConfig(s.tx, s.shopId, key, flowMode(s.app));
  return flow.enabled ? flow : null;
}

/** The enabled flows among `keys`, in one query. */
async function enabledFlows(s: TriggerScope, keys: readonly AutomationFlowKey[]): Promise<Map<AutomationFlowKey, FlowConfig>> {
  const all = await loadFlowConfigs(s.tx, s.shopId, flowMode(s.app));
  return new Map(all.filter((f) => f.enabled && keys.includes(f.key)).map((f) => [f.key, f]));
}

export function orderContact(order: OrderFacts, extra: PayloadContact | null): ContactFacts {
  return {
    customerId: order.customer_id,
    phones: [order.phone, ...(extra?.phones ?? []), order.customer_phone],
    countryCode: extra?.countryCode ?? order.country_code,
    provinceCode: extra?.provinceCode ?? order.province_code,
    locale: extra?.locale ?? null,
    orderId: order.id,
    checkoutToken: order.checkout_token,
  };
}

/** Sends a transactional order-update flow for this order (once per idempotency key). */
export async function sendOrderUpdate(
  s: TriggerScope,
  shop: AutomationShop,
  flow: FlowConfig,
  order: OrderFacts,
  extra: PayloadContact | null,
  idempotencyKey: string,
  more: { shipment?: Record<string, string | number | null> } = {},
): Promise<boolean> {
  const recipient = await resolveRecipient(s.tx, shop, orderContact(order, extra), {
    transactional: true,
    checkoutPhonesAllowed: async () => (await loadAutomationSettings(s.tx, s.shopId)).orderUpdatesForCheckoutPhones,
    now: s.app.clock.now(),
  });
  if (!recipient) {
    s.log.debug({ flow: flow.key, orderId: order.id }, 'automation skipped: no eligible recipient');
    return false;
  }
  const result = await sendAutomationMessage(s.tx, s.app, shop, {
    flow,
    recipient,
    idempotencyKey,
    variables: {
      subscriber: { phone: recipient.phone, first_name: order.first_name, last_name: order.last_name },
      customer: customerVariables(order),
      order: orderVariables(order),
      shop: shopVariables(shop),
      ...(more.shipment ? { shipment: more.shipment } : {}),
    },
  });
  if (result.sent) s.log.info({ flow: flow.key, orderId: order.id, messageId: result.message.id, status: result.message.status }, 'automation message created');
  return result.sent;
}

/** Exit: pending abandoned-checkout jobs of this order's checkout, customer or phone are deleted. */
async function exitAbandonedCheckouts(s: TriggerScope, order: OrderFacts, phones: string[]): Promise<number> {
  const result = await s.tx.execute<{ token: string }>(sql`
    SELECT token FROM checkouts
     WHERE shop_id = ${s.shopId} AND completed_at IS NULL
       AND (token = ${order.checkout_token}
            OR (${order.customer_id}::bigint IS NOT NULL AND customer_id = ${order.customer_id}::bigint)
            OR phone = ANY(${sql.param(phones)}::text[]) OR sms_marketing_phone = ANY(${sql.param(phones)}::text[]))`);
  const keys = result.rows.map((r) => delayedKey('abandoned_checkout', s.shopId, r.token));
  if (order.checkout_token) keys.push(delayedKey('abandoned_checkout', s.shopId, order.checkout_token));
  return cancelDelayedAutomations(s.tx, [...new Set(keys)]);
}

export async function onOrderCreatedInTx(s: TriggerScope, orderId: string, extra: PayloadContact | null): Promise<void> {
  const shop = await loadAutomationShop(s.tx, s.shopId);
  const order = shop ? await loadOrderFacts(s.tx, s.shopId, orderId) : null;
  if (!shop || !order) return;
  const phones = normalizedPhones([order.phone, ...(extra?.phones ?? []), order.customer_phone], [order.country_code, shop.countryCode]);
  const exited = await exitAbandonedCheckouts(s, order, phones);
  if (exited > 0) s.log.info({ orderId, exited }, 'abandoned-checkout reminders cancelled: an order arrived');
  if (order.cancelled_at) return;
  const flows = await enabledFlows(s, ['order_confirmation', 'thank_you']);
  const confirmation = flows.get('order_confirmation');
  if (confirmation) await sendOrderUpdate(s, shop, confirmation, order, extra, `order_confirmation:${order.id}`);
  const thankYou = flows.get('thank_you');
  if (thankYou && order.customer_id !== null && order.customer_order_count === '1') {
    const runAt = new Date(s.app.clock.now().getTime() + (thankYou.delayMinutes ?? 0) * 60_000);
    await scheduleDelayedAutomation(
      s.tx,
      { shopId: s.shopId, flow: 'thank_you', key: delayedKey('thank_you', s.shopId, order.customer_id), ref: order.id },
      runAt,
    );
  }
}

export async function onOrderCancelledInTx(s: TriggerScope, orderId: string, extra: PayloadContact | null): Promise<void> {
  const flow = await enabledFlow(s, 'order_cancelled');
  if (!flow) return;
  const shop = await loadAutomationShop(s.tx, s.shopId);
  const order = shop ? await loadOrderFacts(s.tx, s.shopId, orderId) : null;
  if (!shop || !order || !order.cancelled_at) return;
  await sendOrderUpdate(s, shop, flow, order, extra, `order_cancelled:${order.id}`);
}
