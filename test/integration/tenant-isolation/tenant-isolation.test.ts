// Tenant isolation, for every /api route that exists: two shops installed in production mode through the real
// session-token exchange, shop A given rows of every kind through its own API, then each route listed from the
// Express router stack is called with shop B's session token against A's ids. B gets 404/403 (or, for routes
// on its own shop, its own data and nothing of A's), and A's rows are byte-for-byte unchanged after each call.
// A route without a case in route-cases.ts fails this test, as does a case for a route that no longer exists.
import type { Router } from 'express';
import nock from 'nock';
import request from 'supertest';
import { createHttpApp } from '../../../server/http/app.js';
import { start, type RunningApp } from '../../../server/main.js';
import { setTestPhone } from '../../../server/messaging/outbox/message-queries.js';
import { recordDataRequest } from '../../../server/webhooks/handlers/data-request.js';
import { parseWebhookPayload } from '../../../server/webhooks/schemas/index.js';
import { signShopifyWebhook } from '../../../server/webhooks/sign.js';
import { listApiRoutes, type RegisteredRoute } from '../../support/api-routes.js';
import { restoreNock } from '../../support/nock-lifecycle.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import '../../support/silence-logs.js';
import {
  API_SECRET,
  API_VERSION,
  fakeShop,
  productionEnv,
  sessionToken,
} from '../shopify/support/shopify-fakes.js';
import { noOrdersSegment, routeCases, type Json, type ShopAIds } from './route-cases.js';

const SHOP_A = 'alpha-isolation.myshopify.com';
const SHOP_B = 'bravo-isolation.myshopify.com';
const A_NAME = 'Alpha Marker Store';
const A_SECRET = 'alpha-secret-marker';

let db: TestDatabase;
let app: RunningApp;
let a: ShopAIds;
let markers: string[];

const bearer = (shop: string) => `Bearer ${sessionToken({ shop })}`;
const q = async <T = Json>(text: string, params: unknown[] = []) =>
  (await app.database.pool.query(text, params)).rows as T[];

async function callAs(
  shop: string,
  method: string,
  path: string,
  body?: Json | string,
  contentType?: string,
): Promise<request.Response> {
  const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const req = request(app.url!)[verb](path).set('Authorization', bearer(shop));
  if (contentType) req.set('Content-Type', contentType);
  return body === undefined ? req : req.send(body);
}

