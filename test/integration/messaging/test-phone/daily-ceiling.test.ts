// The daily send ceiling of new shops (NEW_SHOP_DAILY_CEILING, here 3; NEW_SHOP_DAYS 7): past it, messages are
// suppressed with reason daily_ceiling, visible in the message list; shops installed earlier, messages older
// than 24 hours and suppressed messages do not count. Real app and database.
import type { MessageList, SendTestMessageResult } from '../../../../server/contracts/messages.js';
import { start, type RunningApp } from '../../../../server/main.js';
import { enqueueMessages } from '../../../../server/messaging/outbox/enqueue.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../support/test-database.js';

const SUBSCRIBER = '+14155550142';

describe('daily send ceiling for new shops', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let shopId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({
      port: 0,
      env: testEnv(db, { LOCAL_SEED: 'false', NEW_SHOP_DAILY_CEILING: '3', TEST_SEND_RATE_PER_HOUR: '100' }),
    });
    const shop = await app.database.pool.query<{ id: string }>(
      `INSERT INTO shops (domain, name, sender_id, country_code, currency, installed_at)
       VALUES ('demo.myshopify.com', 'Demo Store', 'DemoStore', 'US', 'USD', now() - interval '2 days') RETURNING id`,
    );
    shopId = shop.rows[0]!.id;
    await app.database.pool.query(
      `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source, subscribed_at)
       VALUES ($1, $2, 'US', 'subscribed', 'subscribed', 'admin', now())`,
      [shopId, SUBSCRIBER],
    );
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const testSend = async () => {
    const res = await fetch(`${app.url}/api/messages/test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: SUBSCRIBER, body: 'Test', kind: 'transactional' }),
    });
    return { status: res.status, body: (await res.json()) as SendTestMessageResult };
  };

  /** Created and on its way: not suppressed (the dispatcher may already have claimed it: queued, sending or sent). */
  const expectOnItsWay = (sent: SendTestMessageResult) => {
    expect(sent.notSentReason).toBeNull();
    expect(['queued', 'sending', 'sent', 'delivered']).toContain(sent.message?.status);
  };

  it('suppresses what a new shop sends past its ceiling, with reason daily_ceiling, in the message list', async () => {
    for (let i = 0; i < 3; i++) {
      expectOnItsWay((await testSend()).body);
    }
    const fourth = await testSend();
    expect(fourth.status).toBe(202);
    expect(fourth.body).toMatchObject({
      notSentReason: 'daily_ceiling',
      message: { status: 'suppressed', suppressedReason: 'daily_ceiling' },
    });
    const list = (await (await fetch(`${app.url}/api/messages?status=suppressed`)).json()) as MessageList;
    expect(list.items.map((m) => m.suppressedReason)).toEqual(['daily_ceiling']);
    // Flow tests and automations go through the same ceiling.
    const flow = await fetch(`${app.url}/api/automations/order_confirmation/test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: SUBSCRIBER }),
    });
    expect(((await flow.json()) as { notSentReason: string }).notSentReason).toBe('daily_ceiling');
  });

  it('counts a rolling 24 hours of messages that were not suppressed', async () => {
    await app.database.pool.query(
      `UPDATE messages SET created_at = now() - interval '25 hours' WHERE shop_id = $1 AND status <> 'suppressed'`,
      [shopId],
    );
    expectOnItsWay((await testSend()).body);
  });

  it('lets the ceiling go once the shop was installed 7 days ago', async () => {
    await app.database.pool.query(
      `UPDATE shops SET installed_at = now() - interval '7 days 1 minute' WHERE id = $1`,
      [shopId],
    );
    for (let i = 0; i < 4; i++) expectOnItsWay((await testSend()).body);
  });

  it('spends the budget within one batch and never holds back a STOP confirmation', async () => {
    const shop = await app.database.pool.query<{ id: string }>(
      `INSERT INTO shops (domain, name, sender_id) VALUES ('new.myshopify.com', 'New', 'New') RETURNING id`,
    );
    const id = shop.rows[0]!.id;
    const phones = ['+14155550200', '+14155550201', '+14155550202', '+14155550203', '+14155550204'];
    await app.database.pool.query(
      `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source, subscribed_at)
       SELECT $1, p, 'US', 'subscribed', 'subscribed', 'admin', now() FROM unnest($2::text[]) AS p`,
      [id, phones],
    );
    const ceiling = { dailyCeiling: 3, newShopDays: 7 };
    const drafts = phones.map((phone, i) => ({
      phone,
      kind: 'transactional' as const,
      sourceType: 'automation',
      body: `Hi ${i}`,
      idempotencyKey: `c:${i}`,
    }));
    const r = await enqueueMessages(app.database.pool, id, drafts, { newShopCeiling: ceiling });
    expect(r.messages.map((m) => m.suppressedReason)).toEqual([
      null,
      null,
      null,
      'daily_ceiling',
      'daily_ceiling',
    ]);
    const reply = await enqueueMessages(
      app.database.pool,
      id,
      [
        {
          phone: phones[4]!,
          kind: 'transactional',
          sourceType: 'keyword_reply',
          body: 'You are unsubscribed.',
          idempotencyKey: 'stop-reply',
        },
      ],
      { newShopCeiling: ceiling },
    );
    expect(reply.messages[0]).toMatchObject({ status: 'queued', suppressedReason: null });
    // Disabled (0): no ceiling at all.
    const off = await enqueueMessages(app.database.pool, id, [{ ...drafts[0]!, idempotencyKey: 'off' }], {
      newShopCeiling: { dailyCeiling: 0, newShopDays: 7 },
    });
    expect(off.messages[0]!.status).toBe('queued');
  });
});
