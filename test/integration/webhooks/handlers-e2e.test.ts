// End to end: signed Shopify webhooks POSTed to the receiver, processed by the inbox processor with
// the real handlers, delivered out of order and twice; then customers/redact and shop/redact.
import { randomUUID } from 'node:crypto';
import { start, type RunningApp } from '../../../server/main.js';
import { signShopifyWebhook } from '../../../server/webhooks/sign.js';
import type { WebhookTopic } from '../../../server/webhooks/schemas/index.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { fixture, ids, type Json } from './handlers-support.js';

const SECRET = 'local-dev-secret';
const SHOP = 'demo.myshopify.com';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('signed webhooks through the receiver and the inbox processor (real database)', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let shopId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({
      port: 0,
      env: testEnv(db, { LOCAL_SEED: 'false' }),
      webhookInbox: { pollIntervalMs: 50, backoff: { baseMs: 50, maxMs: 200 } },
    });
    const res = await app.database.pool.query<{ id: string }>(
      `INSERT INTO shops (domain, name, sender_id, installed_at) VALUES ($1, 'Demo Store', 'DemoStore', '2024-01-01T00:00:00Z') RETURNING id`,
      [SHOP],
    );
    shopId = res.rows[0]!.id;
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const q = async <T = Json>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await app.database.pool.query(text, params)).rows as T[];

  async function post(topic: WebhookTopic, payload: Json, webhookId: string = randomUUID()): Promise<string> {
    const body = JSON.stringify(payload);
    const headers = signShopifyWebhook({
      secret: SECRET,
      topic,
      shopDomain: SHOP,
      body,
      apiVersion: '2025-10',
      webhookId,
    });
    const res = await fetch(`${app.url}/webhooks/shopify`, { method: 'POST', headers, body });
    expect(res.status).toBe(200);
    return webhookId;
  }

  /** Waits until no inbox row is pending or processing, then returns every row's status and error. */
  async function processed(): Promise<Array<{ topic: string; status: string; error: string | null }>> {
    const until = Date.now() + 30_000;
    for (;;) {
      const busy = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_events WHERE status IN ('pending', 'processing')`,
      );
      if (busy[0]!.n === 0) break;
      if (Date.now() > until) throw new Error('timed out waiting for the inbox to drain');
      await sleep(50);
    }
    return q(`SELECT topic, status, error FROM webhook_events ORDER BY id`);
  }

  it('mirrors orders, customers, checkouts and fulfillments whatever the delivery order, duplicates included', async () => {
    const createId = randomUUID();
    await post('orders/updated', fixture('orders/updated'));
    await post('fulfillment_events/create', fixture('fulfillment_events/create'));
    await post('orders/create', fixture('orders/create'), createId);
    await post('orders/create', fixture('orders/create'), createId); // Shopify retry of the same delivery
    await post('orders/create', fixture('orders/create')); // the same event delivered under a new id
    await post('customers/create', fixture('customers/create'));
    await post('checkouts/update', fixture('checkouts/update'));
    await post('checkouts/create', fixture('checkouts/create'));
    await post('fulfillments/create', fixture('fulfillments/create'));
    await post('orders/cancelled', fixture('orders/cancelled'));

    const events = await processed();
    expect(events.filter((e) => e.status !== 'done')).toEqual([]);
    expect(events).toHaveLength(9);

    expect(
      await q(
        `SELECT orders_count, total_spent, last_order_id, email FROM customers WHERE shop_id = $1 AND id = $2`,
        [shopId, ids.customer],
      ),
    ).toEqual([{ orders_count: 1, total_spent: '76.43', last_order_id: ids.order1001, email: ids.email }]);
    expect(
      await q(
        `SELECT id, fulfillment_status, cancelled_at IS NOT NULL AS cancelled, refunded_amount FROM orders WHERE shop_id = $1 ORDER BY id`,
        [shopId],
      ),
    ).toEqual([
      { id: ids.order1001, fulfillment_status: 'fulfilled', cancelled: false, refunded_amount: '0.00' },
      { id: ids.order1002, fulfillment_status: null, cancelled: true, refunded_amount: '24.31' },
    ]);
    expect(
      await q(`SELECT shipment_status, tracking_numbers FROM fulfillments WHERE shop_id = $1`, [shopId]),
    ).toEqual([{ shipment_status: 'delivered', tracking_numbers: ['1Z999AA10123456784'] }]);
    expect(
      await q(`SELECT buyer_accepts_sms_marketing, sms_marketing_phone FROM checkouts WHERE shop_id = $1`, [
        shopId,
      ]),
    ).toEqual([{ buyer_accepts_sms_marketing: true, sms_marketing_phone: ids.phone }]);
    expect(await q(`SELECT count(*)::int AS n FROM purchased_products WHERE shop_id = $1`, [shopId])).toEqual(
      [{ n: 2 }],
    );
  });

  it('customers/redact leaves no contact details in the mirror or the inbox; shop/redact deletes the rest', async () => {
    const redactId = await post('customers/redact', fixture('customers/redact'));
    expect((await processed()).filter((e) => e.status !== 'done')).toEqual([]);
    expect(
      await q(
        `SELECT email, phone, redacted_at IS NOT NULL AS redacted, orders_count FROM customers WHERE shop_id = $1 AND id = $2`,
        [shopId, ids.customer],
      ),
    ).toEqual([{ email: null, phone: null, redacted: true, orders_count: 1 }]);
    const inboxLeaks = await q<{ topic: string }>(
      `SELECT topic FROM webhook_events WHERE payload::text ~* 'jane|4155550142'`,
    );
    expect(inboxLeaks).toEqual([]);
    expect(
      await q(`SELECT payload -> 'customer' AS customer FROM webhook_events WHERE webhook_id = $1`, [
        redactId,
      ]),
    ).toEqual([{ customer: { id: Number(ids.customer) } }]);

    const shopRedactId = await post('shop/redact', fixture('shop/redact'));
    expect((await processed()).filter((e) => e.status !== 'done')).toEqual([]);
    expect(await q(`SELECT count(*)::int AS n FROM shops WHERE domain = $1`, [SHOP])).toEqual([{ n: 0 }]);
    expect(await q(`SELECT count(*)::int AS n FROM customers`)).toEqual([{ n: 0 }]);
    expect(await q(`SELECT webhook_id, status FROM webhook_events WHERE shop_domain = $1`, [SHOP])).toEqual([
      { webhook_id: shopRedactId, status: 'done' },
    ]);
  });
});
