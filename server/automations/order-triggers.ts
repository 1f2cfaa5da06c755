// Order automations, run in the webhook's transaction after the mirror upsert:
// - orders/create: order confirmation (transactional); exits pending abandoned-checkout jobs of the same
//   checkout, customer or phone; schedules the thank-you after a subscriber's first order.
// - orders/cancelled: order cancelled (transactional).
import { sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.js';
import type { AutomationFlowKey } from '../contracts/automations.js';
import type { Tx } from '../db/transaction.js';
import type { Logger } from '../logger.js';
import {
  loadAutomationShop,
  sendAutomationMessages,
  shopVariables,
  type AutomationShop,
} from './automation-sender.js';
import { cancelDelayedAutomations, delayedKey, scheduleDelayedAutomation } from './delayed-jobs.js';
import {
  loadAutomationSettings,
  loadFlowConfig,
  loadFlowConfigs,
  type FlowConfig,
} from './flow-repository.js';
import {
  customerVariables,
  loadOrderFacts,
  loadOrderFactsMany,
  orderVariables,
  type OrderFacts,
} from './mirror-facts.js';
import { normalizedPhones, resolveRecipients, type ContactFacts } from './recipients.js';

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
async function enabledFlows(
  s: TriggerScope,
  keys: readonly AutomationFlowKey[],
): Promise<Map<AutomationFlowKey, FlowConfig>> {
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

export interface OrderUpdate {
  order: OrderFacts;
  extra: PayloadContact | null;
  idempotencyKey: string;
  shipment?: Record<string, string | number | null>;
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
  return (await sendOrderUpdates(s, shop, flow, [{ order, extra, idempotencyKey, ...more }]))[0]!;
}

/** sendOrderUpdate for many orders of the shop: one recipient look-up, one outbox enqueue. */
export async function sendOrderUpdates(
  s: TriggerScope,
  shop: AutomationShop,
  flow: FlowConfig,
  updates: readonly OrderUpdate[],
): Promise<boolean[]> {
  const recipients = await resolveRecipients(
    s.tx,
    shop,
    updates.map((u) => orderContact(u.order, u.extra)),
    {
      transactional: true,
      checkoutPhonesAllowed: async () =>
        (await loadAutomationSettings(s.tx, s.shopId)).orderUpdatesForCheckoutPhones,
      now: s.app.clock.now(),
    },
  );
  const sends = updates.flatMap((u, i) => {
    const recipient = recipients[i];
    if (!recipient) {
      s.log.debug({ flow: flow.key, orderId: u.order.id }, 'automation skipped: no eligible recipient');
      return [];
    }
    const variables = {
      subscriber: { phone: recipient.phone, first_name: u.order.first_name, last_name: u.order.last_name },
      customer: customerVariables(u.order),
      order: orderVariables(u.order),
      shop: shopVariables(shop),
      ...(u.shipment ? { shipment: u.shipment } : {}),
    };
    return [{ i, input: { flow, recipient, idempotencyKey: u.idempotencyKey, variables } }];
  });
  const results = await sendAutomationMessages(
    s.tx,
    s.app,
    shop,
    sends.map((x) => x.input),
  );
  const sent = updates.map(() => false);
  sends.forEach(({ i }, k) => {
    const result = results[k]!;
    sent[i] = result.sent;
    if (result.sent) {
      s.log.info(
        {
          flow: flow.key,
          orderId: updates[i]!.order.id,
          messageId: result.message.id,
          status: result.message.status,
        },
        'automation message created',
      );
    }
  });
  return sent;
}

/** Exit: pending abandoned-checkout jobs of these orders' checkouts, customers or phones are deleted. */
async function exitAbandonedCheckouts(
  s: TriggerScope,
  orders: ReadonlyArray<{ order: OrderFacts; phones: string[] }>,
): Promise<number> {
  const tokens = [
    ...new Set(orders.flatMap(({ order }) => (order.checkout_token ? [order.checkout_token] : []))),
  ];
  const customerIds = [
    ...new Set(orders.flatMap(({ order }) => (order.customer_id !== null ? [order.customer_id] : []))),
  ];
  const phones = [...new Set(orders.flatMap((o) => o.phones))];
  const result = await s.tx.execute<{ token: string }>(sql`
    SELECT token FROM checkouts
     WHERE shop_id = ${s.shopId} AND completed_at IS NULL
       AND (token = ANY(${sql.param(tokens)}::text[]) OR customer_id = ANY(${sql.param(customerIds)}::bigint[])
            OR phone = ANY(${sql.param(phones)}::text[]) OR sms_marketing_phone = ANY(${sql.param(phones)}::text[]))`);
  const keys = [...result.rows.map((r) => r.token), ...tokens].map((token) =>
    delayedKey('abandoned_checkout', s.shopId, token),
  );
  return cancelDelayedAutomations(s.tx, [...new Set(keys)]);
}

export async function onOrderCreatedInTx(
  s: TriggerScope,
  orderId: string,
  extra: PayloadContact | null,
): Promise<void> {
  await onOrdersCreatedInTx(s, [{ orderId, extra }]);
}

/** orders/create for several orders of the shop (one delivery per order), set-based. */
export async function onOrdersCreatedInTx(
  s: TriggerScope,
  created: ReadonlyArray<{ orderId: string; extra: PayloadContact | null }>,
): Promise<void> {
  const shop = await loadAutomationShop(s.tx, s.shopId);
  if (!shop) return;
  const facts = await loadOrderFactsMany(
    s.tx,
    s.shopId,
    created.map((c) => c.orderId),
  );
  const orders = created.flatMap(({ orderId, extra }) => {
    const order = facts.get(orderId);
    if (!order) return [];
    const phones = normalizedPhones(
      [order.phone, ...(extra?.phones ?? []), order.customer_phone],
      [order.country_code, shop.countryCode],
    );
    return [{ order, extra, phones }];
  });
  if (orders.length === 0) return;
  const exited = await exitAbandonedCheckouts(s, orders);
  if (exited > 0)
    s.log.info(
      { orderIds: orders.map((o) => o.order.id), exited },
      'abandoned-checkout reminders cancelled: an order arrived',
    );
  const live = orders.filter(({ order }) => !order.cancelled_at);
  if (live.length === 0) return;
  const flows = await enabledFlows(s, ['order_confirmation', 'thank_you']);
  const confirmation = flows.get('order_confirmation');
  if (confirmation) {
    await sendOrderUpdates(
      s,
      shop,
      confirmation,
      live.map(({ order, extra }) => ({ order, extra, idempotencyKey: `order_confirmation:${order.id}` })),
    );
  }
  const thankYou = flows.get('thank_you');
  for (const { order } of live) {
    if (!thankYou || order.customer_id === null || order.customer_order_count !== '1') continue;
    const runAt = new Date(s.app.clock.now().getTime() + (thankYou.delayMinutes ?? 0) * 60_000);
    await scheduleDelayedAutomation(
      s.tx,
      {
        shopId: s.shopId,
        flow: 'thank_you',
        key: delayedKey('thank_you', s.shopId, order.customer_id),
        ref: order.id,
      },
      runAt,
    );
  }
}

export async function onOrderCancelledInTx(
  s: TriggerScope,
  orderId: string,
  extra: PayloadContact | null,
): Promise<void> {
  const flow = await enabledFlow(s, 'order_cancelled');
  if (!flow) return;
  const shop = await loadAutomationShop(s.tx, s.shopId);
  const order = shop ? await loadOrderFacts(s.tx, s.shopId, orderId) : null;
  if (!shop || !order || !order.cancelled_at) return;
  await sendOrderUpdate(s, shop, flow, order, extra, `order_cancelled:${order.id}`);
}
