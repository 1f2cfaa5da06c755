// Shipping automations, run in the webhook's transaction after the mirror upsert:
// - fulfillments/create: shipping confirmation (carrier, tracked tracking link, item count).
// - fulfillment_events/create, or a fulfillment's shipment_status: out for delivery / delivered, each
//   once per fulfillment and status (idempotency key `<flow>:<fulfillment id>:<status>`), whatever the
//   number of webhooks. Delivered also schedules the review request (once per order).
import type { AutomationFlowKey } from '../contracts/automations.js';
import { loadAutomationShop } from './automation-sender.js';
import { delayedKey, scheduleDelayedAutomation } from './delayed-jobs.js';
import { loadFulfillmentFacts, loadOrderFacts, shipmentVariables } from './mirror-facts.js';
import { enabledFlow, sendOrderUpdate, type PayloadContact, type TriggerScope } from './order-triggers.js';

const STATUS_FLOWS: Readonly<Record<string, AutomationFlowKey>> = {
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
};

export const isNotifiedShipmentStatus = (status: string | null | undefined): boolean =>
  !!status && Object.hasOwn(STATUS_FLOWS, status);

async function sendShippingFlow(
  s: TriggerScope,
  flowKey: AutomationFlowKey,
  fulfillmentId: string,
  idempotencyKey: string,
  extra: PayloadContact | null,
  statusOverride?: string,
): Promise<boolean> {
  const flow = await enabledFlow(s, flowKey);
  if (!flow) return false;
  const shop = await loadAutomationShop(s.tx, s.shopId);
  const fulfillment = shop ? await loadFulfillmentFacts(s.tx, s.shopId, fulfillmentId) : null;
  const order = fulfillment ? await loadOrderFacts(s.tx, s.shopId, fulfillment.order_id) : null;
  if (!shop || !fulfillment || !order) {
    s.log.info(
      { flow: flowKey, fulfillmentId },
      'shipping automation skipped: fulfillment or order not mirrored',
    );
    return false;
  }
  if (order.cancelled_at) return false;
  const facts = statusOverride ? { ...fulfillment, shipment_status: statusOverride } : fulfillment;
  return sendOrderUpdate(s, shop, flow, order, extra, idempotencyKey, {
    shipment: shipmentVariables(facts, Number(order.items_count)),
  });
}

export async function onFulfillmentCreatedInTx(
  s: TriggerScope,
  fulfillmentId: string,
  status: string,
): Promise<void> {
  if (status === 'cancelled' || status === 'error' || status === 'failure') return;
  await sendShippingFlow(
    s,
    'shipping_confirmation',
    fulfillmentId,
    `shipping_confirmation:${fulfillmentId}`,
    null,
  );
}

export async function onShipmentStatusInTx(
  s: TriggerScope,
  fulfillmentId: string,
  status: string,
): Promise<void> {
  const flowKey = STATUS_FLOWS[status];
  if (!flowKey) return;
  await sendShippingFlow(s, flowKey, fulfillmentId, `${flowKey}:${fulfillmentId}:${status}`, null, status);
  if (flowKey !== 'delivered') return;
  const review = await enabledFlow(s, 'review_request');
  const fulfillment = review ? await loadFulfillmentFacts(s.tx, s.shopId, fulfillmentId) : null;
  if (!review || !fulfillment) return;
  const runAt = new Date(s.app.clock.now().getTime() + (review.delayMinutes ?? 0) * 60_000);
  await scheduleDelayedAutomation(
    s.tx,
    {
      shopId: s.shopId,
      flow: 'review_request',
      key: delayedKey('review_request', s.shopId, fulfillment.order_id),
      ref: fulfillment.order_id,
    },
    runAt,
  );
}
