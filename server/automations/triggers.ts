// The automation triggers the webhook handlers call, in the event's transaction, AFTER the mirror
// upsert (they read the mirrored rows). Each is idempotent: duplicate deliveries create nothing new.
// An automation failure throws, so the event is retried as a whole (the mirror upsert is idempotent).
import type { WebhookEventContext } from '../webhooks/handler-types.js';
import type {
  FulfillmentEventPayload,
  ShopifyCheckout,
  ShopifyFulfillment,
  ShopifyOrder,
} from '../webhooks/schemas/index.js';
import { onCheckoutInTx } from './checkout-trigger.js';
import {
  onOrderCancelledInTx,
  onOrderCreatedInTx,
  onOrdersCreatedInTx,
  type PayloadContact,
  type TriggerScope,
} from './order-triggers.js';
import {
  isNotifiedShipmentStatus,
  onFulfillmentCreatedInTx,
  onShipmentStatusInTx,
} from './shipping-triggers.js';

export { triggerWelcome } from './welcome-trigger.js';

function scope(ctx: WebhookEventContext): TriggerScope | null {
  return ctx.shopId === null ? null : { tx: ctx.tx, app: ctx.app, shopId: ctx.shopId, log: ctx.log };
}

function orderPayloadContact(order: ShopifyOrder): PayloadContact {
  const extra = order as ShopifyOrder & { sms_marketing_phone?: unknown };
  const address = order.shipping_address ?? order.billing_address ?? null;
  return {
    phones: [
      typeof extra.sms_marketing_phone === 'string' ? extra.sms_marketing_phone : null,
      order.shipping_address?.phone ?? null,
      order.billing_address?.phone ?? null,
    ],
    locale: order.customer_locale ?? null,
    countryCode: address?.country_code ?? null,
    provinceCode: address?.province_code ?? null,
  };
}

/** orders/create: order confirmation, abandoned-checkout exits, thank-you scheduling. */
export async function onOrderCreated(ctx: WebhookEventContext, order: ShopifyOrder): Promise<void> {
  const s = scope(ctx);
  if (s) await onOrderCreatedInTx(s, order.id, orderPayloadContact(order));
}

/** orders/cancelled: order cancelled message. */
export async function onOrderCancelled(ctx: WebhookEventContext, order: ShopifyOrder): Promise<void> {
  const s = scope(ctx);
  if (s) await onOrderCancelledInTx(s, order.id, orderPayloadContact(order));
}

/** Every orders/* topic goes through the one order handler: dispatch on the topic. */
export async function onOrderWebhook(ctx: WebhookEventContext, order: ShopifyOrder): Promise<void> {
  if (ctx.topic === 'orders/create') await onOrderCreated(ctx, order);
  else if (ctx.topic === 'orders/cancelled') await onOrderCancelled(ctx, order);
}

/**
 * A batch of orders/* deliveries of one shop, in one transaction (at most one per order): the
 * orders/create ones together (set-based), the others one by one.
 */
export async function onOrderWebhooks(
  deliveries: ReadonlyArray<{ ctx: WebhookEventContext; order: ShopifyOrder }>,
): Promise<void> {
  const created = deliveries.filter(({ ctx }) => ctx.topic === 'orders/create');
  const s = created[0] ? scope(created[0].ctx) : null;
  if (s)
    await onOrdersCreatedInTx(
      s,
      created.map(({ order }) => ({ orderId: order.id, extra: orderPayloadContact(order) })),
    );
  for (const { ctx, order } of deliveries)
    if (ctx.topic !== 'orders/create') await onOrderWebhook(ctx, order);
}

/** fulfillments/create (shipping confirmation) and fulfillments/update (shipment_status changes). */
export async function onFulfillment(
  ctx: WebhookEventContext,
  fulfillment: ShopifyFulfillment,
): Promise<void> {
  const s = scope(ctx);
  if (!s) return;
  // A fulfillment whose payload carries no status is taken as created successfully (Shopify's default).
  if (ctx.topic === 'fulfillments/create')
    await onFulfillmentCreatedInTx(s, fulfillment.id, fulfillment.status ?? 'success');
  if (isNotifiedShipmentStatus(fulfillment.shipment_status))
    await onShipmentStatusInTx(s, fulfillment.id, fulfillment.shipment_status!);
}

/** fulfillment_events/create: out for delivery, delivered. */
export async function onFulfillmentEvent(
  ctx: WebhookEventContext,
  event: FulfillmentEventPayload,
): Promise<void> {
  const s = scope(ctx);
  if (s && isNotifiedShipmentStatus(event.status))
    await onShipmentStatusInTx(s, event.fulfillment_id, event.status);
}

/** checkouts/create and checkouts/update: abandoned-checkout scheduling. */
export async function onCheckout(ctx: WebhookEventContext, checkout: ShopifyCheckout): Promise<void> {
  const s = scope(ctx);
  if (s) await onCheckoutInTx(s, checkout.token, checkout.customer_locale ?? null);
}
