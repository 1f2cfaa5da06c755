// The payload schemas require only what the app cannot do without: for every fixture, any other
// top-level field can be missing (one at a time or all together) and the payload still validates;
// a missing required field is an error that names it. Processing is checked end to end in
// test/integration/webhooks/payload-tolerance.test.ts.
import { parseWebhookPayload, webhookTopics } from '../../../server/webhooks/schemas/index.js';
import {
  optionalFields,
  shopifyFixtures,
  topicFields,
  withoutFields,
} from '../../support/shopify-fixtures.js';

const fixtures = shopifyFixtures();

function errorOf(result: ReturnType<typeof parseWebhookPayload>): string {
  if (result.ok) throw new Error(`expected a validation failure, got ok for ${result.topic}`);
  return result.error;
}

describe('Shopify fixtures', () => {
  it('cover every subscribed topic, and the POS and draft-order variants of orders/create', () => {
    expect([...new Set(fixtures.map((f) => f.topic))].sort()).toEqual([...webhookTopics].sort());
    expect(fixtures.map((f) => f.name)).toEqual(
      expect.arrayContaining(['orders__create__pos', 'orders__create__draft_order']),
    );
  });

  it.each(fixtures.map((f) => [f.name, f]))('%s validates as sent', (_name, f) => {
    expect(parseWebhookPayload(f.topic, f.payload)).toMatchObject({ ok: true, topic: f.topic });
  });
});

describe.each(fixtures.map((f) => [f.name, f]))('%s', (_name, f) => {
  const optional = optionalFields(f);

  it('validates without any one field the app can do without', () => {
    const failures = optional.flatMap((field) => {
      const result = parseWebhookPayload(f.topic, withoutFields(f.payload, [field]));
      return result.ok ? [] : [`without ${field}: ${result.error}`];
    });
    expect(failures).toEqual([]);
  });

  it('validates without all of them at once', () => {
    const minimal = withoutFields(f.payload, optional);
    expect(Object.keys(minimal).sort()).toEqual([...topicFields[f.topic].required].sort());
    const result = parseWebhookPayload(f.topic, minimal);
    expect(result.ok ? 'ok' : result.error).toBe('ok');
  });

  it('names each missing required field', () => {
    for (const field of topicFields[f.topic].required) {
      const error = errorOf(parseWebhookPayload(f.topic, withoutFields(f.payload, [field])));
      expect(error).toContain(`${field}: is required`);
    }
  });
});

describe('defaults', () => {
  const pos = fixtures.find((f) => f.name === 'orders__create__pos')!;
  const order = fixtures.find((f) => f.name === 'orders__create')!;

  it('fills what an order without the optional fields leaves out', () => {
    const result = parseWebhookPayload('orders/create', withoutFields(order.payload, optionalFields(order)));
    if (!result.ok) throw new Error(result.error);
    expect(result.data).toEqual({
      id: '5789012345678',
      created_at: '2025-11-10T10:04:37-08:00',
      updated_at: '2025-11-10T10:04:38-08:00',
      name: '#5789012345678',
      currency: null,
      total_price: '0',
      subtotal_price: null,
      total_discounts: '0',
      financial_status: null,
      fulfillment_status: null,
      checkout_token: null,
      order_status_url: null,
      cancelled_at: null,
      closed_at: null,
      discount_codes: [],
      line_items: [],
      refunds: [],
      fulfillments: [],
    });
  });

  it('takes the name from order_number, the currency and total from total_price_set', () => {
    const result = parseWebhookPayload(
      'orders/create',
      withoutFields(order.payload, [
        'name',
        'currency',
        'presentment_currency',
        'total_price',
        'current_total_price',
      ]),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.data).toMatchObject({ name: '#1001', currency: 'USD', total_price: '76.43' });
  });

  it('reads a POS order: no customer, checkout, shipping address or order status page', () => {
    const result = parseWebhookPayload('orders/create', pos.payload);
    if (!result.ok) throw new Error(result.error);
    expect(result.data).toMatchObject({
      name: '#1003',
      checkout_token: null,
      order_status_url: null,
      total_price: '19.55',
    });
    expect(result.data.customer).toBeUndefined();
    expect(result.data.shipping_address).toBeUndefined();
  });

  it('keeps unknown fields, and still type-checks a field that is present', () => {
    const result = parseWebhookPayload('checkouts/update', {
      token: 'abc',
      updated_at: '2025-11-10T10:04:38-08:00',
      brand_new: { a: 1 },
    });
    if (!result.ok) throw new Error(result.error);
    expect(result.data).toMatchObject({
      brand_new: { a: 1 },
      buyer_accepts_sms_marketing: false,
      created_at: '2025-11-10T10:04:38-08:00',
    });
    expect(
      errorOf(parseWebhookPayload('orders/create', { ...order.payload, order_status_url: 'not a url' })),
    ).toContain('order_status_url: must be a URL');
  });
});
