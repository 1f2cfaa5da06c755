// Two apps started in one process, each on its own database, share nothing: a webhook sent to one is
// processed in its database only, a message queued in the other goes out through that app's own provider
// setup (the simulator's delivery report comes back to that app's own URL), each app's links use its own
// public URL, stopping one leaves the other working, and in production mode the same shop installing in
// both at once is installed in each (no in-flight install shared between them).
import { randomUUID } from 'node:crypto';
import nock from 'nock';
import request from 'supertest';
import { linkBaseUrl } from '../../../server/automations/public-url.js';
import { start, type RunningApp } from '../../../server/main.js';
import { enqueueMessages } from '../../../server/messaging/outbox/enqueue.js';
import { signShopifyWebhook } from '../../../server/webhooks/sign.js';
import type { WebhookTopic } from '../../../server/webhooks/schemas/index.js';
import { restoreNock } from '../../support/nock-lifecycle.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { waitFor } from '../../support/wait-for.js';
import { addSubscribers, createShop, phoneOf } from '../messaging/outbox/support.js';
import { fakeShop, productionEnv, sessionToken } from '../shopify/support/shopify-fakes.js';
import { fixture, type Json } from '../webhooks/handlers-support.js';

const SHOP = 'demo.myshopify.com';
const SECRET = 'local-dev-secret';
const FAST = { pollIntervalMs: 50, backoff: { baseMs: 50, maxMs: 200 } };
const localEnv = (db: TestDatabase) =>
  testEnv(db, {
    LOCAL_SEED: 'false',
    SIMULATOR_DLR: 'true',
    SIMULATOR_DLR_DELAY_MS: '0',
    DISPATCH_POLL_MS: '50',
  });

async function rows<T>(app: RunningApp, text: string, params: unknown[] = []): Promise<T[]> {
  return (await app.database.pool.query(text, params)).rows as T[];
}

async function postWebhook(app: RunningApp, topic: WebhookTopic, payload: Json): Promise<string> {
  const webhookId = randomUUID();
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

async function webhookStatus(app: RunningApp, webhookId: string): Promise<string | null> {
  const [row] = await rows<{ status: string }>(
    app,
    'SELECT status FROM webhook_events WHERE webhook_id = $1',
    [webhookId],
  );
  return row?.status ?? null;
}

async function sendMessage(app: RunningApp, shopId: string, i: number): Promise<string> {
  const r = await enqueueMessages(app.database.pool, shopId, [
    {
      phone: phoneOf(i),
      kind: 'transactional',
      sourceType: 'automation',
      body: `Your order shipped (${i})`,
      idempotencyKey: `two-apps:${i}`,
    },
  ]);
  return r.messages[0]!.id;
}

async function messageStatus(app: RunningApp, id: string): Promise<string | null> {
  const [row] = await rows<{ status: string }>(app, 'SELECT status FROM messages WHERE id = $1', [id]);
  return row?.status ?? null;
}

describe('two apps in one process (local mode, workers running)', () => {
  let dbA: TestDatabase;
  let dbB: TestDatabase;
  let appA: RunningApp;
  let appB: RunningApp;
  let shopA: string;
  let shopB: string;

  beforeAll(async () => {
    [dbA, dbB] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    appA = await start({ port: 0, env: localEnv(dbA), webhookInbox: FAST });
    appB = await start({ port: 0, env: localEnv(dbB), webhookInbox: FAST });
    // The same shop domain in both databases: nothing may be keyed by it across apps.
    shopA = await createShop(appA.database.pool, { domain: SHOP });
    shopB = await createShop(appB.database.pool, { domain: SHOP });
    await addSubscribers(appA.database.pool, shopA, 3);
    await addSubscribers(appB.database.pool, shopB, 3);
  });
  afterAll(async () => {
    await appA?.stop();
    await appB?.stop();
    await dbA?.drop();
    await dbB?.drop();
  });

  it('each app has its own context pieces and its own public URL in its links', () => {
    expect(appA.url).not.toBe(appB.url);
    expect(linkBaseUrl(appA.context)).toBe(appA.url);
    expect(linkBaseUrl(appB.context)).toBe(appB.url);
    expect(appA.context.providers).not.toBe(appB.context.providers);
    expect(appA.context.publicUrl).not.toBe(appB.context.publicUrl);
    expect(appA.context.shopifyAdmin).not.toBe(appB.context.shopifyAdmin);
  });

  it('a webhook sent to A is processed in A only; a message queued in B is delivered through B only', async () => {
    const webhookId = await postWebhook(appA, 'customers/create', fixture('customers/create'));
    const messageId = await sendMessage(appB, shopB, 0);

    await waitFor(
      'the webhook processed by A',
      async () => (await webhookStatus(appA, webhookId)) === 'done',
    );
    expect(await rows(appB, 'SELECT id FROM webhook_events')).toEqual([]);

    // Sent through B's simulator, whose signed delivery report is posted to B's own URL.
    await waitFor(
      'the message delivered in B',
      async () => (await messageStatus(appB, messageId)) === 'delivered',
    );
    expect(await rows(appA, 'SELECT id FROM messages')).toEqual([]);
  });

  it('stopping A leaves B working', async () => {
    await appA.stop();
    const webhookId = await postWebhook(appB, 'customers/create', fixture('customers/create'));
    const messageId = await sendMessage(appB, shopB, 1);
    await waitFor(
      'the webhook processed by B',
      async () => (await webhookStatus(appB, webhookId)) === 'done',
    );
    await waitFor(
      'the message delivered in B',
      async () => (await messageStatus(appB, messageId)) === 'delivered',
    );
    expect((await request(appB.url!).get('/readyz')).status).toBe(200);
  });
});

describe('two apps in one process (production mode)', () => {
  const DOMAIN = 'twin-store.myshopify.com';
  let dbA: TestDatabase;
  let dbB: TestDatabase;
  let appA: RunningApp;
  let appB: RunningApp;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    fakeShop({ domain: DOMAIN, name: 'Twin Store', accessToken: 'shpat_twin_token_1234567890' });
    [dbA, dbB] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    appA = await start({ port: 0, role: 'web', env: testEnv(dbA, productionEnv()) });
    appB = await start({ port: 0, role: 'web', env: testEnv(dbB, productionEnv()) });
  });
  afterAll(async () => {
    await appA?.stop();
    await appB?.stop();
    await dbA?.drop();
    await dbB?.drop();
    restoreNock();
  });

  it('the same shop installing in both at once is installed in each database', async () => {
    const auth = `Bearer ${sessionToken({ shop: DOMAIN })}`;
    const [resA, resB] = await Promise.all([
      request(appA.url!).get('/api/settings').set('Authorization', auth),
      request(appB.url!).get('/api/settings').set('Authorization', auth),
    ]);
    expect([resA.status, resB.status]).toEqual([200, 200]);
    expect([resA.body.shopDomain, resB.body.shopDomain]).toEqual([DOMAIN, DOMAIN]);
    for (const app of [appA, appB]) {
      const [shop] = await rows<{ id: string }>(app, 'SELECT id FROM shops WHERE domain = $1', [DOMAIN]);
      expect(shop).toBeDefined();
      expect(await rows(app, 'SELECT shop_id FROM sessions')).toEqual([{ shop_id: shop!.id }]);
    }
  });
});