async function seedA(): Promise<ShopAIds> {
  const api = (method: string, path: string, body?: Json) => callAs(SHOP_A, method, path, body);
  const [shop] = await q<{ id: string }>('SELECT id FROM shops WHERE domain = $1', [SHOP_A]);
  const shopId = shop!.id;
  const subscriber = await api('POST', '/api/subscribers', {
    phone: '+14155550101',
    countryCode: 'US',
    disclosureText: `${A_SECRET} disclosure`,
    consentDate: '2025-01-31',
    consentSource: 'Paper form at the counter',
  });
  expect(subscriber.status).toBe(201);
  // A verified test number (verification texts a random code, so the repository sets it) and a pending code.
  await setTestPhone(app.database.pool, shopId, '+14155550199');
  expect((await api('POST', '/api/messages/test-phone/code', { phone: '+14155550188' })).status).toBe(202);
  const message = await api('POST', '/api/messages/test', {
    phone: '+14155550101',
    body: `Hello from ${A_SECRET}`,
  });
  expect(message.status).toBe(202);
  const flow = await api('PUT', '/api/automations/welcome', {
    enabled: true,
    templates: { en: `Welcome to {{ shop.name }}! ${A_SECRET}` },
  });
  expect(flow.status).toBe(200);
  expect(
    (await api('PUT', '/api/automations/settings', { orderUpdatesForCheckoutPhones: true })).status,
  ).toBe(200);
  // A webhook delivery through the real receiver, parked as failed (replayable) since no worker runs here.
  const payload = JSON.stringify({ id: 9001, note: A_SECRET });
  const headers = signShopifyWebhook({
    secret: API_SECRET,
    topic: 'customers/update',
    shopDomain: SHOP_A,
    body: payload,
    apiVersion: API_VERSION,
  });
  const hook = request(app.url!).post('/webhooks/shopify');
  for (const [k, v] of Object.entries(headers)) hook.set(k, v);
  expect((await hook.send(payload)).status).toBe(200);
  const [event] = await q<{ id: string }>(
    `UPDATE webhook_events SET status = 'failed', error = $2 WHERE shop_domain = $1 RETURNING id::text AS id`,
    [SHOP_A, A_SECRET],
  );
  await q(
    `INSERT INTO customers (shop_id, id, first_name, last_name, email, phone)
     VALUES ($1, 9001, 'Alphonse', $2, 'alphonse@alpha.example', '+14155550101')`,
    [shopId, A_SECRET],
  );
  // An order without a customer (A's customer keeps matching noOrdersSegment) whose line item names a product.
  await q(
    `INSERT INTO orders (shop_id, id, name, currency, total_price, shopify_created_at, shopify_updated_at)
     VALUES ($1, 8001, '#A1001', 'USD', '10.00', now(), now())`,
    [shopId],
  );
  await q(
    `INSERT INTO order_line_items (shop_id, id, order_id, product_id, title, vendor, quantity, price)
     VALUES ($1, 8101, 8001, 8201, $2, 'Alpha Vendor', 1, '10.00')`,
    [shopId, `${A_SECRET} mug`],
  );
  expect((await api('GET', '/api/segments/products?query=mug')).body.items).toHaveLength(1);
  const segment = await api('POST', '/api/segments', {
    name: `Alpha ${A_SECRET} segment`,
    definition: noOrdersSegment,
  });
  expect(segment.status).toBe(201);
  const preview = await api('POST', '/api/segments/preview', { definition: noOrdersSegment });
  expect(preview.body.customers).toBe(1);
  const upload = request(app.url!)
    .post('/api/subscribers/imports')
    .set('Authorization', bearer(SHOP_A))
    .set('Content-Type', 'text/csv');
  const imported = await upload.send('phone,consent_date\n+14155550102,2025-01-31\nnot-a-phone,2025-01-31\n');
  expect(imported.status).toBe(201);
  const campaign = await api('POST', '/api/campaigns', { name: `Alpha ${A_SECRET} campaign` });
  expect(campaign.status).toBe(201);
  expect((await api('PUT', '/api/settings/compliance', { programName: `Alpha ${A_SECRET}` })).status).toBe(
    200,
  );
  // A customers/data_request export of that customer, as the webhook handler stores it.
  const request_ = parseWebhookPayload('customers/data_request', {
    shop_domain: SHOP_A,
    orders_requested: [],
    customer: { id: 9001, email: 'alphonse@alpha.example', phone: '+14155550101' },
    data_request: { id: 424242 },
  });
  if (!request_.ok) throw new Error(request_.error);
  const dataRequestId = await recordDataRequest(app.database.db, shopId, request_.data);
  return {
    shopId,
    domain: SHOP_A,
    subscriberId: String(subscriber.body.id),
    subscriberPhone: '+14155550101',
    testPhone: '+14155550199',
    pendingTestPhone: '+14155550188',
    messageId: String(message.body.message.id),
    webhookEventId: event!.id,
    dataRequestId,
    segmentId: String(segment.body.id),
    importId: String(imported.body.id),
    campaignId: String(campaign.body.id),
    flow: 'welcome',
  };
}

/**
 * Every row of shop A, table by table (found at run time, so tables added later count too): rows with A's
 * shop_id, A's shop row, A's inbox rows (by domain), and in any other table the rows that mention A's id
 * (e.g. agenda jobs for A).
 */
async function dumpA(): Promise<Record<string, string[]>> {
  const tables = await q<{ table_name: string; has_shop_id: boolean }>(
    `SELECT table_name, bool_or(column_name = 'shop_id') AS has_shop_id FROM information_schema.columns
      WHERE table_schema = 'public' GROUP BY table_name ORDER BY table_name`,
  );
  const out: Record<string, string[]> = {};
  for (const { table_name: table, has_shop_id } of tables) {
    const [where, key] =
      table === 'shops'
        ? ['t.id = $1', a.shopId]
        : table === 'webhook_events'
          ? ['t.shop_domain = $1', SHOP_A]
          : has_shop_id
            ? ['t.shop_id = $1', a.shopId]
            : ['strpos(t::text, $1::text) > 0', a.shopId];
    out[table] = (
      await q<{ t: string }>(`SELECT t::text AS t FROM "${table}" t WHERE ${where} ORDER BY 1`, [key])
    ).map((r) => r.t);
  }
  return out;
}

const uncovered = (routes: RegisteredRoute[]) => routes.map((r) => r.key).filter((k) => !(k in routeCases));
const stale = (routes: RegisteredRoute[]) => {
  const keys = new Set(routes.map((r) => r.key));
  return Object.keys(routeCases).filter((k) => !keys.has(k));
};

