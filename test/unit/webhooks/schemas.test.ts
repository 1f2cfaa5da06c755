import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import {
  decodeWebhookJson,
  isWebhookTopic,
  parseWebhookPayload,
  webhookTopics,
  type WebhookParseResult,
  type WebhookPayload,
  type WebhookTopic,
} from '../../../server/webhooks/schemas/index.js';

const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/shopify/', import.meta.url));

type Json = Record<string, unknown>;
const fixture = (topic: WebhookTopic): Json =>
  JSON.parse(readFileSync(`${FIXTURE_DIR}${topic.replace('/', '__')}.json`, 'utf8')) as Json;

/** Parses a fixture and fails the test with the validation error if it does not parse. */
function parsed<T extends WebhookTopic>(topic: T, payload: unknown = fixture(topic)): WebhookPayload<T> {
  const result = parseWebhookPayload(topic, payload);
  if (!result.ok) throw new Error(result.error);
  return result.data as WebhookPayload<T>;
}

function failure(result: WebhookParseResult): string {
  if (result.ok) throw new Error(`expected a validation failure, got ok for ${result.topic}`);
  return result.error;
}

const withField = (base: Json, key: string, value: unknown): Json => ({ ...base, [key]: value });
const withoutField = (base: Json, key: string): Json => {
  const copy = { ...base };
  delete copy[key];
  return copy;
};

describe('Shopify webhook fixtures', () => {
  it.each(webhookTopics.map((t) => [t]))('%s fixture parses with its topic schema', (topic) => {
    const result = parseWebhookPayload(topic, fixture(topic));
    expect(result).toMatchObject({ ok: true, topic });
  });

  it('chain together: same customer, checkout, order, fulfillment and shop across topics', () => {
    const customer = parsed('customers/create');
    const consent = parsed('customers_marketing_consent/update');
    const checkout = parsed('checkouts/update');
    const order = parsed('orders/create');
    const fulfillment = parsed('fulfillments/create');
    const event = parsed('fulfillment_events/create');
    const cancelled = parsed('orders/cancelled');
    const dataRequest = parsed('customers/data_request');
    const redact = parsed('customers/redact');
    const shop = parsed('app/uninstalled');

    expect(customer.id).toBe('7345678901234');
    expect(consent.id).toBe(customer.id);
    expect(checkout.customer?.id).toBe(customer.id);
    expect(order.customer?.id).toBe(customer.id);
    expect(cancelled.customer?.id).toBe(customer.id);
    expect(order.checkout_token).toBe(checkout.token);
    // checkout_id is not read by the app: it passes through as sent.
    expect(String(order['checkout_id'])).toBe(checkout.id);
    expect(fulfillment.order_id).toBe(order.id);
    expect(event.fulfillment_id).toBe(fulfillment.id);
    expect(event.order_id).toBe(order.id);
    expect(event.shop_id).toBe(shop.id);
    expect(dataRequest.customer.id).toBe(customer.id);
    expect(dataRequest.orders_requested).toEqual([order.id, cancelled.id]);
    expect(redact.orders_to_redact).toEqual([order.id, cancelled.id]);
    expect(shop.myshopify_domain).toBe('demo.myshopify.com');
    expect(dataRequest.shop_domain).toBe('demo.myshopify.com');
    expect(parsed('shop/redact').shop_id).toBe(shop.id);
  });

  it('uses phone numbers libphonenumber accepts as valid', () => {
    const phones = [
      parsed('customers/create').phone,
      parsed('customers_marketing_consent/update').phone,
      parsed('checkouts/update').sms_marketing_phone,
      parsed('orders/create').shipping_address?.phone,
    ];
    for (const phone of phones) {
      expect(parsePhoneNumberFromString(phone ?? '')?.isValid()).toBe(true);
    }
  });

  it('keeps the fields the app reads, typed and id-normalised', () => {
    const order = parsed('orders/create');
    expect(order.id).toBe('5789012345678');
    expect(order.name).toBe('#1001');
    expect(order.total_price).toBe('76.43');
    expect(order.financial_status).toBe('paid');
    expect(order.fulfillment_status).toBeNull();
    expect(order.cancelled_at).toBeNull();
    expect(order.discount_codes).toEqual([{ code: 'WELCOME10', amount: '7.40', type: 'percentage' }]);
    expect(
      order.line_items.map((li) => [li.id, li.product_id, li.variant_id, li.quantity, li.price]),
    ).toEqual([
      ['14567890123456', '8901234567890', '45678901234567', 2, '28.00'],
      ['14567890123457', '8901234567891', '45678901234568', 1, '18.00'],
    ]);
    // Webhook line items carry no product_type.
    expect(order.line_items.some((li) => 'product_type' in li)).toBe(false);
    // API 2025-01+ customer payloads have no consent blocks or tags.
    expect(order.customer?.sms_marketing_consent).toBeUndefined();

    const fulfilled = parsed('orders/fulfilled');
    expect(fulfilled.fulfillment_status).toBe('fulfilled');
    expect(fulfilled.fulfillments?.[0]).toMatchObject({
      id: '5123456789012',
      tracking_number: '1Z999AA10123456784',
      status: 'success',
    });

    const cancelled = parsed('orders/cancelled');
    expect(cancelled).toMatchObject({ cancel_reason: 'customer', financial_status: 'refunded' });
    expect(cancelled.refunds?.[0]?.transactions?.[0]).toMatchObject({
      kind: 'refund',
      amount: '24.31',
      status: 'success',
    });

    expect(parsed('fulfillment_events/create')).toMatchObject({
      status: 'out_for_delivery',
      estimated_delivery_at: '2025-11-13T20:00:00-08:00',
    });
    expect(parsed('customers_marketing_consent/update').sms_marketing_consent).toEqual({
      state: 'subscribed',
      opt_in_level: 'single_opt_in',
      consent_updated_at: '2025-11-10T10:04:35-08:00',
      consent_collected_from: 'shopify',
    });
  });

  it('passes unknown fields through untouched', () => {
    const order = parsed('orders/create');
    expect(order['confirmation_number']).toBe('K7QX2M9PB');
    expect(
      parsed('orders/create', withField(fixture('orders/create'), 'brand_new_field', { a: 1 }))[
        'brand_new_field'
      ],
    ).toEqual({ a: 1 });
  });
});

