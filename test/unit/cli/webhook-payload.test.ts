// `npm run webhook` payload edits: --phone / --customer aim a fixture at a given customer, and an
// orders/create fixture becomes a new order on every run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  asNewOrder,
  isShopperTopic,
  retarget,
  takesOrderId,
  withOrderId,
  type Json,
} from '../../../server/cli/webhook-payload.js';
import { fixturesDir } from '../../../server/paths.js';

const fixture = (topic: string): Json =>
  JSON.parse(readFileSync(join(fixturesDir, 'shopify', `${topic.replace('/', '__')}.json`), 'utf8')) as Json;
const PHONE = '+14155550777';

/** Every value under a key named `key`, with its path. */
function valuesOf(value: unknown, key: string, path = ''): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => valuesOf(v, key, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k === key ? [[`${path}.${k}`, v] as [string, unknown]] : []),
    ...valuesOf(v, key, `${path}.${k}`),
  ]);
}

describe('retarget', () => {
  it('replaces the order, customer, shipping and billing phones of an order, and its customer id', () => {
    const original = fixture('orders/create');
    const out = retarget('orders/create', original, { phone: PHONE, customerId: 7000000000004 });
    expect(valuesOf(out, 'phone')).toEqual([
      ['.phone', PHONE],
      ['.billing_address.phone', PHONE],
      ['.customer.phone', PHONE],
      ['.customer.default_address.phone', PHONE],
      ['.shipping_address.phone', PHONE],
      ['.shipping_lines[0].phone', null], // a shipping line's phone is the carrier's business
    ]);
    const customer = out.customer as Json;
    expect(customer).toMatchObject({
      id: 7000000000004,
      admin_graphql_api_id: 'gid://shopify/Customer/7000000000004',
    });
    expect((customer.default_address as Json).customer_id).toBe(7000000000004);
    expect(out.id).toBe(original.id); // nothing else changes
    expect((original.customer as Json).id).toBe(7345678901234); // the input is not modified
  });

  it('treats the payload as the customer for customers/* topics, and phones of checkouts and fulfillments', () => {
    const customer = retarget('customers/update', fixture('customers/update'), {
      phone: PHONE,
      customerId: 42,
    });
    expect(customer.id).toBe(42);
    expect(valuesOf(customer, 'customer_id').map(([, v]) => v)).toEqual([42, 42]);
    expect(valuesOf(customer, 'phone').map(([, v]) => v)).toEqual([PHONE, PHONE, PHONE]);
    const checkout = retarget('checkouts/update', fixture('checkouts/update'), { phone: PHONE });
    expect(checkout).toMatchObject({
      phone: PHONE,
      sms_marketing_phone: PHONE,
      shipping_address: { phone: PHONE },
      customer: { phone: PHONE },
    });
    expect(retarget('fulfillments/create', fixture('fulfillments/create'), { phone: PHONE })).toMatchObject({
      destination: { phone: PHONE },
    });
  });

  it('knows which topics are about a shopper, and which name an order', () => {
    expect(
      ['orders/create', 'checkouts/update', 'customers/create', 'fulfillments/create'].every(isShopperTopic),
    ).toBe(true);
    expect(['app/uninstalled', 'shop/redact', 'bulk_operations/finish'].some(isShopperTopic)).toBe(false);
    expect(['orders/paid', 'fulfillments/update', 'fulfillment_events/create'].every(takesOrderId)).toBe(
      true,
    );
    expect(takesOrderId('checkouts/create')).toBe(false);
    expect(withOrderId('fulfillments/create', fixture('fulfillments/create'), 123).order_id).toBe(123);
  });
});

describe('asNewOrder', () => {
  it('gives the order a new identity placed now, keeping its contents', () => {
    const original = fixture('orders/create');
    const now = new Date('2026-01-15T10:00:00.000Z');
    const a = asNewOrder(original, now);
    const b = asNewOrder(original, now);
    expect(a.id).not.toBe(original.id);
    expect(a.id).not.toBe(b.id);
    expect(Number.isSafeInteger(a.id)).toBe(true);
    expect(a.admin_graphql_api_id).toBe(`gid://shopify/Order/${String(a.id)}`);
    expect(a.name).toMatch(/^#\d{6}$/);
    expect(a.order_number).toBe(Number(String(a.name).slice(1)));
    expect(a.token).not.toBe(original.token);
    expect(a).toMatchObject({
      created_at: now.toISOString(),
      processed_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    const ids = (a.line_items as Json[]).map((item) => item.id);
    expect(new Set([...ids, ...(original.line_items as Json[]).map((item) => item.id)]).size).toBe(4);
    expect(ids.every((id) => Number.isSafeInteger(id))).toBe(true);
    expect(a).toMatchObject({
      total_price: original.total_price,
      customer: original.customer,
      line_items: [{ title: 'Organic Cotton Tee' }, { title: 'Canvas Tote Bag' }],
    });
    expect(asNewOrder(original, now, 999).id).toBe(999);
  });
});
