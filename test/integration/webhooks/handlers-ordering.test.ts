// Deliveries of the same version (equal updated_at) with different content: X-Shopify-Triggered-At
// decides, whatever the arrival order; an older updated_at loses whatever its triggered_at; a stored
// NULL triggered_at loses to any known one, an incoming NULL applies on a tie (as before) but never
// erases a known one. Real database, real handlers (see notOlderThanStored in server/store/sql.ts).
import type { WebhookTopic } from '../../../server/webhooks/schemas/index.js';
import { fixture, ids, startHarness, type Harness, type Json } from './handlers-support.js';

const T1 = new Date('2025-11-13T21:41:06Z');
const T2 = new Date('2025-11-13T21:41:09Z');
const T3 = new Date('2025-11-20T00:00:00Z');

interface Delivery {
  payload: Json;
  triggeredAt: Date | null;
}

describe('store mirror: triggered_at breaks updated_at ties (real database)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Delivers `deliveries` in the given order to a fresh shop and returns the shop's id. */
  async function deliverInOrder(topic: WebhookTopic, deliveries: Delivery[]): Promise<string> {
    const shop = await h.createShop();
    for (const d of deliveries)
      await h.deliver(topic, d.payload, { shopId: shop.id, triggeredAt: d.triggeredAt });
    return shop.id;
  }

  const orderState = async (shopId: string) => ({
    ...(await h.one<Json>(
      `SELECT financial_status, fulfillment_status, phone, total_price, shopify_updated_at, source_triggered_at
       FROM orders WHERE shop_id = $1 AND id = $2`,
      [shopId, ids.order1001],
    )),
    lines: (
      await h.rows<{ id: string }>(
        `SELECT id FROM order_line_items WHERE shop_id = $1 AND order_id = $2 ORDER BY id`,
        [shopId, ids.order1001],
      )
    ).map((r) => r.id),
    totalSpent: (
      await h.one<{ total_spent: string }>(
        `SELECT total_spent FROM customers WHERE shop_id = $1 AND id = $2`,
        [shopId, ids.customer],
      )
    ).total_spent,
  });

  it('orders: of two payloads with the same updated_at the later-triggered one wins in both arrival orders; an older updated_at loses', async () => {
    const base = fixture('orders/updated');
    const [first, second] = base.line_items as Json[];
    // Triggered first: one item only, not yet fulfilled. Triggered last: both items, fulfilled, a phone.
    const early: Delivery = {
      payload: {
        ...base,
        fulfillment_status: null,
        financial_status: 'pending',
        total_price: '30.00',
        line_items: [first],
        fulfillments: [],
      },
      triggeredAt: T1,
    };
    const late: Delivery = { payload: { ...base, phone: '+14155550199' }, triggeredAt: T2 };
    const expected = {
      financial_status: 'paid',
      fulfillment_status: 'fulfilled',
      phone: '+14155550199',
      total_price: '76.43',
      shopify_updated_at: new Date('2025-11-13T21:41:05Z'),
      source_triggered_at: T2,
      lines: [first!.id, second!.id].map(String).sort(),
      totalSpent: '76.43',
    };

    expect(await orderState(await deliverInOrder('orders/updated', [early, late]))).toEqual(expected);
    const shopId = await deliverInOrder('orders/updated', [late, early]);
    expect(await orderState(shopId)).toEqual(expected);

    // A retry of an older version triggered later still loses: updated_at comes first.
    const older = { ...early.payload, updated_at: '2025-11-13T13:41:04-08:00' };
    await h.deliver('orders/updated', older, { shopId, triggeredAt: T3 });
    expect(await orderState(shopId)).toEqual(expected);
  });

  it('orders: a stored NULL triggered_at loses to a known one; an incoming NULL applies but never erases the stored one', async () => {
    const base = fixture('orders/updated');
    const shopId = await deliverInOrder('orders/updated', [
      { payload: { ...base, financial_status: 'pending' }, triggeredAt: null }, // e.g. seeded or without the header
      { payload: { ...base, financial_status: 'authorized' }, triggeredAt: T2 },
    ]);
    expect(await orderState(shopId)).toMatchObject({
      financial_status: 'authorized',
      source_triggered_at: T2,
    });
    // Same version without a triggered_at (as the bulk backfill writes): applied as before, T2 kept...
    await h.deliver('orders/updated', { ...base, financial_status: 'paid' }, { shopId, triggeredAt: null });
    expect(await orderState(shopId)).toMatchObject({ financial_status: 'paid', source_triggered_at: T2 });
    // ...so a late retry of an event triggered before T2 still loses.
    await h.deliver('orders/updated', { ...base, financial_status: 'voided' }, { shopId, triggeredAt: T1 });
    expect(await orderState(shopId)).toMatchObject({ financial_status: 'paid', source_triggered_at: T2 });
  });

  it('customers: the later-triggered payload of the same version wins, tags included, in both arrival orders', async () => {
    const base = fixture('customers/update');
    const early: Delivery = { payload: { ...base, first_name: 'Early', tags: 'early' }, triggeredAt: T1 };
    const late: Delivery = { payload: { ...base, first_name: 'Late', tags: 'late, vip' }, triggeredAt: T2 };
    const state = (shopId: string) =>
      h.one<Json>(
        `SELECT first_name, tags, source_triggered_at FROM customers WHERE shop_id = $1 AND id = $2`,
        [shopId, ids.customer],
      );
    const expected = { first_name: 'Late', tags: ['late', 'vip'], source_triggered_at: T2 };

    expect(await state(await deliverInOrder('customers/update', [early, late]))).toEqual(expected);
    const shopId = await deliverInOrder('customers/update', [late, early]);
    expect(await state(shopId)).toEqual(expected);
    await h.deliver(
      'customers/update',
      { ...base, updated_at: '2025-11-12T09:20:02-08:00', first_name: 'Older' },
      { shopId, triggeredAt: T3 },
    );
    expect(await state(shopId)).toEqual(expected);
  });

  it('checkouts: the later-triggered payload of the same version wins in both arrival orders', async () => {
    const base = fixture('checkouts/update');
    const early: Delivery = {
      payload: { ...base, total_price: '10.00', buyer_accepts_sms_marketing: false },
      triggeredAt: T1,
    };
    const late: Delivery = {
      payload: { ...base, total_price: '79.37', phone: '+14155550199' },
      triggeredAt: T2,
    };
    const state = (shopId: string) =>
      h.one<Json>(
        `SELECT total_price, phone, buyer_accepts_sms_marketing, source_triggered_at FROM checkouts WHERE shop_id = $1 AND token = $2`,
        [shopId, ids.checkoutToken],
      );
    const expected = {
      total_price: '79.37',
      phone: '+14155550199',
      buyer_accepts_sms_marketing: true,
      source_triggered_at: T2,
    };

    expect(await state(await deliverInOrder('checkouts/update', [early, late]))).toEqual(expected);
    const shopId = await deliverInOrder('checkouts/update', [late, early]);
    expect(await state(shopId)).toEqual(expected);
    await h.deliver(
      'checkouts/update',
      { ...base, updated_at: '2025-11-10T10:01:46-08:00', total_price: '1.00' },
      { shopId, triggeredAt: T3 },
    );
    expect(await state(shopId)).toEqual(expected);
  });
});
