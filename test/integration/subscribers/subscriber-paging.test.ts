// Exports that a spreadsheet cannot run, cursors that are a 400 (never a 500) when malformed, and a
// subscriber's messages in pages rather than all at once.
import request from 'supertest';
import { startHarness, type Harness } from './support.js';

let h: Harness;
const api = () => request(h.url);
let subscriberId: string;
const PHONE = '+14155550177';

beforeAll(async () => {
  h = await startHarness();
  await h.rows(
    `INSERT INTO customers (shop_id, id, first_name, last_name, phone, country_code) VALUES ($1, 9001, '=HYPERLINK("http://x.test")', '@evil', $2, 'US')`,
    [h.shopId, PHONE],
  );
  const [sub] = await h.rows<{ id: string }>(
    `INSERT INTO subscribers (shop_id, phone, country_code, customer_id, marketing_state, source) VALUES ($1, $2, 'US', 9001, 'subscribed', 'admin') RETURNING id`,
    [h.shopId, PHONE],
  );
  subscriberId = sub!.id;
  // 120 messages, one second apart; every fourth is inbound and only matched by phone.
  await h.rows(
    `INSERT INTO messages (shop_id, subscriber_id, phone, direction, kind, source_type, body, encoding, segments, idempotency_key, status, created_at)
     SELECT $1, CASE WHEN i % 4 = 0 THEN NULL ELSE $2::uuid END, $3, CASE WHEN i % 4 = 0 THEN 'inbound' ELSE 'outbound' END,
            'marketing', 'campaign', 'message ' || i, 'GSM-7', 1, 'paging-' || i, 'delivered', timestamptz '2025-06-01T00:00:00Z' + i * interval '1 second'
     FROM generate_series(1, 120) AS i`,
    [h.shopId, subscriberId, PHONE],
  );
});
afterAll(() => h.stop());

describe('CSV export', () => {
  it('prefixes cells starting with = + - @ with a quote', async () => {
    const res = await api().get('/api/subscribers/export').expect(200);
    const line = res.text.split('\r\n').find((l) => l.startsWith(subscriberId))!;
    expect(line).toContain(`,'${PHONE},subscribed,admin,US,"'=HYPERLINK(""http://x.test"") @evil",`);
  });
});

describe('subscriber detail messages', () => {
  it('shows the latest 50 and pages the rest, newest first, inbound ones included', async () => {
    const detail = await api().get(`/api/subscribers/${subscriberId}`).expect(200);
    expect(detail.body.messages).toHaveLength(50);
    expect(detail.body.messages[0].body).toBe('message 120');
    expect(detail.body.messages[0].direction).toBe('inbound');
    expect(typeof detail.body.messagesNextCursor).toBe('string');
    const seen: string[] = detail.body.messages.map((m: { body: string }) => m.body);
    let cursor: string | null = detail.body.messagesNextCursor;
    let pages = 0;
    while (cursor) {
      const page = await api()
        .get(`/api/subscribers/${subscriberId}/messages`)
        .query({ cursor, limit: 30 })
        .expect(200);
      seen.push(...page.body.items.map((m: { body: string }) => m.body));
      cursor = page.body.nextCursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => `message ${120 - i}`));
    const first = await api()
      .get(`/api/subscribers/${subscriberId}/messages`)
      .query({ limit: 2 })
      .expect(200);
    expect(first.body.items.map((m: { body: string }) => m.body)).toEqual(['message 120', 'message 119']);
  });

  it('400 for a bad cursor or limit, 404 for an unknown subscriber', async () => {
    const path = `/api/subscribers/${subscriberId}/messages`;
    for (const query of [{ limit: 0 }, { limit: 500 }, { cursor: 'nope' }, { other: 1 }]) {
      const res = await api().get(path).query(query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
    await api().get('/api/subscribers/0190a1b2-0000-7000-8000-000000000000/messages').expect(404);
    await api().get('/api/subscribers/not-a-uuid/messages').expect(404);
  });
});

describe('malformed cursors are a 400, never a 500', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  const uuid = '0190a1b2-0000-7000-8000-000000000000';

  it('on GET /api/subscribers and GET /api/subscribers/:id/messages', async () => {
    const bad = [
      b64(`2025-01-01T00:00:00.000Z|${'-'.repeat(36)}`), // the shape of an id, not a UUID
      b64(`-100000-01-01T00:00:00.000Z|${uuid}`), // a date PostgreSQL cannot hold
      b64(`+275760-09-13T00:00:00.000Z|${uuid}`),
      b64(`2025-01-01T00:00:00.000Z|${uuid}|x`),
      b64('garbage'),
    ];
    for (const cursor of bad) {
      for (const path of ['/api/subscribers', `/api/subscribers/${subscriberId}/messages`]) {
        const res = await api().get(path).query({ cursor });
        expect({ cursor, path, status: res.status, code: res.body.error?.code }).toEqual({
          cursor,
          path,
          status: 400,
          code: 'validation_failed',
        });
      }
    }
  });

  it('on GET /api/messages', async () => {
    const bad = [
      `99999999999999999999.${uuid}`,
      `9223372036854775807.${uuid}`,
      `1.${'-'.repeat(36)}`,
      `1.${'a'.repeat(36)}`,
      `1.${uuid}x`,
    ];
    for (const cursor of bad) {
      const res = await api().get('/api/messages').query({ cursor });
      expect({ cursor, status: res.status, code: res.body.error?.code }).toEqual({
        cursor,
        status: 400,
        code: 'validation_failed',
      });
    }
    const first = await api().get('/api/messages').query({ limit: 1 }).expect(200);
    await api().get('/api/messages').query({ limit: 1, cursor: first.body.nextCursor }).expect(200);
  });
});
