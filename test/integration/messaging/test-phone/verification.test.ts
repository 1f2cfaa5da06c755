// The merchant's own test number is trusted only after the code texted to it is entered (issue #10): the
// real app over HTTP (local mode, simulator, real database, a manual clock for the 10-minute expiry).
import type {
  MessageDetail,
  SendTestMessageResult,
  TestPhoneState,
} from '../../../../server/contracts/messages.js';
import { manualClock } from '../../../../server/clock.js';
import { start, type RunningApp } from '../../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../support/test-database.js';
import { codeSentTo } from '../../../support/test-phone.js';
import { waitFor } from '../../../support/wait-for.js';

const OWN = '+14155550188';
const OTHER = '+14155550177';
const STOPPED = '+14155550199';

describe('test number verification (HTTP API)', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let shopId: string;
  const clock = manualClock(new Date());

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({
      port: 0,
      clock,
      env: testEnv(db, { LOCAL_SEED: 'false', TEST_SEND_RATE_PER_HOUR: '1000' }),
    });
    const shop = await app.database.pool.query<{ id: string }>(
      `INSERT INTO shops (domain, name, sender_id, country_code, currency) VALUES ('demo.myshopify.com', 'Demo Store', 'DemoStore', 'US', 'USD') RETURNING id`,
    );
    shopId = shop.rows[0]!.id;
    // This number replied STOP: the inbound handler records that as an unsubscribed subscriber.
    await app.database.pool.query(
      `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source)
       VALUES ($1, $2, 'US', 'unsubscribed', 'unsubscribed', 'keyword')`,
      [shopId, STOPPED],
    );
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${app.url}/api${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }
  type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };
  const requestCode = (phone: string) =>
    api<{ phone: string; expiresAt: string } & ErrorBody>('POST', '/messages/test-phone/code', { phone });
  const verify = (phone: string, code: string) =>
    api<{ phone: string } & ErrorBody>('POST', '/messages/test-phone/verify', { phone, code });
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const state = async () => (await api<TestPhoneState>('GET', '/messages/test-phone')).body;

  it('no longer saves a number without proof', async () => {
    const put = await api<ErrorBody>('PUT', '/messages/test-phone', { phone: OWN });
    expect(put.status).toBe(409);
    expect(put.body.error.code).toBe('test_phone_not_verified');
    expect(await state()).toEqual({ phone: null, pending: null });
  });

  it('texts a code, masks it in the API, and trusts the number once the right code is entered', async () => {
    const sent = await requestCode(OWN);
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({
      phone: OWN,
      expiresAt: new Date(clock.now().getTime() + 10 * 60_000).toISOString(),
    });
    expect(await state()).toEqual({ phone: null, pending: { phone: OWN, expiresAt: sent.body.expiresAt } });
    const code = await codeSentTo(app.database.pool, OWN);
    // The code goes out (a test message, through the outbox and the provider) though OWN never subscribed.
    const row = await app.database.pool.query<{ id: string }>(
      `SELECT id FROM messages WHERE source_type = 'test_phone_code' AND phone = $1`,
      [OWN],
    );
    const detail = await waitFor('the code handed to the simulator', async () => {
      const { body } = await api<MessageDetail>('GET', `/messages/${row.rows[0]!.id}`);
      return ['sent', 'delivered'].includes(body.status) ? body : null;
    });
    expect(detail).toMatchObject({ isTest: true, sourceType: 'test_phone_code' });
    expect(detail.body).not.toContain(code);
    expect(detail.body).toMatch(/^\*{6} is your code/);

    const bad = await verify(OWN, wrong(code));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'code_incorrect',
      fields: { code: 'is not the code we texted (4 tries left)' },
    });
    expect((await state()).phone).toBeNull();
    expect((await verify(OTHER, code)).body.error.code).toBe('no_code_pending'); // a code belongs to its number

    const ok = await verify(OWN, code);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ phone: OWN });
    expect(await state()).toEqual({ phone: OWN, pending: null });
    expect((await verify(OWN, code)).status).toBe(409); // used once
    expect((await api('PUT', '/messages/test-phone', { phone: OWN })).status).toBe(200); // the verified one: no-op

    const test = await api<SendTestMessageResult>('POST', '/messages/test', { phone: OWN, body: 'Hello' });
    expect(test.body).toMatchObject({
      ownTestNumber: true,
      notSentReason: null,
      message: { status: 'queued' },
    });
  });

  it('discards the code after 5 wrong tries', async () => {
    await requestCode(OTHER);
    const code = await codeSentTo(app.database.pool, OTHER);
    for (const left of [4, 3, 2, 1]) {
      expect((await verify(OTHER, wrong(code))).body.error.fields?.code).toContain(
        `(${left} ${left === 1 ? 'try' : 'tries'} left)`,
      );
    }
    const fifth = await verify(OTHER, wrong(code));
    expect(fifth.status).toBe(410);
    expect(fifth.body.error.code).toBe('code_attempts_exhausted');
    const late = await verify(OTHER, code);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('no_code_pending');
    expect((await state()).phone).toBe(OWN);
  });

  it('lets a code expire after 10 minutes', async () => {
    await requestCode(OTHER);
    const code = await codeSentTo(app.database.pool, OTHER);
    clock.advance(10 * 60_000);
    const expired = await verify(OTHER, code);
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('code_expired');
    expect(await state()).toEqual({ phone: OWN, pending: null });
  });

  it('never texts a code to a number that replied STOP, nor to one that cannot receive texts', async () => {
    const stopped = await requestCode(STOPPED);
    expect(stopped.status).toBe(409);
    expect(stopped.body.error.code).toBe('test_phone_code_not_sent');
    expect(stopped.body.error.message).toContain('replied STOP');
    expect((await state()).pending).toBeNull();
    const premium = await requestCode('+19005550100');
    expect(premium.status).toBe(400);
    expect(premium.body.error.fields?.phone).toContain('premium-rate');
  });

  it('keeps honouring a STOP from the verified number itself', async () => {
    await app.database.pool.query(
      `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source)
       VALUES ($1, $2, 'US', 'unsubscribed', 'unsubscribed', 'keyword')`,
      [shopId, OWN],
    );
    const test = await api<SendTestMessageResult>('POST', '/messages/test', {
      phone: OWN,
      body: 'Hello again',
    });
    expect(test.status).toBe(202);
    expect(test.body).toMatchObject({
      ownTestNumber: true,
      notSentReason: 'opted_out',
      message: { status: 'suppressed', suppressedReason: 'opted_out' },
    });
  });

  it('removes the test number with PUT null', async () => {
    expect((await api('PUT', '/messages/test-phone', { phone: null })).status).toBe(200);
    expect((await state()).phone).toBeNull();
  });

  it.each([
    ['code request without a phone', '/messages/test-phone/code', {}, 'phone'],
    ['code request with a national number', '/messages/test-phone/code', { phone: '4155550188' }, 'phone'],
    ['code request with an unknown field', '/messages/test-phone/code', { phone: OWN, extra: 1 }, '_'],
    ['verification without a code', '/messages/test-phone/verify', { phone: OWN }, 'code'],
    ['verification with a 4-digit code', '/messages/test-phone/verify', { phone: OWN, code: '1234' }, 'code'],
    ['verification with letters', '/messages/test-phone/verify', { phone: OWN, code: 'abcdef' }, 'code'],
  ])('answers 400 naming the field for a %s', async (_what, path, body, field) => {
    const res = await api<ErrorBody>('POST', path, body);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields ?? {})).toContain(field);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await fetch(`${app.url}/api/messages/test-phone/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(res.status).toBe(400);
  });
});
