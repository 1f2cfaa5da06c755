// Store-mirror handlers on a real database: orders, customers, aggregates, checkouts, fulfillments,
// consent cache and bulk operations, under duplicate and out-of-order delivery.
import { findAggregateDrift, recomputeCustomerAggregates } from '../../../server/store/index.js';
import { verifyShopAggregates } from '../../../server/jobs/mirror-jobs.js';
import { fixture, ids, startHarness, type Harness, type Json } from './handlers-support.js';

describe('store mirror webhook handlers (real database)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const customerRow = (shopId: string) =>
    h.one<{
      orders_count: number;
      total_spent: string;
      first_order_at: Date | null;
      last_order_at: Date | null;
      last_order_id: string | null;
      email: string | null;
      phone: string | null;
      first_name: string | null;
      deleted_at: Date | null;
      sms_consent_state: string | null;
      zip: string | null;
    }>(
      `SELECT orders_count, total_spent, first_order_at, last_order_at, last_order_id, email, phone, first_name, deleted_at, sms_consent_state, zip
       FROM customers WHERE shop_id = $1 AND id = $2`,
      [shopId, ids.customer],
    );
  const products = async (shopId: string) =>
    (
      await h.rows<{ product_id: string; first: string; last: string }>(
        `SELECT product_id, to_char(first_purchased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS first,
                to_char(last_purchased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS last
         FROM purchased_products WHERE shop_id = $1 AND customer_id = $2 ORDER BY product_id`,
        [shopId, ids.customer],
      )
    ).map((r) => `${r.product_id} ${r.first} ${r.last}`);

  /** #1002 as it was before it was cancelled and refunded. */
  const order1002Placed = (): Json => ({
    ...fixture('orders/cancelled'),
    cancelled_at: null,
    closed_at: null,
    cancel_reason: null,
    refunds: [],
    financial_status: 'paid',
    updated_at: '2025-11-12T08:47:04-08:00',
  });

  it('orders/create stores the order, its line items, a customer row from the embedded customer and exact aggregates', async () => {
    const shop = await h.createShop();
    await h.deliver('orders/create', fixture('orders/create'), { shopId: shop.id });

    const order = await h.one<Json>(
      `SELECT customer_id, name, email, currency, total_price, subtotal_price, total_discounts, refunded_amount, discount_codes,
              financial_status, fulfillment_status, checkout_token, shopify_created_at, cancelled_at
       FROM orders WHERE shop_id = $1 AND id = $2`,
      [shop.id, ids.order1001],
    );
    expect(order).toEqual({
      customer_id: ids.customer,
      name: '#1001',
      email: ids.email,
      currency: 'USD',
      total_price: '76.43',
      subtotal_price: '66.60',
      total_discounts: '7.40',
      refunded_amount: '0.00',
      discount_codes: ['WELCOME10'],
      financial_status: 'paid',
      fulfillment_status: null,
      checkout_token: ids.checkoutToken,
      shopify_created_at: new Date('2025-11-10T18:04:37Z'),
      cancelled_at: null,
    });
    const lines = await h.rows(
      `SELECT id, product_id, variant_id, title, vendor, quantity, price FROM order_line_items WHERE shop_id = $1 AND order_id = $2 ORDER BY id`,
      [shop.id, ids.order1001],
    );
    expect(lines).toEqual([
      {
        id: '14567890123456',
        product_id: ids.tee,
        variant_id: '45678901234567',
        title: 'Organic Cotton Tee',
        vendor: 'Demo Goods Co.',
        quantity: 2,
        price: '28.00',
      },
      {
        id: '14567890123457',
        product_id: ids.tote,
        variant_id: '45678901234568',
        title: 'Canvas Tote Bag',
        vendor: 'Demo Goods Co.',
        quantity: 1,
        price: '18.00',
      },
    ]);
    const customer = await customerRow(shop.id);
    expect(customer).toMatchObject({
      orders_count: 1,
      total_spent: '76.43',
      first_order_at: new Date('2025-11-10T18:04:37Z'),
      last_order_at: new Date('2025-11-10T18:04:37Z'),
      last_order_id: ids.order1001,
      email: ids.email,
      phone: ids.phone,
      first_name: 'Jane',
      zip: '94104',
    });
    expect(await products(shop.id)).toEqual([
      `${ids.tee} 2025-11-10T18:04:37 2025-11-10T18:04:37`,
      `${ids.tote} 2025-11-10T18:04:37 2025-11-10T18:04:37`,
    ]);
  });

  it('orders/updated before its orders/create ends in the newest state; the late create changes nothing', async () => {
    const shop = await h.createShop();
    await h.deliver('orders/updated', fixture('orders/updated'), { shopId: shop.id });
    await h.deliver('orders/create', fixture('orders/create'), { shopId: shop.id });
    await h.deliver('orders/paid', fixture('orders/paid'), { shopId: shop.id });
    const order = await h.one<Json>(
      `SELECT fulfillment_status, shopify_updated_at FROM orders WHERE shop_id = $1 AND id = $2`,
      [shop.id, ids.order1001],
    );
    expect(order).toEqual({
      fulfillment_status: 'fulfilled',
      shopify_updated_at: new Date('2025-11-13T21:41:05Z'),
    });
    // The fulfillment embedded in orders/updated is mirrored too.
    const fulfillment = await h.one<Json>(
      `SELECT shipment_status, tracking_company FROM fulfillments WHERE shop_id = $1 AND id = $2`,
      [shop.id, ids.fulfillment],
    );
    expect(fulfillment).toEqual({ shipment_status: 'delivered', tracking_company: 'UPS' });
    expect(await customerRow(shop.id)).toMatchObject({ orders_count: 1, total_spent: '76.43' });
  });

  it('a stale update (older updated_at) overwrites neither the order nor its line items', async () => {
    const shop = await h.createShop();
    await h.deliver('orders/updated', fixture('orders/updated'), { shopId: shop.id });
    const stale = fixture('orders/updated');
    const staleLines = (stale.line_items as Json[]).slice(0, 1);
    await h.deliver(
      'orders/updated',
      {
        ...stale,
        updated_at: '2025-11-11T00:00:00-08:00',
        total_price: '999.00',
        fulfillment_status: null,
        line_items: staleLines,
      },
      { shopId: shop.id, triggeredAt: new Date('2025-11-14T00:00:00Z') },
    );
    const order = await h.one<Json>(
      `SELECT total_price, fulfillment_status FROM orders WHERE shop_id = $1 AND id = $2`,
      [shop.id, ids.order1001],
    );
    expect(order).toEqual({ total_price: '76.43', fulfillment_status: 'fulfilled' });
    const lines = await h.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM order_line_items WHERE shop_id = $1 AND order_id = $2`,
      [shop.id, ids.order1001],
    );
    expect(lines.n).toBe(2);
    expect(await customerRow(shop.id)).toMatchObject({ orders_count: 1, total_spent: '76.43' });
  });

  it('duplicate deliveries never double count', async () => {
    const shop = await h.createShop();
    for (let i = 0; i < 3; i++)
      await h.deliver('orders/create', fixture('orders/create'), { shopId: shop.id });
    await h.deliver('orders/paid', fixture('orders/paid'), { shopId: shop.id });
    await h.deliver('orders/fulfilled', fixture('orders/fulfilled'), { shopId: shop.id });
    await h.deliver('orders/fulfilled', fixture('orders/fulfilled'), { shopId: shop.id });
    expect(await customerRow(shop.id)).toMatchObject({
      orders_count: 1,
      total_spent: '76.43',
      last_order_id: ids.order1001,
    });
    const counts = await h.one<Json>(
      `SELECT (SELECT count(*)::int FROM orders WHERE shop_id = $1) AS orders,
              (SELECT count(*)::int FROM order_line_items WHERE shop_id = $1) AS lines,
              (SELECT count(*)::int FROM purchased_products WHERE shop_id = $1) AS products`,
      [shop.id],
    );
    expect(counts).toEqual({ orders: 1, lines: 2, products: 2 });
  });

  it('cancellation and refunds adjust orders_count, total_spent, last order and purchased products', async () => {
    const shop = await h.createShop();
    await h.deliver('orders/create', fixture('orders/create'), { shopId: shop.id });
    await h.deliver('orders/create', order1002Placed(), { shopId: shop.id });
    expect(await customerRow(shop.id)).toMatchObject({
      orders_count: 2,
      total_spent: '100.74',
      last_order_id: ids.order1002,
      last_order_at: new Date('2025-11-12T16:47:03Z'),
    });
    expect(await products(shop.id)).toEqual([
      `${ids.tee} 2025-11-10T18:04:37 2025-11-10T18:04:37`,
      `${ids.tote} 2025-11-10T18:04:37 2025-11-12T16:47:03`,
    ]);

    await h.deliver('orders/cancelled', fixture('orders/cancelled'), { shopId: shop.id });
    const cancelled = await h.one<Json>(
      `SELECT refunded_amount, cancelled_at FROM orders WHERE shop_id = $1 AND id = $2`,
      [shop.id, ids.order1002],
    );
    expect(cancelled).toEqual({ refunded_amount: '24.31', cancelled_at: new Date('2025-11-12T17:15:40Z') });
    expect(await customerRow(shop.id)).toMatchObject({
      orders_count: 1,
      total_spent: '76.43',
      last_order_id: ids.order1001,
    });
    expect(await products(shop.id)).toEqual([
      `${ids.tee} 2025-11-10T18:04:37 2025-11-10T18:04:37`,
      `${ids.tote} 2025-11-10T18:04:37 2025-11-10T18:04:37`,
    ]);

    // A partial refund on #1001 (successful refund transactions only) is netted out.
    const refunded = {
      ...fixture('orders/updated'),
      updated_at: '2025-11-14T09:00:00-08:00',
      financial_status: 'partially_refunded',
      refunds: [
        {
          id: 1023456789099,
          order_id: Number(ids.order1001),
          created_at: '2025-11-14T09:00:00-08:00',
          transactions: [
            { id: 1, kind: 'refund', status: 'success', amount: '10.00', currency: 'USD' },
            { id: 2, kind: 'refund', status: 'failure', amount: '10.00', currency: 'USD' },
          ],
        },
      ],
    };
    await h.deliver('orders/updated', refunded, { shopId: shop.id });
    expect(await customerRow(shop.id)).toMatchObject({ orders_count: 1, total_spent: '66.43' });
    // The late "placed" version of #1002 cannot un-cancel it.
    await h.deliver('orders/create', order1002Placed(), { shopId: shop.id });
    expect(await customerRow(shop.id)).toMatchObject({ orders_count: 1, total_spent: '66.43' });
    expect(await findAggregateDrift(h.app.database.db, shop.id)).toEqual([]);
  });

  it('customers/create|update upsert by version; delete leaves an anonymous tombstone with its counts', async () => {
    const shop = await h.createShop();
    await h.deliver('customers/update', fixture('customers/update'), { shopId: shop.id });
    // The older create (and an older update) must not overwrite the newer update.
    await h.deliver(
      'customers/create',
      { ...fixture('customers/create'), first_name: 'Old' },
      { shopId: shop.id },
    );
    expect(await customerRow(shop.id)).toMatchObject({ first_name: 'Jane', email: ids.email });
    await h.deliver(
      'customers/update',
      {
        ...fixture('customers/update'),
        updated_at: '2025-11-15T00:00:00-08:00',
        first_name: 'Janet',
        tags: 'vip, sms',
      },
      { shopId: shop.id },
    );
    const tagged = await h.one<Json>(
      `SELECT first_name, tags FROM customers WHERE shop_id = $1 AND id = $2`,
      [shop.id, ids.customer],
    );
    expect(tagged).toEqual({ first_name: 'Janet', tags: ['vip', 'sms'] });
    // 2025-10 payloads carry no tags: existing tags are kept.
    await h.deliver(
      'customers/update',
      { ...fixture('customers/update'), updated_at: '2025-11-16T00:00:00-08:00' },
      { shopId: shop.id },
    );
    expect(
      (
        await h.one<Json>(`SELECT tags FROM customers WHERE shop_id = $1 AND id = $2`, [
          shop.id,
          ids.customer,
        ])
      ).tags,
    ).toEqual(['vip', 'sms']);

    await h.deliver('orders/create', fixture('orders/create'), { shopId: shop.id });
    await h.deliver('customers/delete', fixture('customers/delete'), {
      shopId: shop.id,
      triggeredAt: new Date('2025-11-20T00:00:00Z'),
    });
    // A retried update after the delete does not bring the data back.
    await h.deliver(
      'customers/update',
      { ...fixture('customers/update'), updated_at: '2025-11-21T00:00:00-08:00' },
      { shopId: shop.id },
    );
    expect(await customerRow(shop.id)).toMatchObject({
      email: null,
      phone: null,
      first_name: null,
      zip: null,
      deleted_at: new Date('2025-11-20T00:00:00Z'),
      orders_count: 1,
      total_spent: '76.43',
    });
  });

  it('checkouts are upserted with phones, SMS consent, recovery URL and address; a stale create changes nothing', async () => {
    const shop = await h.createShop();
    await h.deliver('checkouts/update', fixture('checkouts/update'), { shopId: shop.id });
    await h.deliver('checkouts/create', fixture('checkouts/create'), { shopId: shop.id });
    const row = await h.one<Json>(
      `SELECT checkout_id, customer_id, email, phone, sms_marketing_phone, buyer_accepts_sms_marketing, abandoned_checkout_url,
              total_price, currency, country_code, province_code, zip, completed_at, shopify_updated_at
       FROM checkouts WHERE shop_id = $1 AND token = $2`,
      [shop.id, ids.checkoutToken],
    );
    expect(row).toEqual({
      checkout_id: '36987654321012',
      customer_id: ids.customer,
      email: ids.email,
      phone: ids.phone,
      sms_marketing_phone: ids.phone,
      buyer_accepts_sms_marketing: true,
      abandoned_checkout_url: fixture('checkouts/update').abandoned_checkout_url as string,
      total_price: '79.37',
      currency: 'USD',
      country_code: 'US',
      province_code: 'CA',
      zip: '94104',
      completed_at: null,
      shopify_updated_at: new Date('2025-11-10T18:01:47Z'),
    });
    await h.deliver(
      'checkouts/update',
      {
        ...fixture('checkouts/update'),
        updated_at: '2025-11-10T10:05:00-08:00',
        completed_at: '2025-11-10T10:04:37-08:00',
      },
      { shopId: shop.id },
    );
    const done = await h.one<Json>(`SELECT completed_at FROM checkouts WHERE shop_id = $1 AND token = $2`, [
      shop.id,
      ids.checkoutToken,
    ]);
    expect(done.completed_at).toEqual(new Date('2025-11-10T18:04:37Z'));
  });

  it('fulfillments carry tracking; events move shipment_status forward only, in any arrival order', async () => {
    const shop = await h.createShop();
    const select = () =>
      h.one<Json>(
        `SELECT order_id, status, shipment_status, tracking_company, tracking_numbers, tracking_urls, item_count FROM fulfillments WHERE shop_id = $1 AND id = $2`,
        [shop.id, ids.fulfillment],
      );
    await h.deliver('fulfillments/create', fixture('fulfillments/create'), { shopId: shop.id });
    expect(await select()).toEqual({
      order_id: ids.order1001,
      status: 'success',
      shipment_status: null,
      tracking_company: 'UPS',
      tracking_numbers: ['1Z999AA10123456784'],
      tracking_urls: ['https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1Z999AA10123456784'],
      item_count: '3',
    });
    await h.deliver('fulfillments/update', fixture('fulfillments/update'), { shopId: shop.id });
    expect((await select()).shipment_status).toBe('in_transit');
    await h.deliver('fulfillment_events/create', fixture('fulfillment_events/create'), { shopId: shop.id });
    expect((await select()).shipment_status).toBe('out_for_delivery');
    // A late, older event and a late fulfillments/update do not turn the status back.
    await h.deliver(
      'fulfillment_events/create',
      {
        ...fixture('fulfillment_events/create'),
        id: 61234567890100,
        status: 'in_transit',
        created_at: '2025-11-12T06:00:00-08:00',
        updated_at: '2025-11-12T06:00:00-08:00',
      },
      { shopId: shop.id },
    );
    await h.deliver('fulfillments/update', fixture('fulfillments/update'), { shopId: shop.id });
    expect((await select()).shipment_status).toBe('out_for_delivery');

    // Event first, then the fulfillment itself: tracking is filled in, the newer status kept.
    const other = await h.createShop();
    await h.deliver('fulfillment_events/create', fixture('fulfillment_events/create'), { shopId: other.id });
    await h.deliver('fulfillments/create', fixture('fulfillments/create'), { shopId: other.id });
    const row = await h.one<Json>(
      `SELECT shipment_status, tracking_company, tracking_numbers, item_count, status FROM fulfillments WHERE shop_id = $1`,
      [other.id],
    );
    expect(row).toEqual({
      shipment_status: 'out_for_delivery',
      tracking_company: 'UPS',
      tracking_numbers: ['1Z999AA10123456784'],
      item_count: '3',
      status: 'success',
    });
  });

  it('customers_marketing_consent/update caches the SMS state (creating the customer if new)', async () => {
    const shop = await h.createShop();
    await h.deliver('customers_marketing_consent/update', fixture('customers_marketing_consent/update'), {
      shopId: shop.id,
    });
    expect(await customerRow(shop.id)).toMatchObject({ sms_consent_state: 'subscribed', phone: ids.phone });
    await h.deliver('customers/update', fixture('customers/update'), { shopId: shop.id });
    expect(await customerRow(shop.id)).toMatchObject({ sms_consent_state: 'subscribed', first_name: 'Jane' });
  });

  it('bulk_operations/finish moves the matching sync run to importing, once', async () => {
    const shop = await h.createShop();
    await h.rows(
      `INSERT INTO sync_runs (shop_id, resource, status, bulk_operation_id) VALUES ($1, 'customers', 'running', 'gid://shopify/BulkOperation/4567890123456')`,
      [shop.id],
    );
    await h.deliver('bulk_operations/finish', fixture('bulk_operations/finish'), { shopId: shop.id });
    expect(await h.one(`SELECT status, error FROM sync_runs WHERE shop_id = $1`, [shop.id])).toEqual({
      status: 'importing',
      error: null,
    });
    await h.rows(`UPDATE sync_runs SET status = 'completed' WHERE shop_id = $1`, [shop.id]);
    await h.deliver('bulk_operations/finish', fixture('bulk_operations/finish'), { shopId: shop.id });
    expect(await h.one(`SELECT status FROM sync_runs WHERE shop_id = $1`, [shop.id])).toEqual({
      status: 'completed',
    });
  });

  it('events for a shop without a shop row are ignored', async () => {
    await h.deliver('orders/create', fixture('orders/create'), {
      shopId: null,
      shopDomain: 'gone.myshopify.com',
    });
    expect(
      await h.one(
        `SELECT count(*)::int AS n FROM orders WHERE id = $1 AND shop_id NOT IN (SELECT id FROM shops)`,
        [ids.order1001],
      ),
    ).toEqual({ n: 0 });
  });

  it('recomputes many customers at once and the nightly verification finds and repairs drift', async () => {
    const shop = await h.createShop();
    await h.rows(
      `INSERT INTO customers (shop_id, id) SELECT $1, g FROM generate_series(1, 2000) g;
       INSERT INTO orders (shop_id, id, customer_id, name, currency, total_price, refunded_amount, shopify_created_at, shopify_updated_at, cancelled_at)
       SELECT $1, 100000 + g, (g % 2000) + 1, '#' || g, 'USD', (g % 50) + 0.5, CASE WHEN g % 7 = 0 THEN 1 ELSE 0 END,
              timestamptz '2025-01-01' + g * interval '1 minute', now(), CASE WHEN g % 11 = 0 THEN now() END
       FROM generate_series(1, 6000) g;
       INSERT INTO order_line_items (shop_id, id, order_id, product_id, title, quantity, price)
       SELECT $1, 900000 + g, 100000 + g, 1 + g % 5, 'P', 1, 1 FROM generate_series(1, 6000) g;`.replaceAll(
        '$1',
        `'${shop.id}'`,
      ),
    );
    expect((await findAggregateDrift(h.app.database.db, shop.id)).length).toBeGreaterThan(1900);
    const allIds = Array.from({ length: 2000 }, (_, i) => String(i + 1));
    const result = await h.app.database.db.transaction((tx) =>
      recomputeCustomerAggregates(tx, shop.id, allIds),
    );
    expect(result.customersUpdated).toBe(2000);
    expect(await findAggregateDrift(h.app.database.db, shop.id)).toEqual([]);
    const expected = await h.one<Json>(
      `SELECT count(*)::int AS n, sum(total_price - refunded_amount)::text AS spent FROM orders WHERE shop_id = $1 AND customer_id = 7 AND cancelled_at IS NULL`,
      [shop.id],
    );
    expect(
      await h.one(
        `SELECT orders_count AS n, total_spent::text AS spent FROM customers WHERE shop_id = $1 AND id = 7`,
        [shop.id],
      ),
    ).toEqual(expected);

    await h.rows(`UPDATE customers SET orders_count = orders_count + 1 WHERE shop_id = $1 AND id IN (3, 5)`, [
      shop.id,
    ]);
    await h.rows(`DELETE FROM purchased_products WHERE shop_id = $1 AND customer_id = 9`, [shop.id]);
    expect(await findAggregateDrift(h.app.database.db, shop.id)).toEqual(['3', '5', '9']);
    expect(await verifyShopAggregates(h.app.database.db, shop.id)).toEqual({
      shopId: shop.id,
      drift: 3,
      customersUpdated: 2,
    });
    expect(await verifyShopAggregates(h.app.database.db, shop.id)).toEqual({
      shopId: shop.id,
      drift: 0,
      customersUpdated: 0,
    });
  });
});
