// Store-mirror handlers: orders/*, customers/*, checkouts/*, fulfillments/*, fulfillment_events/create.
// Each is idempotent and order-tolerant: rows carry the payload's updated_at and the delivery's
// X-Shopify-Triggered-At, and are only replaced by data not older (a newer updated_at, or the same one
// triggered no earlier: see notOlderThanStored in sql-helpers.ts); aggregates are recomputed from the
// mirrored orders in the same transaction.
import type { WebhookEventContext, WebhookHandler } from '../handler-types.js';
import type { ShopifyCheckout, ShopifyCustomer, ShopifyFulfillment, ShopifyOrder } from '../schemas/index.js';
import { recomputeCustomerAggregates } from './aggregates.js';
import { upsertCheckout } from './checkout-repository.js';
import { customerRecordFrom, markCustomerDeleted, redactedCustomerIds, upsertCustomers } from './customer-repository.js';
import { applyFulfillmentEvent, upsertFulfillments } from './fulfillment-repository.js';
import { upsertOrder } from './order-repository.js';
import { distinct, shopOf } from './sql-helpers.js';
import { applyCheckoutSmsConsent, applyOrderSmsConsent, webhookMeta } from '../../subscribers/webhook-consent.js';
import { onCheckout, onFulfillment, onFulfillmentEvent, onOrderWebhook } from '../../automations/triggers.js';

/** orders/create, paid, updated, cancelled, fulfilled: one payload shape, one handler. */
export const handleOrder = async (ctx: WebhookEventContext, order: ShopifyOrder): Promise<void> => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  const customerId = order.customer?.id ?? null;
  // An order can arrive before its customer: the embedded customer creates (or refreshes) the row.
  const triggeredAt = ctx.triggeredAt;
  if (order.customer) await upsertCustomers(ctx.tx, shopId, [customerRecordFrom(order.customer)], { triggeredAt });
  const redacted = customerId !== null && (await redactedCustomerIds(ctx.tx, shopId, [customerId])).has(customerId);
  const result = await upsertOrder(ctx.tx, shopId, order, { redactContact: redacted, triggeredAt });
  if (!redacted) await applyOrderSmsConsent(ctx.tx, shopId, order, webhookMeta(ctx));
  if (order.fulfillments && order.fulfillments.length > 0) await upsertFulfillments(ctx.tx, shopId, order.fulfillments);
  if (result.applied) {
    await recomputeCustomerAggregates(ctx.tx, shopId, distinct([customerId, result.previousCustomerId]));
  } else {
    ctx.log.info({ orderId: order.id, updatedAt: order.updated_at, triggeredAt }, 'stale order payload: newer data already stored');
  }
  // Automations read the mirror (aggregates included, hence after the recompute); idempotent, so they
  // run for late (stale) deliveries too.
  await onOrderWebhook(ctx, order);
};

/** customers/create and customers/update. */
export const handleCustomerUpsert = async (ctx: WebhookEventContext, customer: ShopifyCustomer): Promise<void> => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  await upsertCustomers(ctx.tx, shopId, [customerRecordFrom(customer)], { triggeredAt: ctx.triggeredAt });
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
  if (checkout.customer) await upsertCustomers(ctx.tx, shopId, [customerRecordFrom(checkout.customer)], { triggeredAt });
  const redacted = customerId !== null && (await redactedCustomerIds(ctx.tx, shopId, [customerId])).has(customerId);
  const written = await upsertCheckout(ctx.tx, shopId, checkout, { redactContact: redacted, triggeredAt });
  if (!written) {
    ctx.log.info({ token: checkout.token, updatedAt: checkout.updated_at, triggeredAt }, 'stale checkout payload: newer data already stored');
  }
  if (!redacted) await applyCheckoutSmsConsent(ctx.tx, shopId, checkout, webhookMeta(ctx));
  if (!redacted) await onCheckout(ctx, checkout);
};

/** fulfillments/create and fulfillments/update. */
export const handleFulfillment = async (ctx: WebhookEventContext, fulfillment: ShopifyFulfillment): Promise<void> => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  await upsertFulfillments(ctx.tx, shopId, [fulfillment]);
  await onFulfillment(ctx, fulfillment);
};

export const handleFulfillmentEvent: WebhookHandler<'fulfillment_events/create'> = async (ctx, event) => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  const applied = await applyFulfillmentEvent(ctx.tx, shopId, event);
  if (!applied) ctx.log.info({ fulfillmentId: event.fulfillment_id, status: event.status }, 'older fulfillment event: shipment status kept');
  else await onFulfillmentEvent(ctx, event);
};
