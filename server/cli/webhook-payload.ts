// Payload edits for `npm run webhook`: point a fixture at a given customer (`--phone`, `--customer`) and
// give an orders/create fixture a fresh order identity per run, so repeated runs are new orders (each gets
// its own confirmation) rather than redeliveries of order #1001. Pure functions over parsed JSON.
import { randomBytes, randomInt } from 'node:crypto';

export type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Topic families whose payload is about a shopper, so a phone or customer can be overridden. */
const SHOPPER_TOPICS = [
  'orders',
  'checkouts',
  'customers',
  'customers_marketing_consent',
  'fulfillments',
  'fulfillment_events',
];
/** Topics whose top-level object is the customer itself. */
const CUSTOMER_TOPICS = [
  'customers/create',
  'customers/update',
  'customers/enable',
  'customers/disable',
  'customers/delete',
  'customers_marketing_consent/update',
];
/** Topics whose payload names an order by `order_id`. */
const ORDER_REF_TOPICS = ['fulfillments', 'fulfillment_events'];

export const isShopperTopic = (topic: string): boolean => SHOPPER_TOPICS.includes(topic.split('/')[0]!);
export const takesOrderId = (topic: string): boolean =>
  topic.startsWith('orders/') || ORDER_REF_TOPICS.includes(topic.split('/')[0]!);

function setIfPresent(o: unknown, key: string, value: unknown): void {
  if (isObject(o) && key in o) o[key] = value;
}

/** The phone of the order (or checkout, customer), its customer, and every address that has one. */
function setPhones(o: Json, phone: string): void {
  for (const key of ['phone', 'sms_marketing_phone']) setIfPresent(o, key, phone);
  for (const key of ['billing_address', 'shipping_address', 'default_address', 'destination'])
    setIfPresent(o[key], 'phone', phone);
  if (Array.isArray(o.addresses)) for (const address of o.addresses) setIfPresent(address, 'phone', phone);
}

function setCustomerId(customer: Json, id: number): void {
  customer.id = id;
  if ('admin_graphql_api_id' in customer) customer.admin_graphql_api_id = `gid://shopify/Customer/${id}`;
  setIfPresent(customer.default_address, 'customer_id', id);
  if (Array.isArray(customer.addresses))
    for (const address of customer.addresses) setIfPresent(address, 'customer_id', id);
}

export interface Target {
  /** E.164; replaces the order/checkout phone, the customer's phone and the address phones present. */
  phone?: string;
  /** Shopify customer id; replaces the payload's customer id (and the ids that point at it). */
  customerId?: number;
}

/** A copy of `payload` aimed at the target customer. */
export function retarget(topic: string, payload: Json, target: Target): Json {
  const out = structuredClone(payload);
  const customerIsPayload = CUSTOMER_TOPICS.includes(topic);
  const customer = customerIsPayload ? out : isObject(out.customer) ? out.customer : null;
  if (target.phone !== undefined) {
    setPhones(out, target.phone);
    if (customer !== null && customer !== out) setPhones(customer, target.phone);
  }
  if (target.customerId !== undefined) {
    if (customer !== null) setCustomerId(customer, target.customerId);
    if (!customerIsPayload) setIfPresent(out, 'customer_id', target.customerId);
  }
  return out;
}

/** Sets the order a payload is about: the order's own id (orders/*) or its `order_id` (fulfillments). */
export function withOrderId(topic: string, payload: Json, orderId: number): Json {
  const out = structuredClone(payload);
  if (topic.startsWith('orders/')) {
    out.id = orderId;
    setIfPresent(out, 'admin_graphql_api_id', `gid://shopify/Order/${orderId}`);
  } else out.order_id = orderId;
  return out;
}

/** A new order id, unique per run, clear of the fixtures' and the demo store's ids; ×10 stays a safe JS integer. */
export const freshOrderId = (now: Date): number => now.getTime() * 100 + randomInt(100);

/**
 * orders/create: the same order contents as a new order placed `now`: a new id (or `orderId`), name and
 * number, token, timestamps and line item ids (line items are keyed by id: reusing them would move them
 * from the previous run's order).
 */
export function asNewOrder(payload: Json, now: Date, orderId: number = freshOrderId(now)): Json {
  const out = withOrderId('orders/create', payload, orderId);
  const number = 100000 + randomInt(900000);
  out.name = `#${number}`;
  setIfPresent(out, 'order_number', number);
  setIfPresent(out, 'number', number - 1000);
  setIfPresent(out, 'token', randomBytes(16).toString('hex'));
  setIfPresent(out, 'confirmation_number', randomBytes(5).toString('hex').toUpperCase());
  for (const key of ['created_at', 'processed_at', 'updated_at']) setIfPresent(out, key, now.toISOString());
  if (Array.isArray(out.line_items)) {
    const base = freshOrderId(now) * 10;
    out.line_items.forEach((item, index) => {
      if (!isObject(item)) return;
      const id = base + index;
      item.id = id;
      setIfPresent(item, 'admin_graphql_api_id', `gid://shopify/LineItem/${id}`);
    });
  }
  return out;
}
