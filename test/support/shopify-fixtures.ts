// Every Shopify fixture under test/fixtures/shopify/ with its topic, and per topic the top-level fields
// the app reads (server/webhooks/handlers/, server/automations/triggers.ts, server/subscribers/
// webhook-consent.ts) and, among them, the ones it cannot do without. Written out by hand, from the
// code, so the payload-tolerance tests check the schemas against what the code does.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '../../server/paths.js';
import { decodeWebhookJson, isWebhookTopic, type WebhookTopic } from '../../server/webhooks/schemas/index.js';

export type Json = Record<string, unknown>;

export interface ShopifyFixture {
  /** File name without .json, e.g. orders__create__pos. */
  name: string;
  topic: WebhookTopic;
  payload: Json;
}

const SHOPIFY_FIXTURES = join(fixturesDir, 'shopify');

/** `<topic with / as __>[__<variant>].json` */
export function shopifyFixtures(): ShopifyFixture[] {
  return readdirSync(SHOPIFY_FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.json'.length);
      const [resource, action] = name.split('__');
      const topic = `${resource}/${action}`;
      if (!isWebhookTopic(topic)) throw new Error(`fixture ${file} is not named after a subscribed topic`);
      const decoded = decodeWebhookJson(readFileSync(join(SHOPIFY_FIXTURES, file), 'utf8'));
      if (!decoded.ok) throw new Error(`${file}: ${decoded.error}`);
      return { name, topic, payload: decoded.value as Json };
    });
}

interface TopicFields {
  /** Top-level fields the app reads. */
  read: readonly string[];
  /** Among them, those it cannot do without: ids and the timestamps that version a record. */
  required: readonly string[];
}

const order: TopicFields = {
  read: [
    'id',
    'created_at',
    'updated_at',
    'name',
    'order_number',
    'email',
    'contact_email',
    'phone',
    'cancelled_at',
    'closed_at',
    'currency',
    'presentment_currency',
    'total_price',
    'current_total_price',
    'subtotal_price',
    'total_discounts',
    'total_price_set',
    'financial_status',
    'fulfillment_status',
    'checkout_token',
    'order_status_url',
    'customer_locale',
    'discount_codes',
    'customer',
    'billing_address',
    'shipping_address',
    'line_items',
    'refunds',
    'fulfillments',
    'buyer_accepts_sms_marketing',
    'sms_marketing_phone',
  ],
  required: ['id', 'created_at', 'updated_at'],
};
const checkout: TopicFields = {
  read: [
    'token',
    'updated_at',
    'created_at',
    'id',
    'email',
    'phone',
    'sms_marketing_phone',
    'buyer_accepts_sms_marketing',
    'abandoned_checkout_url',
    'completed_at',
    'currency',
    'customer_locale',
    'total_price',
    'customer',
    'shipping_address',
    'billing_address',
  ],
  required: ['token', 'updated_at'],
};
const customer: TopicFields = {
  read: [
    'id',
    'first_name',
    'last_name',
    'email',
    'phone',
    'default_address',
    'addresses',
    'tags',
    'sms_marketing_consent',
    'created_at',
    'updated_at',
  ],
  required: ['id'],
};
const fulfillment: TopicFields = {
  read: [
    'id',
    'order_id',
    'updated_at',
    'created_at',
    'status',
    'shipment_status',
    'tracking_company',
    'tracking_number',
    'tracking_numbers',
    'tracking_url',
    'tracking_urls',
    'line_items',
  ],
  required: ['id', 'order_id', 'updated_at'],
};

export const topicFields: Record<WebhookTopic, TopicFields> = {
  'orders/create': order,
  'orders/paid': order,
  'orders/updated': order,
  'orders/cancelled': order,
  'orders/fulfilled': order,
  'fulfillments/create': fulfillment,
  'fulfillments/update': fulfillment,
  'fulfillment_events/create': {
    read: ['fulfillment_id', 'order_id', 'status', 'created_at'],
    required: ['fulfillment_id', 'order_id', 'status', 'created_at'],
  },
  'checkouts/create': checkout,
  'checkouts/update': checkout,
  'customers/create': customer,
  'customers/update': customer,
  'customers/delete': { read: ['id'], required: ['id'] },
  'customers_marketing_consent/update': { read: ['id', 'phone', 'sms_marketing_consent'], required: ['id'] },
  // The handler reads nothing from the Shop payload (the shop is the header, the time X-Shopify-Triggered-At).
  'app/uninstalled': { read: [], required: [] },
  'bulk_operations/finish': {
    read: ['admin_graphql_api_id', 'status', 'error_code'],
    required: ['admin_graphql_api_id', 'status'],
  },
  // The handler reads app_subscription.admin_graphql_api_id, status, name and capped_amount.
  'app_subscriptions/update': { read: ['app_subscription'], required: ['app_subscription'] },
  'customers/data_request': {
    read: ['customer', 'orders_requested', 'data_request'],
    required: ['customer', 'data_request'],
  },
  'customers/redact': { read: ['customer', 'orders_to_redact'], required: ['customer'] },
  'shop/redact': { read: ['shop_domain'], required: [] },
};

export const withoutFields = (payload: Json, fields: readonly string[]): Json =>
  Object.fromEntries(Object.entries(payload).filter(([key]) => !fields.includes(key)));

/** The payload's top-level fields the app does not read. */
export const unreadFields = (f: ShopifyFixture): string[] =>
  Object.keys(f.payload).filter((k) => !topicFields[f.topic].read.includes(k));

/** The payload's top-level fields the app can do without (unread, or read with a default). */
export const optionalFields = (f: ShopifyFixture): string[] =>
  Object.keys(f.payload).filter((k) => !topicFields[f.topic].required.includes(k));
