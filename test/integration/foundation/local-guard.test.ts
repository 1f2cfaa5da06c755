// Local mode is reachable from this machine only, and not from web pages open in its browser: Host
// names other than localhost / 127.0.0.1 / [::1] with our port (DNS rebinding) get 421; /api/* takes
// state-changing requests only as JSON, the CSV import only as text/csv with its custom header (what no
// cross-site form or no-cors fetch can send). Every response carries the embedded-admin headers.
import request from 'supertest';
import { CSV_IMPORT_HEADER } from '../../../server/contracts/csv-import.js';
import { start, type RunningApp } from '../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';

describe('local mode request guard and security headers (real database)', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let port: number;
  const api = () => request(app.url!);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false' }) });
    port = Number(new URL(app.url!).port);
    await app.database.pool.query(
      `INSERT INTO shops (domain, name, sender_id) VALUES ('demo.myshopify.com', 'Demo Store', 'DemoStore')`,
    );
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('answers only Host localhost, 127.0.0.1 or [::1] with its port (DNS rebinding gets 421)', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const res = await api().get('/api/subscribers').set('Host', host);
      expect({ host, status: res.status }).toEqual({ host, status: 200 });
    }
    for (const host of [
      `attacker.example:${port}`,
      'attacker.example',
      `127.0.0.1.nip.io:${port}`,
      `localhost:${port + 1}`,
      'localhost',
      `localhost.attacker.example:${port}`,
    ]) {
      for (const path of ['/api/subscribers', '/', '/healthz']) {
        const res = await api().get(path).set('Host', host);
        expect({ host, path, status: res.status, code: res.body?.error?.code }).toEqual({
          host,
          path,
          status: 421,
          code: 'misdirected_host',
        });
      }
    }
    // Signed webhooks and public short links are not behind the loopback trust: answered on their own terms.
    expect(
      (await api().post('/webhooks/shopify').set('Host', 'tunnel.example').type('json').send('{}')).status,
    ).toBe(401);
    expect((await api().get('/r/zzzzzzzz').set('Host', 'tunnel.example')).status).toBe(404);
  });

  it('/api/* accepts state-changing requests only as application/json, whatever the route', async () => {
    const before = await app.database.pool.query('SELECT count(*)::int AS n FROM subscribers');
    const form = await api()
      .post('/api/subscribers')
      .type('form')
      .send({ phone: '+14155550123', disclosureText: 'yes' });
    expect(form.status).toBe(415);
    expect(form.body.error).toMatchObject({
      code: 'unsupported_media_type',
      message: 'POST /api/subscribers accepts only Content-Type: application/json',
    });
    expect(
      (
        await api()
          .post('/api/subscribers')
          .set('Content-Type', 'text/plain')
          .send('{"phone":"+14155550123"}')
      ).status,
    ).toBe(415);
    expect(
      (
        await api()
          .post('/api/subscribers')
          .set('Content-Type', 'multipart/form-data; boundary=x')
          .send('--x--')
      ).status,
    ).toBe(415);
    // No body and no content type: what a no-cors fetch() sends.
    expect((await api().post('/api/webhook-events/1/replay')).status).toBe(415);
    expect((await api().put('/api/messages/test-phone')).status).toBe(415);
    expect((await app.database.pool.query('SELECT count(*)::int AS n FROM subscribers')).rows).toEqual(
      before.rows,
    );
    // JSON passes the guard (and reaches the route: 404 for an unknown event, 201 for a new subscriber).
    expect((await api().post('/api/webhook-events/1/replay').type('json')).status).toBe(404);
    const created = await api().post('/api/subscribers').send({
      phone: '+14155550123',
      disclosureText: 'Reply STOP to opt out',
      consentDate: '2025-01-31',
      consentSource: 'Paper form at the counter',
    });
    expect(created.status).toBe(201);
    expect((await api().get('/api/subscribers')).status).toBe(200);
  });

  it('the CSV import takes text/csv with its custom header only (not text/plain, the type a form can send)', async () => {
    const csv = 'phone,consent_date,consent_source\r\n+14155550124,2025-03-01,popup\r\n';
    for (const type of ['text/plain', 'application/csv', 'application/x-www-form-urlencoded']) {
      const res = await api()
        .post('/api/subscribers/import')
        .set('Content-Type', type)
        .set(CSV_IMPORT_HEADER, '1')
        .send(csv);
      expect({ type, status: res.status }).toEqual({ type, status: 415 });
    }
    const noHeader = await api().post('/api/subscribers/import').set('Content-Type', 'text/csv').send(csv);
    expect(noHeader.status).toBe(415);
    expect(noHeader.body.error.message).toBe(
      `Send the CSV file with Content-Type: text/csv and ${CSV_IMPORT_HEADER}: 1`,
    );
    expect(
      (
        await api()
          .post('/api/subscribers/import')
          .set('Content-Type', 'text/csv')
          .set(CSV_IMPORT_HEADER, 'yes')
          .send(csv)
      ).status,
    ).toBe(415);
    expect(
      (
        await app.database.pool.query(
          `SELECT count(*)::int AS n FROM subscribers WHERE phone = '+14155550124'`,
        )
      ).rows,
    ).toEqual([{ n: 0 }]);
    const ok = await api()
      .post('/api/subscribers/import')
      .set('Content-Type', 'text/csv; charset=utf-8')
      .set(CSV_IMPORT_HEADER, '1')
      .send(csv);
    expect(ok.status).toBe(200);
    expect(ok.body.imported).toBe(1);
  });

  it('sets frame-ancestors for the shop of the request, nosniff and a referrer policy on HTML responses', async () => {
    const shopPage = await api()
      .get('/')
      .query({ shop: 'cool-store.myshopify.com', host: 'YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvY29vbC1zdG9yZQ' });
    expect(shopPage.headers['content-security-policy']).toBe(
      'frame-ancestors https://cool-store.myshopify.com https://admin.shopify.com',
    );
    expect(shopPage.headers['x-content-type-options']).toBe('nosniff');
    expect(shopPage.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    for (const shop of [
      undefined,
      'evil.example',
      'cool-store.myshopify.com.evil.example',
      'https://cool-store.myshopify.com',
      "x.myshopify.com 'unsafe-inline'",
    ]) {
      const res = await api()
        .get('/settings')
        .query(shop === undefined ? {} : { shop });
      expect({ shop, csp: res.headers['content-security-policy'] }).toEqual({
        shop,
        csp: "frame-ancestors 'none'",
      });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    const linkPage = await api().get('/r/zzzzzzzz');
    expect(linkPage.headers['content-type']).toMatch(/^text\/html/);
    expect(linkPage.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    expect(linkPage.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });
});
