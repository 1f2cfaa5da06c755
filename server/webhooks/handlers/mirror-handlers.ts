// Store-mirror handlers: orders/*, customers/*, checkouts/*, fulfillments/*, fulfillment_events/create.
// Each translates the payload (mirror-records.ts) and calls the store's upsert (server/store/), which
// is idempotent and order-tolerant: rows carry the payload's updated_at and the delivery's
// X-Shopify-Triggered-At, and are only replaced by data not older (see notOlderThanStored). Orders go
// through the batch path (order-batch.ts), one delivery or many.
import { upsertCheckout } from '../../store/checkouts.js';
import { markCustomerDeleted, redactedCustomerIds, upsertCustomers } from '../../store/customers.js';
import { applyFulfillmentEvent, upsertFulfillments } from '../../store/fulfillments.js';
import type { WebhookEventContext, WebhookHandler } from '../handler-types.js';
import type { ShopifyCheckout, ShopifyCustomer, ShopifyFulfillment, ShopifyOrder } from '../schemas/index.js';
import { checkoutRecordFrom, customerRecordFrom, fulfillmentRecordFrom } from './mirror-records.js';
import { handleOrderBatch } from './order-batch.js';
import { shopOf } from './shop-of.js';
import { applyCheckoutSmsConsent, webhookMeta } from '../../subscribers/webhook-consent.js';
import { onCheckout, onFulfillment, onFulfillmentEvent } from '../../automations/triggers.js';

/** orders/create, paid, updated, cancelled, fulfilled: one payload shape, one handler. */
export const handleOrder = async (ctx: WebhookEventContext, order: ShopifyOrder): Promise<void> => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  await handleOrderBatch(ctx.tx, shopId, [{ ctx, order }]);
};

/** customers/create and customers/update. */
export const handleCustomerUpsert = async (
  ctx: WebhookEventContext,
  customer: ShopifyCustomer,
): Promise<void> => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  await upsertCustomers(ctx.tx, shopId, [customerRecordFrom(customer, ctx.triggeredAt)]);
};

export const handleCustomerDelete: WebhookHandler<'customers/delete'> = async (ctx, payload) => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  await markCustomerDeleted(ctx.tx, shopId, payload.id, ctx.triggeredAt ?? ctx.app.clock.now());
};

/** checkouts/create and checkouts/update. */
export const handleCheckout = async (ctx: WebhookEventContext, checkout: ShopifyCheckout): Promise<void> => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  const customerId = checkout.customer?.id ?? null;
  const triggeredAt = ctx.triggeredAt;
  if (checkout.customer)
    await upsertCustomers(ctx.tx, shopId, [customerRecordFrom(checkout.customer, triggeredAt)]);
  const redacted =
    customerId !== null && (await redactedCustomerIds(ctx.tx, shopId, [customerId])).has(customerId);
  const written = await upsertCheckout(ctx.tx, shopId, checkoutRecordFrom(checkout, triggeredAt), {
    redactContact: redacted,
  });
  if (!written) {
    ctx.log.info(
      { token: checkout.token, updatedAt: checkout.updated_at, triggeredAt },
      'stale checkout payload: newer data already stored',
    );
  }
  if (!redacted) await applyCheckoutSmsConsent(ctx.tx, shopId, checkout, webhookMeta(ctx));
  if (!redacted) await onCheckout(ctx, checkout);
};

/** fulfillments/create and fulfillments/update. */
export const handleFulfillment = async (
  ctx: WebhookEventContext,
  fulfillment: ShopifyFulfillment,
): Promise<void> => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  await upsertFulfillments(ctx.tx, shopId, [fulfillmentRecordFrom(fulfillment)]);
  await onFulfillment(ctx, fulfillment);
};

export const handleFulfillmentEvent: WebhookHandler<'fulfillment_events/create'> = async (ctx, event) => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  const applied = await applyFulfillmentEvent(ctx.tx, shopId, event);
  if (!applied)
    ctx.log.info(
      { fulfillmentId: event.fulfillment_id, status: event.status },
      'older fulfillment event: shipment status kept',
    );
  else await onFulfillmentEvent(ctx, event);
};
