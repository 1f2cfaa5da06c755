// The Message API: filters, cursor pages, validation errors, detail with history, test sends.
import request from 'supertest';
import { start, type RunningApp } from '../../../../server/main.js';
import { enqueueMessages } from '../../../../server/messaging/outbox/enqueue.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../support/test-database.js';
import { verifyTestPhone } from '../../../support/test-phone.js';
import { addSubscribers, createShop, phoneOf } from './support.js';

describe('message API', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let shopId: string;
  let otherShop: string;
  const ids: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false' }) });
    const pool = app.database.pool;
    shopId = await createShop(pool, { domain: 'demo.myshopify.com' });
    otherShop = await createShop(pool);
    await addSubscribers(pool, shopId, 5);
    await addSubscribers(pool, otherShop, 5);
    const base = new Date('2025-06-10T16:00:00Z').getTime();
    for (let i = 0; i < 5; i++) {
      const r = await enqueueMessages(
        pool,
        shopId,
        [
          {
            phone: phoneOf(i),
            kind: i % 2 === 0 ? 'transactional' : 'marketing',
            sourceType: i < 3 ? 'automation' : 'campaign',
            sourceId: i < 3 ? 'order_shipped' : 'spring',
            body: `Message ${i} ✓`,
            idempotencyKey: `api:${i}`,
          },
        ],
        { now: new Date(base + i * 60_000) },
      );
      ids.push(r.messages[0]!.id);
    }
    await enqueueMessages(pool, otherShop, [
      {
        phone: phoneOf(0),
        kind: 'transactional',
        sourceType: 'automation',
        body: 'not yours',
        idempotencyKey: 'x',
      },
    ]);
    await pool.query(
      `UPDATE subscribers SET marketing_state = 'unsubscribed' WHERE shop_id = $1 AND phone = $2`,
      [shopId, phoneOf(4)],
    );
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const get = (query: Record<string, string>) => request(app.url!).get('/api/messages').query(query);

  it('lists the shop’s messages, newest first, with the documented fields', async () => {
    const res = await get({});
    expect(res.status).toBe(200);
    expect(res.body.items.map((m: { id: string }) => m.id)).toEqual([...ids].reverse());
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items[4]).toEqual({
      id: ids[0],
      phone: phoneOf(0),
      status: 'queued',
      kind: 'transactional',
      sourceType: 'automation',
      sourceId: 'order_shipped',
      body: 'Message 0 ✓',
      segments: 1,
      encoding: 'UCS-2',
      costMicros: 8300,
      isTest: false,
      createdAt: '2025-06-10T16:00:00.000Z',
      sentAt: null,
      deliveredAt: null,
      suppressedReason: null,
      errorCode: null,
    });
  });

  it('filters by phone, kind, source, status, subscriber and dates', async () => {
    expect((await get({ phone: phoneOf(1) })).body.items.map((m: { id: string }) => m.id)).toEqual([ids[1]]);
    expect((await get({ kind: 'marketing' })).body.items).toHaveLength(2);
    expect((await get({ source: 'campaign' })).body.items).toHaveLength(2);
    expect((await get({ source: 'automation:order_shipped' })).body.items).toHaveLength(3);
    expect((await get({ status: 'queued' })).body.items).toHaveLength(5);
    expect((await get({ from: '2025-06-10T16:01:00Z', to: '2025-06-10T16:03:00Z' })).body.items).toHaveLength(
      3,
    );
    expect((await get({ from: '2025-06-11' })).body.items).toHaveLength(0);
    const sub = await app.database.pool.query<{ id: string }>(
      'SELECT id FROM subscribers WHERE shop_id = $1 AND phone = $2',
      [shopId, phoneOf(2)],
    );
    expect((await get({ subscriber: sub.rows[0]!.id })).body.items.map((m: { id: string }) => m.id)).toEqual([
      ids[2],
    ]);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(cursor ? { limit: '2', cursor } : { limit: '2' });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((m: { id: string }) => m.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('answers 400 with the bad fields named', async () => {
    const bad: Array<Record<string, string>> = [
      { phone: '2125550000' },
      { status: 'lost' },
      { kind: 'spam' },
      { from: 'yesterday' },
      { limit: '0' },
      { cursor: 'abc' },
      { subscriber: 'x' },
      { colour: 'red' },
    ];
    for (const query of bad) {
      const res = await get(query);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const res = await get({ phone: '12' });
    expect(Object.keys(res.body.error.fields)).toEqual(['phone']);
  });

  it('returns one message with its status history, scoped to the shop', async () => {
    const res = await request(app.url!).get(`/api/messages/${ids[0]}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: ids[0],
      attempts: 0,
      history: [{ status: 'queued', at: '2025-06-10T16:00:00.000Z' }],
    });
    const foreign = await app.database.pool.query<{ id: string }>(
      'SELECT id FROM messages WHERE shop_id = $1',
      [otherShop],
    );
    expect((await request(app.url!).get(`/api/messages/${foreign.rows[0]!.id}`)).status).toBe(404);
    expect((await request(app.url!).get('/api/messages/not-an-id')).status).toBe(404);
  });

  it('sends tests: consent checks are skipped only for the shop’s own test number', async () => {
    const noConsent = await request(app.url!)
      .post('/api/messages/test')
      .send({ phone: '+14155550123', body: 'Test!' });
    expect(noConsent.status).toBe(202);
    expect(noConsent.body).toMatchObject({
      ownTestNumber: false,
      message: { status: 'suppressed', suppressedReason: 'no_subscriber', isTest: true, sourceType: 'test' },
    });
    await verifyTestPhone(app.url!, app.database.pool, '+14155550123');
    expect((await request(app.url!).get('/api/messages/test-phone')).body).toEqual({
      phone: '+14155550123',
      pending: null,
    });
    const own = await request(app.url!)
      .post('/api/messages/test')
      .send({ phone: '+14155550123', body: 'Test!' });
    expect(own.body).toMatchObject({
      ownTestNumber: true,
      message: { status: 'queued', isTest: true, phone: '+14155550123' },
    });
    const optedOut = await request(app.url!)
      .post('/api/messages/test')
      .send({ phone: phoneOf(4), body: 'Test!' });
    expect(optedOut.body.message).toMatchObject({ status: 'suppressed', suppressedReason: 'opted_out' });
    const bad = await request(app.url!).post('/api/messages/test').send({ phone: 'nope', body: '' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['body', 'phone']);
  });
});
