import request from 'supertest';
import { start, type RunningApp } from '../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';

describe('app foundation (local mode, real database)', () => {
  let db: TestDatabase;
  let app: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({ port: 0, env: testEnv(db) });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('answers /healthz and /readyz with JSON', async () => {
    const health = await request(app.url!).get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', mode: 'local' });
    const ready = await request(app.url!).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.checks.migrations.ok).toBe(true);
    expect(ready.body.checks.jobs).toEqual({ ok: true, detail: 'agenda running' });
  });

  it('compresses webhook payloads with lz4 where the server has it, else keeps the default', async () => {
    const { rows } = await app.database.pool.query<{ c: string }>(
      `SELECT attcompression AS c FROM pg_attribute WHERE attrelid = 'webhook_events'::regclass AND attname = 'payload'`,
    );
    let lz4 = true;
    try {
      await app.database.pool.query(`SET default_toast_compression = 'lz4'`);
      await app.database.pool.query(`RESET default_toast_compression`);
    } catch {
      lz4 = false;
    }
    expect(rows[0]!.c).toBe(lz4 ? 'l' : '');
  });

  it('gives messages and subscribers time-ordered UUIDv7 ids', async () => {
    const first = (await app.database.pool.query<{ id: string }>('SELECT uuid_v7()::text AS id')).rows[0]!.id;
    await new Promise((r) => setTimeout(r, 5));
    const second = (await app.database.pool.query<{ id: string }>('SELECT uuid_v7()::text AS id')).rows[0]!
      .id;
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second > first).toBe(true);
    // The first 48 bits are the Unix time in milliseconds.
    const ms = parseInt(first.replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
    const { rows } = await app.database.pool.query<{ t: string; d: string }>(
      `SELECT table_name AS t, column_default AS d FROM information_schema.columns
        WHERE table_name IN ('messages', 'subscribers') AND column_name = 'id' ORDER BY 1`,
    );
    expect(rows).toEqual([
      { t: 'messages', d: 'uuid_v7()' },
      { t: 'subscribers', d: 'uuid_v7()' },
    ]);
  });

  it('seeds the demo shop once, deterministically', async () => {
    const q = (sql: string) => app.database.pool.query(sql).then((r) => r.rows[0]);
    expect(await q('SELECT count(*)::int AS n FROM shops')).toEqual({ n: 1 });
    expect(await q('SELECT count(*)::int AS n FROM customers')).toEqual({ n: 300 });
    // 1,500 seeded orders, plus the demo history's orders placed after a campaign or flow click.
    expect(await q('SELECT count(*)::int AS n FROM orders WHERE id < 6000000000000')).toEqual({ n: 1500 });
    expect((await q('SELECT count(*)::int AS n FROM orders WHERE id > 6000000000000')).n).toBeGreaterThan(0);
    const subs = await q(`SELECT count(*)::int AS n FROM subscribers`);
    expect(subs.n).toBe(100);
    const consent = await q(
      `SELECT count(DISTINCT subscriber_id)::int AS n FROM consent_events WHERE action = 'subscribed'`,
    );
    expect(consent.n).toBe(100);
    const countries = await app.database.pool.query('SELECT DISTINCT country_code FROM customers ORDER BY 1');
    expect(countries.rows.map((r) => r.country_code)).toEqual(
      expect.arrayContaining(['CA', 'FR', 'GB', 'US']),
    );
    const span = await q(
      `SELECT extract(day FROM max(shopify_created_at) - min(shopify_created_at))::int AS days FROM orders`,
    );
    expect(span.days).toBeGreaterThan(450);
    // Every row carries its shop.
    const orphan = await q(
      `SELECT count(*)::int AS n FROM orders o WHERE NOT EXISTS (SELECT 1 FROM shops s WHERE s.id = o.shop_id)`,
    );
    expect(orphan.n).toBe(0);
    // Aggregates agree with the orders.
    const drift = await q(
      `SELECT count(*)::int AS n FROM customers c WHERE c.orders_count <> (SELECT count(*) FROM orders o WHERE o.shop_id = c.shop_id AND o.customer_id = c.id AND o.cancelled_at IS NULL)`,
    );
    expect(drift.n).toBe(0);
    const products = await q(`SELECT count(DISTINCT customer_id)::int AS n FROM purchased_products`);
    expect(products.n).toBeGreaterThan(200);
  });

  it('reads and saves settings through the admin API', async () => {
    const got = await request(app.url!).get('/api/settings');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      shopDomain: 'demo.myshopify.com',
      shopName: 'Demo Store',
      senderId: 'DemoStore',
    });
    const put = await request(app.url!)
      .put('/api/settings')
      .send({ senderId: 'ACME', timezone: 'Europe/Paris' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ senderId: 'ACME', timezone: 'Europe/Paris' });
    const again = await request(app.url!).get('/api/settings');
    expect(again.body.senderId).toBe('ACME');
  });

  describe('bad input is a clear 4xx, never a 500, and writes nothing', () => {
    it('rejects an invalid sender ID and timezone naming the fields', async () => {
      const res = await request(app.url!)
        .put('/api/settings')
        .send({ senderId: 'WAY TOO LONG SENDER', timezone: 'Mars/Base' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.fields).sort()).toEqual(['senderId', 'timezone']);
      expect(res.body.error.message).toMatch(/senderId/);
      const after = await request(app.url!).get('/api/settings');
      expect(after.body.senderId).not.toBe('WAY TOO LONG SENDER');
    });
    it('rejects unknown fields', async () => {
      const res = await request(app.url!).put('/api/settings').send({ shopDomain: 'evil.myshopify.com' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/shopDomain/);
    });
    it('rejects a body that is not an object', async () => {
      const res = await request(app.url!)
        .put('/api/settings')
        .set('content-type', 'application/json')
        .send('[1,2]');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    });
    it('answers malformed JSON with 400', async () => {
      const res = await request(app.url!)
        .put('/api/settings')
        .set('content-type', 'application/json')
        .send('{"senderId": ');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: { code: 'invalid_json', message: 'The request body is not valid JSON' },
      });
    });
    it('answers a NUL character anywhere in the JSON with 400 naming the field, changing nothing (found by npm run fuzz: it was a 500)', async () => {
      const before = await request(app.url!).get('/api/settings');
      for (const body of [
        '{"senderId": "Demo\\u0000Store"}',
        '{"a\\u0000b": 1}',
        '{"x": {"y": ["\\u0000"]}}',
      ]) {
        const res = await request(app.url!)
          .put('/api/settings')
          .set('content-type', 'application/json')
          .send(body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('invalid_json');
        expect(res.body.error.message).toMatch(/NUL character/);
      }
      const res = await request(app.url!)
        .put('/api/settings/compliance')
        .set('content-type', 'application/json')
        .send('{"programName": "Shop\\u0000"}');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('"programName"');
      expect((await request(app.url!).get('/api/settings')).body).toEqual(before.body);
    });
    it('answers a NUL character (%00) in a query parameter with 400 naming it (found by npm run fuzz: it was a 500)', async () => {
      for (const path of [
        '/api/subscribers?q=%00',
        '/api/messages/summary?source=a%00',
        '/api/segments/products?query=%00',
      ]) {
        const res = await request(app.url!).get(path);
        expect([path, res.status, res.body.error.code]).toEqual([path, 400, 'validation_failed']);
        expect(res.body.error.message).toMatch(/NUL character/);
      }
      expect((await request(app.url!).get('/api/subscribers?q=ab')).status).toBe(200);
    });
    it('answers an oversized body with 413', async () => {
      const res = await request(app.url!)
        .put('/api/settings')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ shopName: 'x'.repeat(1_100_000) }));
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('payload_too_large');
    });
    it('answers unknown API routes with a JSON 404', async () => {
      const res = await request(app.url!).get('/api/nope');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    });
  });
});