function registeredApiRoutes(): RegisteredRoute[] {
  return listApiRoutes(createHttpApp(app.context, () => true));
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  fakeShop({ domain: SHOP_A, name: A_NAME, accessToken: 'shpat_alpha_isolation' });
  fakeShop({ domain: SHOP_B, name: 'Bravo Store', accessToken: 'shpat_bravo_isolation' });
  db = await createTestDatabase();
  // Web role: no worker, so nothing but the requests under test touches A's rows.
  app = await start({ port: 0, role: 'web', env: testEnv(db, productionEnv()) });
  expect((await callAs(SHOP_A, 'GET', '/api/settings')).body.shopDomain).toBe(SHOP_A);
  expect((await callAs(SHOP_B, 'GET', '/api/settings')).body.shopDomain).toBe(SHOP_B);
  a = await seedA();
  markers = [
    a.shopId,
    SHOP_A,
    A_NAME,
    A_SECRET,
    a.subscriberId,
    a.subscriberPhone,
    a.testPhone,
    a.pendingTestPhone,
    a.messageId,
    'Alphonse',
  ];
});

afterAll(async () => {
  await app?.stop();
  await db?.drop();
  restoreNock();
});

describe('route coverage', () => {
  it('finds the admin API routes on the router stack', () => {
    const keys = registeredApiRoutes().map((r) => r.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'GET /api/settings',
        'GET /api/subscribers/:id',
        'POST /api/webhook-events/:id/replay',
      ]),
    );
  });

  it('has a case for every registered /api route', () => {
    expect(uncovered(registeredApiRoutes())).toEqual([]);
  });

  it('has no case for a route that is no longer registered', () => {
    expect(stale(registeredApiRoutes())).toEqual([]);
  });

  it('reports a route added to the admin API without a case', () => {
    const http = createHttpApp(app.context, () => true);
    const stack = (http as unknown as { router: { stack: Array<{ rawPath?: unknown; handle: Router }> } })
      .router.stack;
    const api = stack.find((l) => l.rawPath === '/api')!.handle;
    const before = uncovered(listApiRoutes(http));
    api.delete('/subscribers/:id', (_req, res) => void res.end());
    expect(uncovered(listApiRoutes(http))).toEqual([...before, 'DELETE /api/subscribers/:id']);
  });
});

describe("shop B's session against shop A's data", () => {
  it("A's rows exist of every kind the sweep guards", async () => {
    const dump = await dumpA();
    for (const table of [
      'subscribers',
      'consent_events',
      'messages',
      'automation_flows',
      'automation_settings',
      'sync_runs',
      'customers',
      'sessions',
      'webhook_events',
      'data_requests',
      'test_phone_verifications',
      'agenda_jobs',
      'segments',
      'orders',
      'order_line_items',
      'campaigns',
      'subscriber_imports',
    ]) {
      expect([table, dump[table]?.length ?? 0]).not.toEqual([table, 0]);
    }
  });

  // Reads first (B has no rows of its own yet, so any count or row it sees is A's), then writes, deletes last
  // (their control, A deleting its own row, would leave later cases nothing to aim at); each in key order.
  const order = (k: string) => `${k.startsWith('GET ') ? 0 : k.startsWith('DELETE ') ? 2 : 1}${k}`;
  const keys = Object.keys(routeCases).sort((x, y) => order(x).localeCompare(order(y)));

  it.each(keys)('%s', async (key) => {
    const registered = registeredApiRoutes().some((r) => r.key === key);
    if (!registered)
      throw new Error(
        `${key} is not registered (see "has no case for a route that is no longer registered")`,
      );
    const c = routeCases[key]!;
    const method = key.slice(0, key.indexOf(' '));
    const path = c.path(a);
    const body = c.body?.(a);
    const before = await dumpA();
    const res = await callAs(SHOP_B, method, path, body, c.contentType);
    const what = `${method} ${path} -> ${res.status} ${res.text.slice(0, 300)}`;
    if (c.expect === 'denied') {
      expect([what, [403, 404].includes(res.status)]).toEqual([what, true]);
    } else {
      expect([what, (c.status ?? [200]).includes(res.status)]).toEqual([what, true]);
      c.check?.(res.body as Json, res.text, a);
    }
    // Only what B itself sent may come back; nothing else of A's.
    const sent = path + (typeof body === 'string' ? body : JSON.stringify(body ?? ''));
    const leaked = markers.filter((m) => !sent.includes(m) && res.text.includes(m));
    expect([what, leaked]).toEqual([what, []]);
    expect(await dumpA()).toEqual(before);
    if (c.expect === 'denied') {
      // Control: A's own request finds the row (its answer may still be a 409 for a state), so B's 404/403 is
      // the isolation, not a wrong path or id.
      const own = await callAs(SHOP_A, method, path, body, c.contentType);
      const found = ![403, 404].includes(own.status) && own.status < 500;
      expect([`as A: ${method} ${path} -> ${own.status} ${own.text.slice(0, 300)}`, found]).toEqual([
        expect.any(String),
        true,
      ]);
    }
  });
});