describe('parseWebhookPayload rejects malformed payloads with the field path', () => {
  it('missing id', () => {
    const error = failure(parseWebhookPayload('orders/create', withoutField(fixture('orders/create'), 'id')));
    expect(error).toContain('Invalid orders/create payload');
    expect(error).toContain('id: is required');
  });

  it('total_price of the wrong type', () => {
    const error = failure(
      parseWebhookPayload('orders/paid', withField(fixture('orders/paid'), 'total_price', 76.43)),
    );
    expect(error).toContain('total_price: must be a decimal string such as "19.99"');
    expect(
      failure(parseWebhookPayload('orders/paid', withField(fixture('orders/paid'), 'total_price', '76,43'))),
    ).toContain('total_price:');
  });

  it('nested fields report their full path', () => {
    const order = fixture('orders/create');
    const lines = order['line_items'] as Json[];
    // A missing price defaults to "0"; a price of the wrong type is an error.
    const badLine = withField(lines[1] as Json, 'price', 28);
    const error = failure(
      parseWebhookPayload('orders/create', withField(order, 'line_items', [lines[0], badLine])),
    );
    expect(error).toContain('line_items.1.price:');

    const consent = fixture('customers_marketing_consent/update');
    const badState = withField(consent, 'sms_marketing_consent', {
      state: 'opted_in',
      opt_in_level: null,
      consent_updated_at: null,
    });
    expect(failure(parseWebhookPayload('customers_marketing_consent/update', badState))).toContain(
      'sms_marketing_consent.state:',
    );

    const badTime = withField(fixture('fulfillment_events/create'), 'happened_at', '13/11/2025 08:12');
    expect(failure(parseWebhookPayload('fulfillment_events/create', badTime))).toContain(
      'happened_at: must be an ISO 8601 timestamp',
    );

    const badPhone = withField(fixture('customers/update'), 'phone', '415-555-0142');
    expect(failure(parseWebhookPayload('customers/update', badPhone))).toContain(
      'phone: must be a phone number in E.164 format',
    );
  });

  it.each([
    ['a string', 'not json'],
    ['null', null],
    ['an array', []],
    ['a number', 42],
  ])('a payload that is %s', (_label, payload) => {
    const error = failure(parseWebhookPayload('customers/create', payload));
    expect(error).toContain('(payload): Invalid input: expected object');
  });

  it('an unknown topic', () => {
    expect(isWebhookTopic('orders/delete')).toBe(false);
    const result = parseWebhookPayload('orders/delete', { id: 1 });
    expect(result).toEqual({
      ok: false,
      error: 'Unsupported topic: (topic): unsupported webhook topic "orders/delete"',
      issues: [{ path: '(topic)', message: 'unsupported webhook topic "orders/delete"' }],
    });
  });
});

describe('ids', () => {
  it('normalises numeric and digit-string ids to strings', () => {
    expect(parsed('customers/delete', { id: 7345678901234 }).id).toBe('7345678901234');
    expect(parsed('customers/delete', { id: '7345678901234' }).id).toBe('7345678901234');
    expect(parsed('customers/delete', { id: '98765432109876543210' }).id).toBe('98765432109876543210');
    expect(parsed('customers/delete', { id: 0 }).id).toBe('0');
    const redact = parsed('customers/redact', {
      ...fixture('customers/redact'),
      orders_to_redact: [5789012345678, '5789012345679'],
    });
    expect(redact.orders_to_redact).toEqual(['5789012345678', '5789012345679']);
  });

  it.each([
    ['a negative number', -5],
    ['a fraction', 12.5],
    ['a non-digit string', 'gid://shopify/Customer/1'],
    ['a boolean', true],
  ])('rejects %s', (_label, id) => {
    expect(failure(parseWebhookPayload('customers/delete', { id }))).toContain(
      'id: must be a Shopify numeric id',
    );
  });

  it('accepts a JSON number above 2^53 - 1 and writes it out without exponent notation', () => {
    // JSON.parse has already rounded 9007199254740993; decodeWebhookJson avoids that (see lossless-json.test.ts).
    const payload: unknown = JSON.parse('{"id": 9007199254740993}');
    expect(parsed('customers/delete', payload).id).toBe('9007199254740992');
    expect(parsed('customers/delete', { id: 1e21 }).id).toBe('1000000000000000000000');
  });
});

