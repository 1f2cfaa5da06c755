// End to end: signed Shopify webhooks in → automation messages out through the simulator, on the real app
// (receiver, inbox processor, handlers, agenda, outbox dispatcher) and a real database. Time is a manual
// clock: agenda runs jobs by wall-clock time, so a delayed job is made due soon by setting the app clock
// just under the delay in the past.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manualClock } from '../../../server/clock.js';
import type {
  AutomationDetailResponse,
  AutomationListResponse,
} from '../../../server/contracts/automations.js';
import type { MessageItem, MessageList } from '../../../server/contracts/messages.js';
import { runDelayedAutomation } from '../../../server/automations/delayed-runs.js';
import { delayedKey } from '../../../server/automations/delayed-jobs.js';
import { start, type RunningApp } from '../../../server/main.js';
import { repoRoot } from '../../../server/paths.js';
import { signShopifyWebhook } from '../../../server/webhooks/sign.js';
import type { WebhookTopic } from '../../../server/webhooks/schemas/index.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';

type Json = Record<string, unknown>;
const SECRET = 'local-dev-secret';
const SHOP = 'demo.myshopify.com';
const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fixture(topic: WebhookTopic): Json {
  return JSON.parse(
    readFileSync(join(repoRoot, 'test', 'fixtures', 'shopify', `${topic.replace('/', '__')}.json`), 'utf8'),
  ) as Json;
}

