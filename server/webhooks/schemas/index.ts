// Every Shopify webhook topic the app subscribes to, the zod schema for its payload (API version
// 2025-10 shapes), and parseWebhookPayload, which validates a payload and returns a result typed
// by topic. Schemas pass unknown fields through and normalise numeric ids to strings. Each requires
// only what the app cannot do without (ids, the timestamps that version a record); every other field
// it reads is optional or nullable with a safe default, because payloads differ by API version and by
// the order's origin (online store, POS, draft orders, apps, imports). A missing required field parks
// the event with an error naming it ("id: is required"), shown by GET /api/webhook-events.
import { z } from 'zod';
import { shopSchema } from './app.js';
import { appSubscriptionUpdateSchema } from './app-subscription.js';
import { bulkOperationFinishSchema } from './bulk-operation.js';
import { checkoutSchema } from './checkout.js';
import { customersDataRequestSchema, customersRedactSchema, shopRedactSchema } from './compliance.js';
import { customerSmsConsentUpdateSchema } from './consent.js';
import { customerDeleteSchema, customerSchema } from './customer.js';
import { fulfillmentEventSchema } from './fulfillment-event.js';
import { fulfillmentSchema } from './fulfillment.js';
import { orderSchema } from './order.js';

export const webhookTopics = [
  'orders/create',
  'orders/paid',
  'orders/updated',
  'orders/cancelled',
  'orders/fulfilled',
  'fulfillments/create',
  'fulfillments/update',
  'fulfillment_events/create',
  'checkouts/create',
  'checkouts/update',
  'customers/create',
  'customers/update',
  'customers/delete',
  'customers_marketing_consent/update',
  'app/uninstalled',
  'bulk_operations/finish',
  'app_subscriptions/update',
  'customers/data_request',
  'customers/redact',
  'shop/redact',
] as const;
export type WebhookTopic = (typeof webhookTopics)[number];

export const topicSchemas = {
  'orders/create': orderSchema,
  'orders/paid': orderSchema,
  'orders/updated': orderSchema,
  'orders/cancelled': orderSchema,
  'orders/fulfilled': orderSchema,
  'fulfillments/create': fulfillmentSchema,
  'fulfillments/update': fulfillmentSchema,
  'fulfillment_events/create': fulfillmentEventSchema,
  'checkouts/create': checkoutSchema,
  'checkouts/update': checkoutSchema,
  'customers/create': customerSchema,
  'customers/update': customerSchema,
  'customers/delete': customerDeleteSchema,
  'customers_marketing_consent/update': customerSmsConsentUpdateSchema,
  'app/uninstalled': shopSchema,
  'bulk_operations/finish': bulkOperationFinishSchema,
  'app_subscriptions/update': appSubscriptionUpdateSchema,
  'customers/data_request': customersDataRequestSchema,
  'customers/redact': customersRedactSchema,
  'shop/redact': shopRedactSchema,
} as const satisfies Record<WebhookTopic, z.ZodType>;

/** The validated (id-normalised) payload type for a topic. */
export type WebhookPayload<T extends WebhookTopic> = z.output<(typeof topicSchemas)[T]>;

export interface WebhookParseFailure {
  ok: false;
  /** Every problem, joined by "; ", each naming its field path, e.g. "total_price: must be a decimal string ...". */
  error: string;
  issues: Array<{ path: string; message: string }>;
}

/** Distributes over T, so a union of topics yields a union discriminated by `topic`. */
export type WebhookParseSuccess<T extends WebhookTopic> = T extends WebhookTopic
  ? { ok: true; topic: T; data: WebhookPayload<T> }
  : never;

export type WebhookParseResult<T extends WebhookTopic = WebhookTopic> =
  WebhookParseSuccess<T> | WebhookParseFailure;

export const isWebhookTopic = (value: string): value is WebhookTopic =>
  (webhookTopics as readonly string[]).includes(value);

const requiredFieldMessage = (issue: { input?: unknown }): string | undefined =>
  issue.input === undefined ? 'is required' : undefined;

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.length === 0 ? '(payload)' : path.map((segment) => String(segment)).join('.');

function failure(issues: Array<{ path: string; message: string }>, prefix: string): WebhookParseFailure {
  return {
    ok: false,
    error: `${prefix}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  };
}

/**
 * Validates a decoded webhook body against its topic's schema. Expected bad input (unknown topic,
 * malformed payload) is returned as `{ ok: false }`; nothing is thrown.
 */
export function parseWebhookPayload<T extends WebhookTopic>(
  topic: T,
  payload: unknown,
): WebhookParseResult<T>;
export function parseWebhookPayload(topic: string, payload: unknown): WebhookParseResult;
export function parseWebhookPayload(topic: string, payload: unknown): WebhookParseResult {
  if (!isWebhookTopic(topic)) {
    return failure(
      [{ path: '(topic)', message: `unsupported webhook topic "${topic}"` }],
      'Unsupported topic',
    );
  }
  // A missing field reads "<path>: is required" whatever its type (schemas' own messages take precedence).
  const result = topicSchemas[topic].safeParse(payload, { error: requiredFieldMessage });
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: issue.message,
    }));
    return failure(issues, `Invalid ${topic} payload`);
  }
  // The schema was selected by `topic`, so the data matches WebhookPayload<typeof topic>; TypeScript
  // cannot correlate the two through the indexed access.
  return { ok: true, topic, data: result.data } as WebhookParseSuccess<typeof topic>;
}

export type { ShopPayload } from './app.js';
export type { AppSubscriptionUpdatePayload } from './app-subscription.js';
export type { BulkOperationFinishPayload } from './bulk-operation.js';
export type { ShopifyCheckout } from './checkout.js';
export type { CustomersDataRequestPayload, CustomersRedactPayload, ShopRedactPayload } from './compliance.js';
export type {
  CustomerSmsConsentUpdatePayload,
  SmsMarketingConsent,
  SmsConsentState,
  OptInLevel,
} from './consent.js';
export type { ShopifyCustomer, CustomerDeletePayload } from './customer.js';
export type { FulfillmentEventPayload } from './fulfillment-event.js';
export type { ShopifyFulfillment, FulfillmentStatus, KnownShipmentStatus } from './fulfillment.js';
export type {
  ShopifyOrder,
  ShopifyRefund,
  FinancialStatus,
  OrderFulfillmentStatus,
  CancelReason,
} from './order.js';
export type { OrderLineItem } from './line-item.js';
export type { ShopifyAddress, ShopifyCustomerAddress } from './address.js';
export { shipmentStatuses, isKnownShipmentStatus } from './fulfillment.js';
export { smsConsentStates, optInLevels } from './consent.js';
export { decodeWebhookJson, type JsonDecodeResult } from './lossless-json.js';
