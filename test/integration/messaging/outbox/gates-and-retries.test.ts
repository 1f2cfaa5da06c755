// Gates at creation and at dispatch (consent, quiet hours, frequency caps) and retries of
// transient provider failures, on real Postgres with the real dispatcher.
import { manualClock, systemClock, type Clock } from '../../../../server/clock.js';
import { start, type RunningApp } from '../../../../server/main.js';
import { createDispatcher } from '../../../../server/messaging/outbox/dispatcher.js';
import { enqueueMessages } from '../../../../server/messaging/outbox/enqueue.js';
import { getMessage } from '../../../../server/messaging/outbox/message-queries.js';
import type { MessageDraft } from '../../../../server/messaging/outbox/types.js';
import type { OutboundSms, SendOutcome, SmsProvider } from '../../../../server/messaging/providers/types.js';
import { createSimulatorProvider } from '../../../../server/messaging/providers/simulator/index.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../support/test-database.js';
import {
  addSubscribers,
  createShop,
  dispatchSettings,
  phoneOf,
  registryOf,
  statusCounts,
} from './support.js';

/** 12:00 in New York (EDT), a Tuesday. */
const NOON_NY = new Date('2025-06-10T16:00:00Z');

describe('outbox gates and retries', () => {
  let db: TestDatabase;
  let app: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false' }) });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const draft = (i: number, extra: Partial<MessageDraft> = {}): MessageDraft => ({
    phone: phoneOf(i),
    kind: 'marketing',
    sourceType: 'campaign',
    sourceId: 'c1',
    body: `Sale ${i}`,
    idempotencyKey: `k:${i}:${extra.kind ?? 'marketing'}:${extra.sourceId ?? 'c1'}`,
    ...extra,
  });
  const row = async (id: string) =>
    (
      await app.database.pool.query(
        'SELECT status, suppressed_reason, not_before, attempts, error_code FROM messages WHERE id = $1',
        [id],
      )
    ).rows[0];
  const dispatcherWith = (provider: SmsProvider, clock: Clock) =>
    createDispatcher({
      pool: app.database.pool,
      listenUrl: null,
      registry: () => registryOf(provider),
      dispatch: dispatchSettings,
      rates: { perShop: 0, perProvider: 0 },
      clock,
    });
  const drain = async (d: ReturnType<typeof dispatcherWith>) => {
    while ((await d.runOnce()) > 0);
  };

  it('suppresses at creation without consent, with the reason', async () => {
    const pool = app.database.pool;
    const shopId = await createShop(pool);
    await addSubscribers(pool, shopId, 1, { offset: 0 });
    await addSubscribers(pool, shopId, 1, { offset: 1, marketing: 'never', transactional: 'never' });
    await addSubscribers(pool, shopId, 1, {
      offset: 2,
      marketing: 'unsubscribed',
      transactional: 'subscribed',
    });
    const r = await enqueueMessages(
      pool,
      shopId,
      [
        draft(0),
        draft(1),
        draft(2),
        draft(3),
        draft(1, { kind: 'transactional' }),
        draft(2, { kind: 'transactional' }),
      ],
      { now: NOON_NY },
    );
    expect(r.messages.map((m) => [m.status, m.suppressedReason])).toEqual([
      ['queued', null],
      ['suppressed', 'no_marketing_consent'],
      ['suppressed', 'opted_out'],
      ['suppressed', 'no_subscriber'],
      ['suppressed', 'no_transactional_consent'],
      ['suppressed', 'opted_out'],
    ]);
    const cost = await pool.query(
      'SELECT cost_micros, country_code, segments, encoding FROM messages WHERE id = $1',
      [r.messages[0]!.id],
    );
    expect(cost.rows[0]).toEqual({ cost_micros: 8300, country_code: 'US', segments: 1, encoding: 'GSM-7' });
  });

  it('defers marketing in quiet hours to the next allowed minute (never dropped); transactional goes at once', async () => {
    const pool = app.database.pool;
    const shopId = await createShop(pool);
    await addSubscribers(pool, shopId, 2);
    await addSubscribers(pool, shopId, 1, { areaCode: '305' }); // Miami: Florida stops at 20:00
    const nightNy = new Date('2025-06-10T03:00:00Z'); // 23:00 EDT
    const r = await enqueueMessages(pool, shopId, [draft(0), draft(1, { kind: 'transactional' })], {
      now: nightNy,
    });
    expect(r.deferred).toBe(1);
    expect(r.queued).toBe(1);
    expect((await row(r.messages[0]!.id)).not_before).toEqual(new Date('2025-06-10T12:00:00Z')); // 8:00 EDT
    expect((await row(r.messages[1]!.id)).not_before).toEqual(nightNy);
    const evening = new Date('2025-06-11T00:30:00Z'); // 20:30 EDT: fine in New York, too late in Florida
    const fl = await enqueueMessages(
      pool,
      shopId,
      [{ ...draft(0, { sourceId: 'c2' }), phone: '+13055000000' }, draft(1, { sourceId: 'c2' })],
      { now: evening },
    );
    expect(fl.messages[0]).toMatchObject({ status: 'queued', notBefore: new Date('2025-06-11T12:00:00Z') });
    expect(fl.messages[1]).toMatchObject({ status: 'queued', notBefore: evening });
  });

  it('applies frequency caps (min interval, weekly cap) with the reason', async () => {
    const pool = app.database.pool;
    const shopId = await createShop(pool);
    await addSubscribers(pool, shopId, 3);
    const past = async (i: number, hoursAgo: number) =>
      pool.query(
        `INSERT INTO messages (shop_id, phone, kind, source_type, body, encoding, segments, idempotency_key, status, sent_at)
         VALUES ($1, $2, 'marketing', 'campaign', 'old', 'GSM-7', 1, $3, 'delivered', $4)`,
        [shopId, phoneOf(i), `old:${i}:${hoursAgo}`, new Date(NOON_NY.getTime() - hoursAgo * 3_600_000)],
      );
    await past(0, 2); // 2 h ago: inside the 16 h minimum interval
    await past(1, 72);
    await past(1, 120); // two in the last 7 days: weekly cap of 2 reached
    const r = await enqueueMessages(
      pool,
      shopId,
      [draft(0), draft(1), draft(2), draft(2, { sourceId: 'c9' }), draft(0, { kind: 'transactional' })],
      { now: NOON_NY },
    );
    expect(r.messages.map((m) => m.suppressedReason)).toEqual([
      'min_interval',
      'weekly_cap',
      null,
      'min_interval',
      null,
    ]);
  });

  it('re-checks the gates at dispatch: an opt-out after queueing suppresses the message', async () => {
    const pool = app.database.pool;
    const shopId = await createShop(pool);
    await addSubscribers(pool, shopId, 3, { offset: 100 });
    const r = await enqueueMessages(
      pool,
      shopId,
      [100, 101, 102].map((i) => draft(i)),
      { now: NOON_NY },
    );
    expect(r.queued).toBe(3);
    await pool.query(
      `UPDATE subscribers SET marketing_state = 'unsubscribed' WHERE shop_id = $1 AND phone = $2`,
      [shopId, phoneOf(101)],
    );
    const simulator = createSimulatorProvider({ signingKey: 'k' });
    await drain(dispatcherWith(simulator, manualClock(NOON_NY)));
    const ours = new Set(r.messages.map((m) => m.id));
    const sentTo = simulator
      .sent()
      .filter((s) => ours.has(s.message.messageId))
      .map((s) => s.message.to);
    expect(sentTo.sort()).toEqual([phoneOf(100), phoneOf(102)]);
    expect(await row(r.messages[1]!.id)).toMatchObject({
      status: 'suppressed',
      suppressed_reason: 'opted_out',
    });
    const events = await pool.query(`SELECT status, detail FROM message_events WHERE message_id = $1`, [
      r.messages[1]!.id,
    ]);
    expect(events.rows).toEqual([
      { status: 'suppressed', detail: expect.objectContaining({ reason: 'opted_out' }) },
    ]);
  });

  it('retries transient failures with backoff until the provider recovers; permanent errors fail at once', async () => {
    const pool = app.database.pool;
    const shopId = await createShop(pool);
    await addSubscribers(pool, shopId, 12, { offset: 200 });
    const accepted = new Map<string, number>();
    // The provider fails each message's first two tries (an outage it recovers from), whichever batch it is in.
    const tries = new Map<string, number>();
    const flaky: SmsProvider = {
      ...createSimulatorProvider({ signingKey: 'k' }),
      async send(batch: readonly OutboundSms[]): Promise<SendOutcome[]> {
        return batch.map((sms) => {
          const attempt = (tries.get(sms.messageId) ?? 0) + 1;
          tries.set(sms.messageId, attempt);
          if (sms.to === phoneOf(210))
            return {
              messageId: sms.messageId,
              status: 'rejected',
              permanent: true,
              code: 'invalid_recipient',
              reason: 'no such number',
            };
          if (sms.to === phoneOf(211) || attempt <= 2)
            return {
              messageId: sms.messageId,
              status: 'transient',
              code: 'http_500',
              reason: 'server error',
            };
          accepted.set(sms.messageId, (accepted.get(sms.messageId) ?? 0) + 1);
          return { messageId: sms.messageId, status: 'accepted', providerMessageId: `p-${sms.messageId}` };
        });
      },
    };
    const r = await enqueueMessages(
      pool,
      shopId,
      Array.from({ length: 12 }, (_, i) => draft(200 + i, { kind: 'transactional' })),
    );
    const d = dispatcherWith(flaky, systemClock);
    const deadline = Date.now() + 20_000;
    for (;;) {
      await d.runOnce();
      const counts = await statusCounts(pool, shopId);
      if ((counts.sent ?? 0) === 10 && (counts.failed ?? 0) === 2) break;
      if (Date.now() > deadline) throw new Error(`stuck: ${JSON.stringify(counts)}`);
      await new Promise((res) => setTimeout(res, 20));
    }
    // Only this shop's messages: the dispatcher also claims what earlier cases left queued for later days of
    // their simulated 2025 (e.g. the Florida text held until 8:00), which is due by the wall clock and, during
    // US daytime, sent.
    const ours = new Set(r.messages.map((m) => m.id));
    const acceptedOurs = [...accepted].filter(([id]) => ours.has(id));
    expect(acceptedOurs).toHaveLength(10);
    expect(acceptedOurs.every(([, n]) => n === 1)).toBe(true);
    const first = await row(r.messages[0]!.id);
    expect(first).toMatchObject({ status: 'sent', attempts: 3 });
    expect(await row(r.messages[10]!.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error_code: 'invalid_recipient',
    });
    expect(await row(r.messages[11]!.id)).toMatchObject({
      status: 'failed',
      attempts: dispatchSettings.maxAttempts,
      error_code: 'http_500',
    });
    const history = (await getMessage(pool, shopId, r.messages[0]!.id))!.history;
    expect(history.map((e) => e.status)).toEqual(['queued', 'retry_scheduled', 'retry_scheduled', 'sent']);
    expect(history.at(-1)!.detail).toMatchObject({ attempt: 3, providerMessageId: expect.any(String) });
  });
});
