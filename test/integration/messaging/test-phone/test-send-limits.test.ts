// Test sends are rate limited per shop (TEST_SEND_RATE_PER_HOUR, here 3): the message API, flow tests and
// test-number codes share one allowance per rolling hour; past it, 429 with Retry-After and nothing created.
// A test to a number that cannot receive texts is refused. Real app over HTTP with a manual clock.
import { manualClock } from '../../../../server/clock.js';
import { start, type RunningApp } from '../../../../server/main.js';
import { reserveTestSend } from '../../../../server/messaging/test-phone/test-send-guards.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../support/test-database.js';

const SUBSCRIBER = '+14155550142';

describe('test send rate limit and phone checks (HTTP API)', () => {
  let db: TestDatabase;
  let app: RunningApp;
  const clock = manualClock(new Date());

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({
      port: 0,
      clock,
      env: testEnv(db, { LOCAL_SEED: 'false', TEST_SEND_RATE_PER_HOUR: '3' }),
    });
    const shop = await app.database.pool.query<{ id: string }>(
      `INSERT INTO shops (domain, name, sender_id, country_code, currency) VALUES ('demo.myshopify.com', 'Demo Store', 'DemoStore', 'US', 'USD') RETURNING id`,
    );
    await app.database.pool.query(
      `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source, subscribed_at)
       VALUES ($1, $2, 'US', 'subscribed', 'subscribed', 'admin', now())`,
      [shop.rows[0]!.id, SUBSCRIBER],
    );
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${app.url}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const testMessage = () => post('/messages/test', { phone: SUBSCRIBER, body: 'Test' });
  const testCount = async () =>
    Number(
      (await app.database.pool.query<{ n: string }>('SELECT count(*) AS n FROM messages WHERE is_test'))
        .rows[0]!.n,
    );

  it('refuses a test to a number that cannot receive texts (premium-rate), naming it', async () => {
    const res = await post('/messages/test', { phone: '+19005550100', body: 'Test' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(body.error.fields.phone).toBe(
      '+19005550100 is a premium-rate number and cannot receive text messages',
    );
    const flow = await post('/automations/order_confirmation/test', { phone: '+19005550100' });
    expect(flow.status).toBe(400);
    expect(await testCount()).toBe(0);
  });

  it('allows 3 test sends per hour across the message API, flow tests and codes, then answers 429 with Retry-After', async () => {
    expect((await testMessage()).status).toBe(202);
    expect((await post('/automations/order_confirmation/test', { phone: SUBSCRIBER })).status).toBe(200);
    expect((await post('/messages/test-phone/code', { phone: '+14155550188' })).status).toBe(202);
    expect(await testCount()).toBe(3);

    const limited = await testMessage();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3600');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('test_send_rate_limited');
    const flow = await post('/automations/order_confirmation/test', { phone: SUBSCRIBER });
    expect(flow.status).toBe(429);
    const code = await post('/messages/test-phone/code', { phone: '+14155550177' });
    expect(code.status).toBe(429);
    expect(await testCount()).toBe(3); // nothing was created for the refused ones

    clock.advance(45 * 60_000);
    const later = await testMessage();
    expect(later.status).toBe(429);
    expect(later.headers.get('retry-after')).toBe('900');
    clock.advance(15 * 60_000 + 1000);
    expect((await testMessage()).status).toBe(202);
    expect(await testCount()).toBe(4);
  });

  it('counts per shop: another shop has its own allowance', async () => {
    const other = await app.database.pool.query<{ id: string }>(
      `INSERT INTO shops (domain, name, sender_id) VALUES ('other.myshopify.com', 'Other', 'Other') RETURNING id`,
    );
    const demo = await app.database.pool.query<{ id: string }>(
      `SELECT id FROM shops WHERE domain = 'demo.myshopify.com'`,
    );
    const client = await app.database.pool.connect();
    try {
      await client.query('BEGIN');
      // The demo shop made one test send within the hour (the last one above): an allowance of 1 is spent.
      expect(await reserveTestSend(client, demo.rows[0]!.id, clock.now(), 1)).toMatchObject({
        ok: false,
        limit: 1,
      });
      expect(await reserveTestSend(client, other.rows[0]!.id, clock.now(), 1)).toEqual({ ok: true });
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });
});
