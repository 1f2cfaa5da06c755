import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { start, type RunningApp } from '../../../server/main.js';
import { fixturesDir, repoRoot } from '../../../server/paths.js';
import { signShopifyWebhook } from '../../../server/webhooks/sign.js';
import { verifyShopifyWebhook } from '../../../server/webhooks/verify-webhook.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';

const SECRET = 'local-dev-secret';
const SHOP = 'demo.myshopify.com';
const orderBody = readFileSync(join(fixturesDir, 'shopify', 'orders__create.json'), 'utf8');

interface Delivery {
  topic?: string;
  body?: string | Buffer;
  webhookId?: string;
  secret?: string;
  path?: string;
  headers?: (h: Record<string, string>) => Record<string, string>;
}

describe('POST /webhooks/shopify (real database)', () => {
  let db: TestDatabase;
  let app: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    // role web: no inbox processor, so stored rows stay pending and can be asserted as received.
    app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false' }) });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  async function deliver(
    d: Delivery = {},
  ): Promise<{ status: number; body: Record<string, unknown>; webhookId: string }> {
    const body = d.body ?? orderBody;
    const webhookId = d.webhookId ?? randomUUID();
    let headers = signShopifyWebhook({
      secret: d.secret ?? SECRET,
      topic: d.topic ?? 'orders/create',
      shopDomain: SHOP,
      body,
      apiVersion: '2025-10',
      webhookId,
    });
    if (d.headers) headers = d.headers(headers);
    const res = await fetch(`${app.url}${d.path ?? '/webhooks/shopify'}`, { method: 'POST', headers, body });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, webhookId };
  }

  const rowsFor = async (webhookId: string) =>
    (
      await app.database.pool.query(
        'SELECT *, payload::text AS payload_text FROM webhook_events WHERE webhook_id = $1',
        [webhookId],
      )
    ).rows;
  const totalRows = async () =>
    Number((await app.database.pool.query('SELECT count(*) AS n FROM webhook_events')).rows[0].n);

  it('stores a correctly signed delivery once, with its headers, and answers 200', async () => {
    const triggeredAt = new Date('2025-11-02T10:15:30.123Z');
    const eventId = randomUUID();
    const res = await deliver({
      headers: (h) => ({
        ...h,
        'X-Shopify-Event-Id': eventId,
        'X-Shopify-Triggered-At': triggeredAt.toISOString(),
      }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false });
    const rows = await rowsFor(res.webhookId);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row).toMatchObject({
      shop_domain: SHOP,
      topic: 'orders/create',
      event_id: eventId,
      api_version: '2025-10',
      status: 'pending',
      attempts: 0,
    });
    expect((row.triggered_at as Date).toISOString()).toBe(triggeredAt.toISOString());
    expect(JSON.parse(row.payload_text as string)).toEqual(JSON.parse(orderBody));
  });

  it('keeps every digit of ids above 2^53 in the stored payload', async () => {
    const body =
      '{"id": 820982911946154508, "domain": "demo.myshopify.com", "nested": {"ids": [9007199254740993]}}';
    const res = await deliver({ topic: 'app/uninstalled', body });
    expect(res.status).toBe(200);
    const [row] = await rowsFor(res.webhookId);
    expect(row.payload_text).toContain('820982911946154508');
    expect(row.payload_text).toContain('9007199254740993');
  });

  it('accepts the topic in the path too (/webhooks/shopify/orders/create)', async () => {
    const res = await deliver({ path: '/webhooks/shopify/orders/create' });
    expect(res.status).toBe(200);
    expect(await rowsFor(res.webhookId)).toHaveLength(1);
  });

  it('stores a delivery for a topic it does not know (the processor parks it)', async () => {
    const res = await deliver({ topic: 'orders/edited', body: '{"order_edit": {"id": 1}}' });
    expect(res.status).toBe(200);
    const [row] = await rowsFor(res.webhookId);
    expect(row).toMatchObject({ topic: 'orders/edited', status: 'pending' });
  });

  describe('rejects what Shopify did not sign, storing nothing', () => {
    it('answers 401 to a wrong HMAC', async () => {
      const before = await totalRows();
      const res = await deliver({ secret: 'not-the-secret' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        error: { code: 'webhook_invalid_hmac', message: 'The webhook HMAC does not match the body' },
      });
      expect(await totalRows()).toBe(before);
    });

    it('answers 401 when the body was changed after signing', async () => {
      const before = await totalRows();
      const headers = signShopifyWebhook({
        secret: SECRET,
        topic: 'orders/create',
        shopDomain: SHOP,
        body: orderBody,
        apiVersion: '2025-10',
      });
      const res = await fetch(`${app.url}/webhooks/shopify`, {
        method: 'POST',
        headers,
        body: orderBody.replace('5789012345678', '5789012345679'),
      });
      expect(res.status).toBe(401);
      expect(await totalRows()).toBe(before);
    });

    it('answers 401 without an HMAC header', async () => {
      const before = await totalRows();
      const res = await deliver({ headers: ({ 'X-Shopify-Hmac-Sha256': _omit, ...rest }) => rest });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'webhook_missing_hmac' });
      expect(await totalRows()).toBe(before);
    });

    it('answers 401 when a required header is missing, naming it', async () => {
      const before = await totalRows();
      const res = await deliver({ headers: ({ 'X-Shopify-Webhook-Id': _omit, ...rest }) => rest });
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({
        code: 'webhook_missing_headers',
        message: 'Missing webhook header(s): X-Shopify-Webhook-Id',
      });
      expect(await totalRows()).toBe(before);
    });

    it('answers 401 to an empty body', async () => {
      const res = await deliver({ body: '' });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'webhook_missing_body' });
    });
  });

  it('answers 400 to a signed body that is not JSON, storing nothing', async () => {
    const before = await totalRows();
    const res = await deliver({ body: '{"id": 1, ' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_json' });
    expect(String((res.body.error as { message: string }).message)).toMatch(/not valid JSON/);
    expect(await rowsFor(res.webhookId)).toHaveLength(0);
    expect(await totalRows()).toBe(before);
  });

  it('answers 400 to JSON that jsonb cannot hold (a \\u0000 escape), storing nothing', async () => {
    const res = await deliver({ body: '{"note": "nul \\u0000 here"}' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'unstorable_payload' });
    expect(await rowsFor(res.webhookId)).toHaveLength(0);
  });

  it('answers 400 to JSON nested deeper than the database can store (found by npm run fuzz), storing nothing', async () => {
    const depth = 20_000;
    const res = await deliver({ body: `{"id": 1, "deep": ${'['.repeat(depth)}${']'.repeat(depth)}}` });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'unstorable_payload' });
    expect(await rowsFor(res.webhookId)).toHaveLength(0);
  });

  it('answers 413 to a body over 5 MB', async () => {
    const big = JSON.stringify({ id: 1, note: 'x'.repeat(5 * 1024 * 1024 + 10) });
    const res = await deliver({ body: big });
    expect(res.status).toBe(413);
    expect(await rowsFor(res.webhookId)).toHaveLength(0);
  });

  describe('one row per X-Shopify-Webhook-Id', () => {
    it('acknowledges a repeated delivery without storing it twice', async () => {
      const webhookId = randomUUID();
      const first = await deliver({ webhookId });
      const second = await deliver({ webhookId });
      expect([first.status, second.status]).toEqual([200, 200]);
      expect([first.body.duplicate, second.body.duplicate]).toEqual([false, true]);
      expect(await rowsFor(webhookId)).toHaveLength(1);
    });

    it('stores exactly one row when the same delivery arrives 20 times at once', async () => {
      const webhookId = randomUUID();
      const results = await Promise.all(Array.from({ length: 20 }, () => deliver({ webhookId })));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(1);
      expect(await rowsFor(webhookId)).toHaveLength(1);
    });
  });

  it('answers 503 (so Shopify retries) when the delivery cannot be stored', async () => {
    const pool = app.database.pool;
    await pool.query('ALTER TABLE webhook_events RENAME TO webhook_events_unavailable');
    let res: Awaited<ReturnType<typeof deliver>>;
    try {
      res = await deliver();
    } finally {
      await pool.query('ALTER TABLE webhook_events_unavailable RENAME TO webhook_events');
    }
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'storage_unavailable' });
    expect(await rowsFor(res.webhookId)).toHaveLength(0);
    // The same delivery, retried once storage is back, is stored.
    const retried = await deliver({ webhookId: res.webhookId });
    expect(retried.status).toBe(200);
    expect(await rowsFor(res.webhookId)).toHaveLength(1);
  });

  it('verifies exactly as @shopify/shopify-api webhooks.validate does', async () => {
    const body = orderBody;
    const base = signShopifyWebhook({
      secret: SECRET,
      topic: 'orders/create',
      shopDomain: SHOP,
      body,
      apiVersion: '2025-10',
      webhookId: 'w-1',
      eventId: 'e-1',
      triggeredAt: new Date('2025-11-02T10:00:00Z'),
    });
    const without = (h: Record<string, string>, ...names: string[]) =>
      Object.fromEntries(Object.entries(h).filter(([k]) => !names.includes(k)));
    const eventsHeaders = Object.fromEntries(
      Object.entries(base).map(([k, v]) => [k.replace(/^X-Shopify-/, 'shopify-').toLowerCase(), v]),
    );
    const cases: Array<[string, Record<string, string>, string]> = [
      ['valid', base, body],
      [
        'wrong secret',
        signShopifyWebhook({
          secret: 'other',
          topic: 'orders/create',
          shopDomain: SHOP,
          body,
          apiVersion: '2025-10',
        }),
        body,
      ],
      ['tampered body', base, body.replace('Jane', 'John')],
      [
        'padding dropped from the HMAC',
        { ...base, 'X-Shopify-Hmac-Sha256': base['X-Shopify-Hmac-Sha256']!.replace(/=+$/, '') },
        body,
      ],
      ['no HMAC', without(base, 'X-Shopify-Hmac-Sha256'), body],
      ['no topic', without(base, 'X-Shopify-Topic'), body],
      ['no webhook id nor API version', without(base, 'X-Shopify-Webhook-Id', 'X-Shopify-API-Version'), body],
      ['no event id (optional)', without(base, 'X-Shopify-Event-Id', 'X-Shopify-Triggered-At'), body],
      ['empty body', base, ''],
      ['events headers', eventsHeaders, body],
      ['events headers without event id', without(eventsHeaders, 'shopify-event-id'), body],
    ];
    for (const [name, headers, text] of cases) {
      const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      const rawRequest = { headers: lower, method: 'POST', url: '/webhooks/shopify' };
      const reference = await app.context.shopify.webhooks.validate({
        rawBody: text,
        rawRequest,
        rawResponse: {},
      });
      const ours = verifyShopifyWebhook(SECRET, Buffer.from(text), lower);
      const comparable = ours.valid ? { ...ours, topic: ours.topic.toUpperCase().replace(/\//g, '_') } : ours;
      const { hmac: _hmac, ...expected } = reference as typeof reference & { hmac?: string };
      expect({ name, result: comparable }).toEqual({ name, result: expected });
    }
  });

  it('npm run webhook signs a fixture the way the receiver expects', async () => {
    const webhookId = `cli-${randomUUID()}`;
    const { stdout } = await promisify(execFile)(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      ['server/cli/webhook.ts', 'customers/create', '--url', app.url!, '--webhook-id', webhookId],
      { cwd: repoRoot, env: { ...process.env, ...testEnv(db), LOG_LEVEL: 'silent' } },
    );
    expect(stdout).toMatch(/: 200 OK/);
    const [row] = await rowsFor(webhookId);
    expect(row).toMatchObject({ topic: 'customers/create', shop_domain: SHOP, api_version: '2025-10' });
    const fixture = readFileSync(join(fixturesDir, 'shopify', 'customers__create.json'), 'utf8');
    expect(JSON.parse(row.payload_text as string)).toEqual(JSON.parse(fixture));
  });
});