describe("Shopify's real nullability", () => {
  it('reads an empty-array checkout address as null and accepts a checkout before contact details', () => {
    const created = parsed('checkouts/create');
    expect(created.shipping_address).toBeNull();
    expect(created.sms_marketing_phone).toBeNull();
    expect(created.buyer_accepts_sms_marketing).toBe(false);
    expect(created.completed_at).toBeNull();
  });

  it('accepts a checkout without id (removed from checkout webhooks in API 2026-04)', () => {
    const checkout = parsed('checkouts/update', withoutField(fixture('checkouts/update'), 'id'));
    expect(checkout.id).toBeUndefined();
    expect(checkout.token).toBe('4f2b8c1d9e7a6b5c3d2e1f0a9b8c7d6e');
  });

  it('accepts a guest order without customer and with null addresses', () => {
    const guest = {
      ...withoutField(fixture('orders/create'), 'customer'),
      billing_address: null,
      shipping_address: null,
      email: null,
    };
    const order = parsed('orders/create', guest);
    expect(order.customer).toBeUndefined();
    expect(order.shipping_address).toBeNull();
  });

  it("accepts Shopify's documented consent sample (null state, 18-digit id) decoded losslessly", () => {
    const body =
      '{"id":706405506930370084,"phone":null,"sms_marketing_consent":{"state":null,"opt_in_level":null,"consent_updated_at":null,"consent_collected_from":"other"}}';
    const decoded = decodeWebhookJson(body);
    if (!decoded.ok) throw new Error(decoded.error);
    const consent = parsed('customers_marketing_consent/update', decoded.value);
    expect(consent).toMatchObject({ id: '706405506930370084', phone: null });
    expect(consent.sms_marketing_consent.state).toBeNull();
  });

  it("accepts the quirks of Shopify's documented order sample", () => {
    const base = fixture('orders/create');
    const lines = base['line_items'] as Json[];
    const quirky = {
      ...base,
      financial_status: 'voided',
      cancel_reason: 'customer',
      cancelled_at: '2021-12-31T19:00:00-05:00',
      customer: { ...(base['customer'] as Json), created_at: null, updated_at: null, phone: null },
      shipping_address: {
        ...(base['shipping_address'] as Json),
        phone: '555-555-SHIP',
        latitude: null,
        longitude: null,
      },
      line_items: [{ ...(lines[0] as Json), variant_id: null, vendor: null, variant_title: null, sku: null }],
    };
    const order = parsed('orders/cancelled', quirky);
    expect(order.line_items[0]).toMatchObject({ variant_id: null, vendor: null });
    expect(order.customer?.created_at).toBeNull();
    expect(order.shipping_address?.phone).toBe('555-555-SHIP');
  });

  it('still reads consent blocks in customer payloads from API versions before 2025-01', () => {
    const legacy = {
      ...fixture('customers/update'),
      tags: 'vip, sms',
      sms_marketing_consent: {
        state: 'subscribed',
        opt_in_level: 'single_opt_in',
        consent_updated_at: '2024-06-01T12:00:00-04:00',
        consent_collected_from: 'OTHER',
      },
      email_marketing_consent: {
        state: 'not_subscribed',
        opt_in_level: 'single_opt_in',
        consent_updated_at: null,
      },
    };
    const customer = parsed('customers/update', legacy);
    expect(customer.sms_marketing_consent?.state).toBe('subscribed');
    expect(customer.email_marketing_consent?.state).toBe('not_subscribed');
    expect(customer.tags).toBe('vip, sms');
  });

  it('accepts delivered fulfillment events and a failed bulk operation', () => {
    const delivered = parsed('fulfillment_events/create', {
      ...fixture('fulfillment_events/create'),
      status: 'delivered',
      estimated_delivery_at: null,
      message: null,
    });
    expect(delivered.status).toBe('delivered');
    const failed = parsed('bulk_operations/finish', {
      ...fixture('bulk_operations/finish'),
      status: 'failed',
      error_code: 'timeout',
      completed_at: null,
    });
    expect(failed).toMatchObject({ status: 'failed', error_code: 'timeout' });
  });
});

describe('result typing', () => {
  it('narrows data by topic', () => {
    const topic: string = 'fulfillments/update';
    const result = parseWebhookPayload(topic, fixture('fulfillments/update'));
    let summary = '';
    if (result.ok && result.topic === 'fulfillments/update') {
      // Compile-time check: data is the fulfillment payload here.
      const tracking: string | null = result.data.tracking_number;
      summary = `${result.data.shipment_status ?? 'none'} ${tracking ?? ''}`;
    }
    expect(summary).toBe('in_transit 1Z999AA10123456784');
  });
});
