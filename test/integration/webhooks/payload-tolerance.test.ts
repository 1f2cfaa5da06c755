// A genuine delivery is never parked for a field the app can do without. Every fixture under
// test/fixtures/shopify/ (POS and draft-order orders included) is posted, signed, to the receiver: as
// sent, without each top-level field the app can do without (one at a time), without every field it
// does not read, and without every field it can do without. The real inbox processor and handlers run
// each: all end `done`, and an orders/create for the subscribed customer still sends its confirmation.
// A delivery missing a field the app needs is parked with an error naming the field, which the admin's
// webhook-events list shows, and which can be replayed.
import { randomUUID } from 'node:crypto';
import type { WebhookEventList, WebhookEventSummary } from '../../../server/contracts/index.js';
import { start, type RunningApp } from '../../../server/main.js';
import { signShopifyWebhook } from '../../../server/webhooks/sign.js';
import type { WebhookTopic } from '../../../server/webhooks/schemas/index.js';
import {
  optionalFields,
  shopifyFixtures,
  unreadFields,
  withoutFields,
  type Json,
  type ShopifyFixture,
} from '../../support/shopify-fixtures.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';

const SECRET = 'local-dev-secret';
/** Local mode's admin API acts as this shop. */
const DEMO_SHOP = 'demo.myshopify.com';
const JANE = { phone: '+14155550142', customerId: '7345678901234' };
/** orders/create fixtures whose customer is the subscribed Jane: each delivery must send a confirmation. */
const CONFIRMED_FIXTURES = ['orders__create', 'orders__create__draft_order'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Delivery {
  label: string;
  topic: WebhookTopic;
  shop: string;
  webhookId: string;
  payload: Json;
  /** The order id whose confirmation must be sent, if any. */
  confirms: string | null;
}

describe('payloads without the fields the app can do without are processed (real inbox, real handlers)', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let nextOrderId = 6_100_000_000_000;

  const q = async <T = Json>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await app.database.pool.query(text, params)).rows as T[];

  async function createShops(domains: string[]): Promise<string[]> {
    const rows = await q<{ id: string }>(
      `INSERT INTO shops (domain, name, sender_id, country_code, currency, installed_at)
       SELECT d, 'Test Shop', 'TestShop', 'US', 'USD', '2024-01-01T00:00:00Z' FROM unnest($1::text[]) WITH ORDINALITY AS t(d, n)
       ORDER BY n RETURNING id`,
      [domains],
    );
    return rows.map((r) => r.id);
  }

  async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${app.url}/api${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  async function post(d: Pick<Delivery, 'topic' | 'shop' | 'webhookId' | 'payload'>): Promise<void> {
    const body = JSON.stringify(d.payload);
    const headers = signShopifyWebhook({
      secret: SECRET,
      topic: d.topic,
      shopDomain: d.shop,
      body,
      apiVersion: '2025-10',
      webhookId: d.webhookId,
    });
    // A 503 means "not stored, send it again", and Shopify does: so does this test (the embedded database
    // can fail a statement while another connection's fails at the same moment; see README).
    let res = await fetch(`${app.url}/webhooks/shopify`, { method: 'POST', headers, body });
    for (let retry = 0; res.status === 503 && retry < 5; retry++) {
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** retry));
      res = await fetch(`${app.url}/webhooks/shopify`, { method: 'POST', headers, body });
    }
    expect(res.status).toBe(200);
  }

  async function drained(timeoutMs = 240_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (
      (
        await q<{ n: number }>(
          `SELECT count(*)::int AS n FROM webhook_events WHERE status IN ('pending', 'processing')`,
        )
      )[0]!.n > 0
    ) {
      if (Date.now() > until) throw new Error('the inbox did not drain');
      await sleep(100);
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({
      port: 0,
      env: testEnv(db, { LOCAL_SEED: 'false' }),
      webhookInbox: { pollIntervalMs: 50, backoff: { baseMs: 50, maxMs: 200 } },
    });
    const [demoId] = await createShops([DEMO_SHOP]);
    await q(
      `INSERT INTO subscribers (shop_id, phone, country_code, customer_id, marketing_state, transactional_state, source, subscribed_at)
       VALUES ($1, $2, 'US', $3, 'subscribed', 'subscribed', 'admin', now())`,
      [demoId, JANE.phone, JANE.customerId],
    );
    const enabled = await api<{ flow: { enabled: boolean } }>('PUT', '/automations/order_confirmation', {
      enabled: true,
    });
    expect(enabled).toMatchObject({ status: 200, body: { flow: { enabled: true } } });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  /**
   * The deliveries made from one fixture; orders get a new id each, so each is its own order. Order
   * confirmations need the demo shop (subscriber, enabled flow); every other delivery goes to a shop of
   * its own, so that one delivery's uninstall or redaction does not change what another one sees.
   */
  function deliveriesOf(f: ShopifyFixture): Delivery[] {
    const variants: Array<{ label: string; payload: Json; unreadOnly: boolean }> = [
      { label: `${f.name} as sent`, payload: f.payload, unreadOnly: true },
      ...optionalFields(f).map((field) => ({
        label: `${f.name} without ${field}`,
        payload: withoutFields(f.payload, [field]),
        unreadOnly: unreadFields(f).includes(field),
      })),
      {
        label: `${f.name} without every field the app does not read`,
        payload: withoutFields(f.payload, unreadFields(f)),
        unreadOnly: true,
      },
      {
        label: `${f.name} without every field the app can do without`,
        payload: withoutFields(f.payload, optionalFields(f)),
        unreadOnly: false,
      },
    ];
    return variants.map(({ label, payload, unreadOnly }) => {
      const isOrder = f.topic.startsWith('orders/');
      const orderId = isOrder ? String(nextOrderId++) : null;
      return {
        label,
        topic: f.topic,
        shop:
          f.topic === 'orders/create' ? DEMO_SHOP : `tolerance-${randomUUID().slice(0, 12)}.myshopify.com`,
        webhookId: randomUUID(),
        payload: orderId ? { ...payload, id: Number(orderId) } : payload,
        confirms: orderId && unreadOnly && CONFIRMED_FIXTURES.includes(f.name) ? orderId : null,
      };
    });
  }

  it('processes every fixture without any field it can do without (done), and orders/create still confirms', async () => {
    const deliveries = shopifyFixtures().flatMap((f) => deliveriesOf(f));
    await createShops(deliveries.map((d) => d.shop).filter((shop) => shop !== DEMO_SHOP));
    for (let i = 0; i < deliveries.length; i += 16)
      await Promise.all(deliveries.slice(i, i + 16).map((d) => post(d)));
    await drained();

    const rows = await q<{ webhook_id: string; status: string; error: string | null }>(
      `SELECT webhook_id, status, error FROM webhook_events`,
    );
    const byWebhookId = new Map(rows.map((r) => [r.webhook_id, r]));
    const notDone = deliveries
      .map((d) => ({ label: d.label, event: byWebhookId.get(d.webhookId) }))
      .filter(({ event }) => event?.status !== 'done')
      .map(({ label, event }) => `${label}: ${event ? `${event.status} (${event.error})` : 'not stored'}`);
    expect(notDone).toEqual([]);
    expect(rows).toHaveLength(deliveries.length);
    // shop/redact did its work: each of those shops is gone.
    const redacted = deliveries.filter((d) => d.topic === 'shop/redact').map((d) => d.shop);
    expect(redacted.length).toBeGreaterThan(2);
    expect(await q(`SELECT domain FROM shops WHERE domain = ANY($1::text[])`, [redacted])).toEqual([]);

    const expected = deliveries.filter((d) => d.confirms !== null);
    // as sent, without each unread field, without all of them: for both fixtures
    expect(expected.length).toBeGreaterThan(100);
    const sent = await q<{ idempotency_key: string }>(
      `SELECT m.idempotency_key FROM messages m JOIN shops s ON s.id = m.shop_id WHERE s.domain = $1 AND m.idempotency_key LIKE '%order_confirmation:%'`,
      [DEMO_SHOP],
    );
    const confirmed = new Set(
      sent.map((m) => m.idempotency_key.slice(m.idempotency_key.lastIndexOf(':') + 1)),
    );
    const missing = expected.filter((d) => !confirmed.has(d.confirms!)).map((d) => d.label);
    expect(missing).toEqual([]);

    // The POS order (no customer, checkout, shipping address or status page) is mirrored as it is.
    const pos = deliveries.find((d) => d.label === 'orders__create__pos as sent')!;
    expect(
      await q(
        `SELECT name, customer_id, checkout_token, order_status_url, total_price, currency FROM orders WHERE id = $1`,
        [pos.payload.id],
      ),
    ).toEqual([
      {
        name: '#1003',
        customer_id: null,
        checkout_token: null,
        order_status_url: null,
        total_price: '19.55',
        currency: 'USD',
      },
    ]);
    // The draft-order order's custom item has no product or variant (every variant carries the same line
    // item id, so the line belongs to whichever variant was processed last).
    expect(
      await q(
        `SELECT DISTINCT title, product_id, variant_id, price FROM order_line_items WHERE title = 'Custom embroidery'`,
      ),
    ).toEqual([{ title: 'Custom embroidery', product_id: null, variant_id: null, price: '35.00' }]);
  }, 600_000);

  it('parks a delivery missing a field the app needs, names the field in the admin list, and replays it', async () => {
    const order = shopifyFixtures().find((f) => f.name === 'orders__create')!;
    const checkout = shopifyFixtures().find((f) => f.name === 'checkouts__update')!;
    const noId = {
      topic: 'orders/create' as const,
      shop: DEMO_SHOP,
      webhookId: randomUUID(),
      payload: withoutFields(order.payload, ['id']),
    };
    const noToken = {
      topic: 'checkouts/update' as const,
      shop: DEMO_SHOP,
      webhookId: randomUUID(),
      payload: withoutFields(checkout.payload, ['token', 'updated_at']),
    };
    await post(noId);
    await post(noToken);
    await drained();

    const list = await api<WebhookEventList>('GET', '/webhook-events?status=failed');
    expect(list.status).toBe(200);
    const parked = (webhookId: string): WebhookEventSummary => {
      const event = list.body.events.find((e) => e.webhookId === webhookId);
      if (!event) throw new Error(`event ${webhookId} is not in the failed list`);
      return event;
    };
    expect(parked(noId.webhookId)).toMatchObject({
      topic: 'orders/create',
      status: 'failed',
      error: 'Invalid orders/create payload: id: is required',
    });
    expect(parked(noToken.webhookId)).toMatchObject({
      topic: 'checkouts/update',
      status: 'failed',
      error: 'Invalid checkouts/update payload: token: is required; updated_at: is required',
    });

    const replay = await api<WebhookEventSummary>(
      'POST',
      `/webhook-events/${parked(noId.webhookId).id}/replay`,
      {},
    );
    expect(replay).toMatchObject({ status: 200, body: { status: 'pending' } });
    await drained();
    const again = await api<WebhookEventSummary>('GET', `/webhook-events/${parked(noId.webhookId).id}`);
    expect(again.body).toMatchObject({
      status: 'failed',
      error: 'Invalid orders/create payload: id: is required',
    });
  }, 120_000);
});