describe('automations: webhook in, message out (real database, simulator)', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let shopId: string;
  const clock = manualClock(new Date());

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({
      port: 0,
      env: testEnv(db, { LOCAL_SEED: 'false' }),
      clock,
      webhookInbox: { pollIntervalMs: 50, backoff: { baseMs: 50, maxMs: 200 } },
    });
    const res = await app.database.pool.query<{ id: string }>(
      `INSERT INTO shops (domain, name, sender_id, country_code, currency, installed_at) VALUES ($1, 'Demo Store', 'DemoStore', 'US', 'USD', '2024-01-01T00:00:00Z') RETURNING id`,
      [SHOP],
    );
    shopId = res.rows[0]!.id;
    await subscriber('+14155550142', '7345678901234', 'subscribed');
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const q = async <T = Json>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await app.database.pool.query(text, params)).rows as T[];

  async function subscriber(
    phone: string,
    customerId: string | null,
    state: 'subscribed' | 'unsubscribed',
  ): Promise<void> {
    await q(
      `INSERT INTO subscribers (shop_id, phone, country_code, customer_id, marketing_state, transactional_state, source, subscribed_at)
       VALUES ($1, $2, 'US', $3, $4, $4, 'admin', now())`,
      [shopId, phone, customerId, state],
    );
  }

  async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${app.url}/api${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  async function post(topic: WebhookTopic, payload: Json): Promise<void> {
    const body = JSON.stringify(payload);
    const headers = signShopifyWebhook({
      secret: SECRET,
      topic,
      shopDomain: SHOP,
      body,
      apiVersion: '2025-10',
      webhookId: randomUUID(),
    });
    const res = await fetch(`${app.url}/webhooks/shopify`, { method: 'POST', headers, body });
    expect(res.status).toBe(200);
  }

  async function drained(): Promise<void> {
    const until = Date.now() + 20_000;
    while (
      (
        await q<{ n: number }>(
          `SELECT count(*)::int AS n FROM webhook_events WHERE status IN ('pending', 'processing')`,
        )
      )[0]!.n > 0
    ) {
      if (Date.now() > until) throw new Error('inbox did not drain');
      await sleep(50);
    }
    const failed = await q(`SELECT topic, error FROM webhook_events WHERE status <> 'done'`);
    expect(failed).toEqual([]);
  }

  async function messages(flow: string): Promise<MessageItem[]> {
    const res = await api<MessageList>('GET', `/messages?source=${encodeURIComponent(`automation:${flow}`)}`);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  async function waitForMessages(flow: string, count: number, timeoutMs = 15_000): Promise<MessageItem[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const items = await messages(flow);
      if (items.length >= count) return items;
      if (Date.now() > until) throw new Error(`expected ${count} ${flow} message(s), got ${items.length}`);
      await sleep(100);
    }
  }

  async function enable(flow: string, extra: Json = {}): Promise<void> {
    const res = await api<AutomationDetailResponse>('PUT', `/automations/${flow}`, {
      enabled: true,
      ...extra,
    });
    expect(res.status).toBe(200);
    expect(res.body.flow.enabled).toBe(true);
  }

  it('sends the order confirmation to a consented customer, with the order status as a tracked link', async () => {
    await enable('order_confirmation');
    await post('orders/create', fixture('orders/create'));
    const [message] = await waitForMessages('order_confirmation', 1);
    expect(message!.phone).toBe('+14155550142');
    expect(message!.kind).toBe('transactional');
    expect(message!.body).toMatch(
      /^Hi Jane, thanks for your order #1001 at Demo Store! Total: \$76\.43\. Order status: http:\/\/127\.0\.0\.1:\d+\/r\/[0-9A-Za-z]{8}$/,
    );
    const code = /\/r\/([0-9A-Za-z]{8})$/.exec(message!.body)![1]!;
    const [link] = await q<{ url: string; message_id: string }>(
      `SELECT url, message_id::text AS message_id FROM short_links WHERE code = $1`,
      [code],
    );
    expect(link).toEqual({
      url: (fixture('orders/create') as { order_status_url: string }).order_status_url,
      message_id: message!.id,
    });
    // Handed to the simulator.
    const until = Date.now() + 10_000;
    while ((await messages('order_confirmation'))[0]!.sentAt === null && Date.now() < until) await sleep(100);
    expect((await messages('order_confirmation'))[0]!.sentAt).not.toBeNull();
  });

  it('sends the shipping confirmation with the carrier and the tracking page as a tracked short link', async () => {
    await enable('shipping_confirmation');
    await post('fulfillments/create', fixture('fulfillments/create'));
    const [message] = await waitForMessages('shipping_confirmation', 1);
    expect(message!.body).toMatch(
      /^Demo Store: your order #1001 has shipped \(\d+ item\(s\)\) with UPS\. Track it: http:\/\/127\.0\.0\.1:\d+\/r\/[0-9A-Za-z]{8}$/,
    );
    const code = /\/r\/([0-9A-Za-z]{8})$/.exec(message!.body)![1]!;
    const [link] = await q<{ url: string }>(`SELECT url FROM short_links WHERE code = $1`, [code]);
    expect(link!.url).toBe(
      'https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1Z999AA10123456784',
    );
    const redirect = await fetch(`${app.url}/r/${code}`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toContain('trackNums=1Z999AA10123456784');
  });

  it('sends "delivered" once per fulfillment whatever the number of webhooks', async () => {
    await enable('delivered');
    for (let i = 0; i < 3; i++) {
      await post('fulfillment_events/create', {
        ...fixture('fulfillment_events/create'),
        id: 61234567890200 + i,
        status: 'delivered',
        updated_at: new Date(Date.now() + i * 1000).toISOString(),
      });
    }
    await post('fulfillments/update', { ...fixture('fulfillments/update'), shipment_status: 'delivered' });
    await drained();
    await sleep(300);
    const items = await messages('delivered');
    expect(items).toHaveLength(1);
    expect(items[0]!.body).toBe('Demo Store: your order #1001 has been delivered. Enjoy!');
    expect(await q(`SELECT idempotency_key FROM messages WHERE source_id = 'delivered'`)).toEqual([
      { idempotency_key: 'delivered:5123456789012:delivered' },
    ]);
  });

  it('sends nothing to a number that opted out, even with order updates for checkout phones on', async () => {
    const settings = await api<{ orderUpdatesForCheckoutPhones: boolean }>('PUT', '/automations/settings', {
      orderUpdatesForCheckoutPhones: true,
    });
    expect(settings.body).toEqual({ orderUpdatesForCheckoutPhones: true });
    await subscriber('+14155550199', '7345678901299', 'unsubscribed');
    const order = fixture('orders/create') as Json & { customer: Json; shipping_address: Json };
    await post('orders/create', {
      ...order,
      id: 5789012345699,
      name: '#1099',
      phone: '+14155550199',
      checkout_token: 'tok-optout',
      customer: { ...order.customer, id: 7345678901299, phone: '+14155550199', email: 'out@example.com' },
      shipping_address: { ...order.shipping_address, phone: '+14155550199' },
      line_items: [],
    });
    await drained();
    expect(await q(`SELECT id FROM messages WHERE phone = '+14155550199'`)).toEqual([]);
    await api('PUT', '/automations/settings', { orderUpdatesForCheckoutPhones: false });
  });

  function checkout(token: string, phone: string, customerId: number): Json {
    const c = fixture('checkouts/create') as Json & { customer: Json };
    return {
      ...c,
      token,
      phone,
      sms_marketing_phone: phone,
      buyer_accepts_sms_marketing: true,
      abandoned_checkout_url: `https://demo.myshopify.com/checkouts/${token}/recover`,
      customer: { ...c.customer, id: customerId, phone, email: `${token}@example.com` },
    };
  }

  it('sends the abandoned-checkout reminder after the delay, with the recovery link tracked', async () => {
    await enable('abandoned_checkout', { delayMinutes: 30 });
    await subscriber('+14155550177', '7345678901277', 'subscribed');
    clock.set(new Date(Date.now() - 30 * MINUTE + 3000)); // due 3 s from now (wall clock)
    await post('checkouts/create', checkout('tok-abandoned', '+14155550177', 7345678901277));
    await drained();
    const [job] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM agenda_jobs WHERE data->>'key' = $1`,
      [delayedKey('abandoned_checkout', shopId, 'tok-abandoned')],
    );
    expect(job!.n).toBe(1);
    expect(await messages('abandoned_checkout')).toEqual([]); // not before the delay
    const [message] = await waitForMessages('abandoned_checkout', 1);
    expect(message!.kind).toBe('marketing');
    expect(message!.body).toMatch(
      /^Hi Jane, you left something in your cart\. Complete your order here: http:\/\/127\.0\.0\.1:\d+\/r\/[0-9A-Za-z]{8}\nReply STOP to opt out\.?/,
    );
    const code = /\/r\/([0-9A-Za-z]{8})/.exec(message!.body)![1]!;
    expect(await q(`SELECT url FROM short_links WHERE code = $1`, [code])).toEqual([
      { url: 'https://demo.myshopify.com/checkouts/tok-abandoned/recover' },
    ]);
  });

  it('does not send the abandoned-checkout reminder when the order arrives first', async () => {
    await subscriber('+14155550166', '7345678901266', 'subscribed');
    clock.set(new Date(Date.now() - 30 * MINUTE + 4000));
    await post('checkouts/create', checkout('tok-ordered', '+14155550166', 7345678901266));
    await drained();
    const key = delayedKey('abandoned_checkout', shopId, 'tok-ordered');
    expect(
      (
        await q<{ n: number }>(`SELECT count(*)::int AS n FROM agenda_jobs WHERE data->>'key' = $1`, [key])
      )[0]!.n,
    ).toBe(1);
    const order = fixture('orders/create') as Json & { customer: Json };
    await post('orders/create', {
      ...order,
      id: 5789012345666,
      name: '#1066',
      checkout_token: 'tok-ordered',
      customer: { ...order.customer, id: 7345678901266, phone: '+14155550166', email: 'ordered@example.com' },
    });
    await drained();
    expect(
      (
        await q<{ n: number }>(`SELECT count(*)::int AS n FROM agenda_jobs WHERE data->>'key' = $1`, [key])
      )[0]!.n,
    ).toBe(0);
    // Even if the job had already been claimed, its run re-checks the exits.
    expect(
      await runDelayedAutomation(app.context, {
        shopId,
        flow: 'abandoned_checkout',
        key,
        ref: 'tok-ordered',
      }),
    ).toBe('exited');
    await sleep(5000);
    expect(
      await q(`SELECT id FROM messages WHERE source_id = 'abandoned_checkout' AND phone = '+14155550166'`),
    ).toEqual([]);
  });

  it('defers a marketing automation in quiet hours to 8:00 local time', async () => {
    await subscriber('+12125550123', '7345678901212', 'subscribed');
    const payload = checkout('tok-quiet', '+12125550123', 7345678901212) as Json & {
      customer: Json & { default_address: Json };
    };
    // The shopper lives in New York: 07:00 there (EDT, UTC-4). The job (due 30 min later on the app clock,
    // long past on the wall clock) runs at once, and the message waits for 08:00 New York time.
    payload.customer = {
      ...payload.customer,
      default_address: {
        ...payload.customer.default_address,
        city: 'New York',
        province: 'New York',
        province_code: 'NY',
        zip: '10001',
      },
    };
    clock.set(new Date('2025-06-10T11:00:00Z'));
    try {
      await post('checkouts/create', payload);
      await drained();
      const until = Date.now() + 15_000;
      let rows: Array<{ status: string; not_before: Date }> = [];
      while (rows.length === 0 && Date.now() < until) {
        rows = await q(
          `SELECT status, not_before FROM messages WHERE source_id = 'abandoned_checkout' AND phone = '+12125550123'`,
        );
        await sleep(100);
      }
      expect(rows).toEqual([{ status: 'queued', not_before: new Date('2025-06-10T12:00:00Z') }]);
    } finally {
      clock.set(new Date());
    }
  });

  it('answers the admin API: list with stats, validation 400s naming the problem', async () => {
    const list = await api<AutomationListResponse>('GET', '/automations');
    expect(list.status).toBe(200);
    expect(list.body.flows.map((f) => f.key)).toHaveLength(10);
    const confirmation = list.body.flows.find((f) => f.key === 'order_confirmation')!;
    expect(confirmation.stats.sent).toBeGreaterThanOrEqual(1);
    expect(confirmation.kind).toBe('transactional');

    const badField = await api<{ error: { code: string; fields: Record<string, string> } }>(
      'PUT',
      '/automations/abandoned_checkout',
      {
        templates: { en: 'Hi {{ customer.frist_name }}' },
      },
    );
    expect(badField.status).toBe(400);
    expect(badField.body.error.fields['templates.en']).toContain('customer.frist_name');

    const badDelay = await api<{ error: { fields: Record<string, string> } }>(
      'PUT',
      '/automations/abandoned_checkout',
      { delayMinutes: 5 },
    );
    expect(badDelay.status).toBe(400);
    expect(badDelay.body.error.fields.delayMinutes).toBe(
      'The delay must be between 15 and 2880 minutes, got 5.',
    );

    const noDelay = await api<{ error: { fields: Record<string, string> } }>(
      'PUT',
      '/automations/order_confirmation',
      { delayMinutes: 10 },
    );
    expect(noDelay.status).toBe(400);
    expect(noDelay.body.error.fields.delayMinutes).toMatch(/has no delay/);

    const discountInTransactional = await api<{ error: { fields: Record<string, string> } }>(
      'PUT',
      '/automations/order_confirmation',
      {
        templates: { fr: 'Code {{ discount.code }}' },
      },
    );
    expect(discountInTransactional.status).toBe(400);
    expect(discountInTransactional.body.error.fields['templates.fr']).toMatch(/marketing content/);

    const unknownFlow = await api<{ error: { code: string } }>('GET', '/automations/nope');
    expect(unknownFlow.status).toBe(400);
  });

  it('saves a template and analyses it: an emoji switches the encoding to UCS-2', async () => {
    const gsm = await api<{ valid: boolean; analysis: { encoding: string; maxSegments: number } }>(
      'POST',
      '/automations/abandoned_checkout/analyze',
      {
        template: 'Your cart is waiting: {{ checkout.recovery_url }}',
        locale: 'en',
      },
    );
    expect(gsm.body.valid).toBe(true);
    expect(gsm.body.analysis.encoding).toBe('GSM-7');
    const emoji = await api<{ valid: boolean; analysis: { encoding: string; preview: string } }>(
      'POST',
      '/automations/abandoned_checkout/analyze',
      {
        template: 'Your cart is waiting 🛒 {{ checkout.recovery_url }}',
        locale: 'en',
      },
    );
    expect(emoji.body.analysis.encoding).toBe('UCS-2');
    expect(emoji.body.analysis.preview).toMatch(
      /^Your cart is waiting 🛒 http:\/\/127\.0\.0\.1:\d+\/r\/aB3dE5gH\nReply STOP to opt out/,
    );

    const saved = await api<AutomationDetailResponse>('PUT', '/automations/abandoned_checkout', {
      templates: { en: 'Your cart is waiting 🛒 {{ checkout.recovery_url }}' },
    });
    expect(saved.status).toBe(200);
    const again = await api<AutomationDetailResponse>('GET', '/automations/abandoned_checkout');
    expect(again.body.flow.templates.en).toBe('Your cart is waiting 🛒 {{ checkout.recovery_url }}');
    expect(again.body.analysis.en.valid && again.body.analysis.en.analysis.encoding).toBe('UCS-2');
    expect(again.body.mergeFields.map((g) => g.root)).toEqual([
      'subscriber',
      'customer',
      'checkout',
      'shop',
      'discount',
    ]);
  });
});
