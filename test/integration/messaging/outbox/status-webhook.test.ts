// The status webhook: simulator DLRs end to end through the running app, monotonic and idempotent
// application, mapping by (provider message id, recipient), signature and parse failures.
import request from 'supertest';
import { start, type RunningApp } from '../../../../server/main.js';
import { enqueueMessages } from '../../../../server/messaging/outbox/enqueue.js';
import { getMessage } from '../../../../server/messaging/outbox/message-queries.js';
import {
  SIGNATURE_HEADER,
  signMessageBirdRequest,
} from '../../../../server/messaging/providers/messagebird/index.js';
import { STATUS_WEBHOOK_PATH } from '../../../../server/messaging/provider-setup.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../support/test-database.js';
import { addSubscribers, createShop, phoneOf, waitFor } from './support.js';

const KEY = 'local-dev-signing-key';

describe('status webhook', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let shopId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({
      port: 0,
      env: testEnv(db, {
        LOCAL_SEED: 'false',
        SIMULATOR_DLR: 'true',
        SIMULATOR_DLR_DELAY_MS: '0',
        DISPATCH_POLL_MS: '50',
      }),
    });
    shopId = await createShop(app.database.pool);
    await addSubscribers(app.database.pool, shopId, 50);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const post = (fields: Record<string, string>, opts: { key?: string } = {}) => {
    const url = `${app.url}${STATUS_WEBHOOK_PATH}`;
    const body = new URLSearchParams(fields).toString();
    return request(app.url!)
      .post(STATUS_WEBHOOK_PATH)
      .set('content-type', 'application/x-www-form-urlencoded')
      .set(
        SIGNATURE_HEADER,
        signMessageBirdRequest({ url, body, signingKey: opts.key ?? KEY, now: new Date() }),
      )
      .send(body);
  };
  const insertSent = async (i: number, pmid: string, status = 'sent') => {
    const { rows } = await app.database.pool.query<{ id: string }>(
      `INSERT INTO messages (shop_id, phone, kind, source_type, body, encoding, segments, idempotency_key, status, provider_message_id, sent_at)
       VALUES ($1, $2, 'transactional', 'automation', 'x', 'GSM-7', 1, $3, $4, $5, now()) RETURNING id`,
      [shopId, phoneOf(i), `dlr:${i}:${pmid}`, status, pmid],
    );
    return rows[0]!.id;
  };
  /** Status and the history the message API shows after creation. */
  const state = async (id: string) => {
    const m = await app.database.pool.query(
      'SELECT status, delivered_at IS NOT NULL AS delivered FROM messages WHERE id = $1',
      [id],
    );
    const history = (await getMessage(app.database.pool, shopId, id))!.history;
    return { ...m.rows[0], events: history.map((h) => h.status).filter((st) => st !== 'queued') };
  };
  const dlr = (pmid: string, i: number, status: string, extra: Record<string, string> = {}) => ({
    id: pmid,
    recipient: phoneOf(i).slice(1),
    status,
    statusDatetime: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    ...extra,
  });

  it('a queued message goes out through the simulator and its signed DLR marks it delivered', async () => {
    const r = await enqueueMessages(app.database.pool, shopId, [
      {
        phone: phoneOf(0),
        kind: 'transactional',
        sourceType: 'automation',
        body: 'Your order shipped',
        idempotencyKey: 'flow:0',
      },
    ]);
    const id = r.messages[0]!.id;
    const final = await waitFor('delivered', async () => {
      const s = await state(id);
      return s.status === 'delivered' ? s : null;
    });
    expect(final).toEqual({ status: 'delivered', delivered: true, events: ['sent', 'delivered'] });
  });

  it('applies reports monotonically: delivered then a late sent stays delivered; duplicates are no-ops', async () => {
    const id = await insertSent(1, 'pm-1');
    expect((await post(dlr('pm-1', 1, 'delivered', { reference: id }))).body).toEqual({
      applied: 1,
      ignored: 0,
      unmatched: 0,
    });
    expect((await post(dlr('pm-1', 1, 'sent', { reference: id }))).body).toEqual({
      applied: 0,
      ignored: 1,
      unmatched: 0,
    });
    expect((await post(dlr('pm-1', 1, 'delivered', { reference: id }))).status).toBe(200);
    expect(
      (await post(dlr('pm-1', 1, 'delivery_failed', { reference: id, statusErrorCode: '1' }))).body.ignored,
    ).toBe(1);
    expect(await state(id)).toEqual({ status: 'delivered', delivered: true, events: ['sent', 'delivered'] });
  });

  it('maps grouped sends by (provider message id, recipient), and a late report resolves unknown', async () => {
    const a = await insertSent(2, 'grp-9');
    const b = await insertSent(3, 'grp-9', 'unknown');
    const res = await post(dlr('grp-9', 3, 'delivered', { reference: `grp:${a}` }));
    expect(res.body).toEqual({ applied: 1, ignored: 0, unmatched: 0 });
    expect((await state(b)).status).toBe('delivered');
    expect((await state(a)).status).toBe('sent');
    const failed = await post(
      dlr('grp-9', 2, 'delivery_failed', { statusErrorCode: '1', statusReason: 'unknown subscriber' }),
    );
    expect(failed.body.applied).toBe(1);
    const row = await app.database.pool.query('SELECT status, error_code FROM messages WHERE id = $1', [a]);
    expect(row.rows[0]).toEqual({ status: 'undeliverable', error_code: '1' });
    expect((await post(dlr('nobody', 4, 'delivered'))).body).toEqual({
      applied: 0,
      ignored: 0,
      unmatched: 1,
    });
  });

  it('refuses a forged signature with 401 and stores nothing', async () => {
    const id = await insertSent(5, 'pm-5');
    const res = await post(dlr('pm-5', 5, 'delivered', { reference: id }), { key: 'not-the-signing-key' });
    expect(res.status).toBe(401);
    const unsigned = await request(app.url!)
      .post(STATUS_WEBHOOK_PATH)
      .type('form')
      .send(dlr('pm-5', 5, 'delivered', { reference: id }));
    expect(unsigned.status).toBe(401);
    expect(await state(id)).toEqual({ status: 'sent', delivered: false, events: ['sent'] });
  });

  it('answers 400 to a signed report it cannot parse', async () => {
    const res = await post({ id: 'pm-6', recipient: '12125000006' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_status_report');
  });

  it('answers 400 (not 503, which MessageBird would retry) to a signed report with a NUL character, changing nothing (found by npm run fuzz)', async () => {
    const id = await insertSent(7, 'pm-7');
    const res = await post(dlr('pm-7\u0000x', 7, 'delivered', { reference: id }));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'invalid_status_report',
      message: expect.stringMatching(/NUL/),
    });
    expect(await state(id)).toEqual({ status: 'sent', delivered: false, events: ['sent'] });
  });
});
