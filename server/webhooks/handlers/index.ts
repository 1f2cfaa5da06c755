// Every subscribed topic's handler, for the inbox processor (see ../handler-types.ts for the contract).
import type { WebhookBatchHandlers, WebhookHandlers } from '../handler-types.js';
import { handleAppSubscriptionUpdate } from './app-subscription.js';
import { handleSmsConsentUpdate } from './consent.js';
import { handleCustomersRedact } from './customer-redact.js';
import { handleCustomersDataRequest } from './data-request.js';
import { handleAppUninstalled, handleBulkOperationFinish } from './lifecycle.js';
import {
  handleCheckout,
  handleCustomerDelete,
  handleCustomerUpsert,
  handleFulfillment,
  handleFulfillmentEvent,
  handleOrder,
} from './mirror-handlers.js';
import { orderBatchHandler } from './order-batch.js';
import { handleShopRedact } from './shop-redact.js';

export const webhookHandlers: WebhookHandlers = {
  'orders/create': handleOrder,
  'orders/paid': handleOrder,
  'orders/updated': handleOrder,
  'orders/cancelled': handleOrder,
  'orders/fulfilled': handleOrder,
  'fulfillments/create': handleFulfillment,
  'fulfillments/update': handleFulfillment,
  'fulfillment_events/create': handleFulfillmentEvent,
  'checkouts/create': handleCheckout,
  'checkouts/update': handleCheckout,
  'customers/create': handleCustomerUpsert,
  'customers/update': handleCustomerUpsert,
  'customers/delete': handleCustomerDelete,
  'customers_marketing_consent/update': handleSmsConsentUpdate,
  'app/uninstalled': handleAppUninstalled,
  'bulk_operations/finish': handleBulkOperationFinish,
  'app_subscriptions/update': handleAppSubscriptionUpdate,
  'customers/data_request': handleCustomersDataRequest,
  'customers/redact': handleCustomersRedact,
  'shop/redact': handleShopRedact,
};

/** Topics the inbox processor handles several deliveries of at once (same outcome as one by one). */
export const webhookBatchHandlers: WebhookBatchHandlers = {
  'orders/create': orderBatchHandler,
  'orders/paid': orderBatchHandler,
  'orders/updated': orderBatchHandler,
  'orders/cancelled': orderBatchHandler,
  'orders/fulfilled': orderBatchHandler,
};

export { parseSmsConsentChange, type SmsConsentChange } from './consent.js';
export {
  onBulkOperationFinished,
  uninstallShop,
  cancelShopJobs,
  type BulkOperationOutcome,
} from './lifecycle.js';
export { redactCustomer, type CustomerRedactRequest } from './customer-redact.js';
export { recordDataRequest } from './data-request.js';
export { deleteShopData } from './shop-redact.js';
