// orders/* deliveries of one shop, handled together in one transaction: one customer upsert, one order
// upsert (line items included), one fulfillment upsert, aggregates recomputed once per customer, then
// the automations for every delivery. The inbox processor passes a batch holding at most one delivery
// per order and per customer (see batch-rounds.ts), so the outcome is the one of handling them one by
// one; a lone delivery (handleOrder) is a batch of one.
import { recomputeCustomerAggregates } from '../../store/aggregates.js';
import { upsertCustomers } from '../../store/customers.js';
import { upsertFulfillments } from '../../store/fulfillments.js';
import { upsertOrders } from '../../store/orders.js';
import type { Tx } from '../../db/transaction.js';
import { onOrderWebhooks } from '../../automations/triggers.js';
import { applyOrderSmsConsent, webhookMeta } from '../../subscribers/webhook-consent.js';
import type { WebhookBatchHandler, WebhookEventContext } from '../handler-types.js';
import type { ShopifyOrder } from '../schemas/index.js';
import {
  customerRecordFrom,
  fulfillmentRecordFrom,
  lineItemRecordsOf,
  orderRecordFrom,
} from './mirror-records.js';

export interface OrderDelivery {
  /** The delivery's context (its topic, webhook id, triggered_at and logger); every delivery shares `tx`. */
  ctx: WebhookEventContext;
  order: ShopifyOrder;
}

export async function handleOrderBatch(
  tx: Tx,
  shopId: string,
  deliveries: readonly OrderDelivery[],
): Promise<void> {
  if (deliveries.length === 0) return;
  // An order can arrive before its customer: the embedded customer creates (or refreshes) the row.
  const customers = deliveries.flatMap(({ ctx, order }) =>
    order.customer ? [customerRecordFrom(order.customer, ctx.triggeredAt)] : [],
  );
  if (customers.length > 0) await upsertCustomers(tx, shopId, customers);
  const result = await upsertOrders(
    tx,
    shopId,
    deliveries.map(({ ctx, order }) => orderRecordFrom(order, ctx.triggeredAt)),
    deliveries.flatMap(({ order }) => lineItemRecordsOf(order)),
  );
  for (const { ctx, order } of deliveries) {
    const customerId = order.customer?.id ?? null;
    // Only orders that carry an SMS opt-in reach the consent ledger (no statement for the others).
    if (customerId === null || !result.redactedCustomerIds.has(customerId))
      await applyOrderSmsConsent(tx, shopId, order, webhookMeta(ctx));
  }
  const fulfillments = deliveries.flatMap(({ order }) =>
    (order.fulfillments ?? []).map(fulfillmentRecordFrom),
  );
  if (fulfillments.length > 0) await upsertFulfillments(tx, shopId, fulfillments);
  for (const { ctx, order } of deliveries) {
    if (!result.applied.has(order.id)) {
      ctx.log.info(
        { orderId: order.id, updatedAt: order.updated_at, triggeredAt: ctx.triggeredAt },
        'stale order payload: newer data already stored',
      );
    }
  }
  await recomputeCustomerAggregates(tx, shopId, result.affectedCustomerIds);
  // Automations read the mirror (aggregates included, hence after the recompute); idempotent, so they
  // run for late (stale) deliveries too.
  await onOrderWebhooks(deliveries);
}

/** The batch form of the orders/* handler, for the inbox processor. */
export const orderBatchHandler: WebhookBatchHandler<ShopifyOrder> = {
  entityKeys: (order) => [`order:${order.id}`, ...(order.customer ? [`customer:${order.customer.id}`] : [])],
  handle: (tx, shopId, deliveries) =>
    handleOrderBatch(
      tx,
      shopId,
      deliveries.map(({ ctx, payload }) => ({ ctx, order: payload })),
    ),
};
