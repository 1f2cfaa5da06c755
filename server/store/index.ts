// The store mirror: customers, orders and line items, checkouts, fulfillments and per-customer
// purchase aggregates, one upsert per entity. Webhooks, the bulk backfill and the demo seed write it
// through these functions; automations, segments and reports read it.
export { recomputeCustomerAggregates, findAggregateDrift, type RecomputeResult } from './aggregates.js';
export { upsertCheckout, type CheckoutRecord } from './checkouts.js';
export {
  markCustomerDeleted,
  redactedCustomerIds,
  setCustomerSmsConsentState,
  upsertCustomers,
  type CustomerRecord,
} from './customers.js';
export { applyFulfillmentEvent, upsertFulfillments, type FulfillmentRecord } from './fulfillments.js';
export {
  upsertOrders,
  writeLineItems,
  type LineItemRecord,
  type OrderRecord,
  type OrderUpsertResult,
  type RefundAmount,
} from './orders.js';
