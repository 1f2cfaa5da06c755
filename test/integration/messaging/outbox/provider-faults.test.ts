// Provider faults through the simulator's fault modes (fault-modes.ts), on simulated time (manualClock):
// an outage, a 429 with Retry-After, a timeout after the provider took the message, and permanent
// rejections of a number. Real Postgres, the real dispatcher and reconcile, the app's status webhook.
import request from 'supertest';
import { manualClock } from '../../../../server/clock.js';
import { start, type RunningApp } from '../../../../server/main.js';
import { createDispatcher, type Dispatcher } from '../../../../server/messaging/outbox/dispatcher.js';
import { enqueueMessages } from '../../../../server/messaging/outbox/enqueue.js';
import { getMessage } from '../../../../server/messaging/outbox/message-queries.js';
import { reconcileAbandoned } from '../../../../server/messaging/outbox/reconcile.js';
import type { MessageDraft } from '../../../../server/messaging/outbox/types.js';
import { STATUS_WEBHOOK_PATH } from '../../../../server/messaging/provider-setup.js';
import {
  createSimulatorProvider,
  withFaults,
  type FaultySimulator,
  type SimulatorFault,
  type SimulatorProvider,
} from '../../../../server/messaging/providers/simulator/index.js';
import {
  SIGNATURE_HEADER,
  signMessageBirdRequest,
} from '../../../../server/messaging/providers/messagebird/index.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../support/test-database.js';
import {
  addSubscribers,
  createShop,
  dispatchSettings,
  phoneOf,
  registryOf,
  statusCounts,
} from './support.js';

/** 12:00 in New York (EDT), a Tuesday: inside every quiet-hours window. */
const T0 = new Date('2025-06-10T16:00:00Z');
const KEY = 'local-dev-signing-key';

/** A seeded PRNG (mulberry32), so the jitter of a run repeats. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('provider faults', () => {
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

  const drafts = (
    offsets: readonly number[],
    kind: MessageDraft['kind'],
    tag: string,
    areaCode = '212',
  ): MessageDraft[] =>
    offsets.map((i) => ({
      phone: phoneOf(i, areaCode),
      kind,
      sourceType: kind === 'marketing' ? 'campaign' : 'automation',
      sourceId: tag,
      body: `${tag} ${i}`,
      idempotencyKey: `${tag}:${kind}:${i}`,
    }));
  const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

  function setup(faults: SimulatorFault[], opts: { lookup?: boolean; seed?: number } = {}) {
    const clock = manualClock(T0);
    const inner: SimulatorProvider = createSimulatorProvider({ signingKey: KEY, now: () => clock.now() });
    const provider: FaultySimulator = withFaults(inner, {
      now: () => clock.now(),
      faults,
      lookup: opts.lookup,
    });
    const dispatcher: Dispatcher = createDispatcher({
      pool: app.database.pool,
      listenUrl: null,
      registry: () => registryOf(provider),
      // The app's own retry policy (DISPATCH_MAX_ATTEMPTS, DISPATCH_RETRY_BASE_MS, DISPATCH_RETRY_MAX_MS).
      dispatch: { ...dispatchSettings, ...app.config.dispatch },
      rates: { perShop: 0, perProvider: 0 },
      clock,
      random: seeded(opts.seed ?? 1),
    });
    const drain = async () => {
      while ((await dispatcher.runOnce()) > 0);
    };
    return { clock, inner, provider, dispatcher, drain };
  }

  /** A delivery report as MessageBird posts it, signed, to the app's status webhook. */
  async function postDlr(fields: Record<string, string>): Promise<void> {
    const url = `${app.url}${STATUS_WEBHOOK_PATH}`;
    const body = new URLSearchParams({
      ...fields,
      statusDatetime: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    }).toString();
    await request(app.url!)
      .post(STATUS_WEBHOOK_PATH)
      .set('content-type', 'application/x-www-form-urlencoded')
      .set(SIGNATURE_HEADER, signMessageBirdRequest({ url, body, signingKey: KEY, now: new Date() }))
      .send(body)
      .expect(200);
  }

  /** Dispatches, then jumps the clock to the shop's next due message, until nothing is queued. */
  async function runToQuiet(shopIds: string[], s: ReturnType<typeof setup>, limit = 1000): Promise<void> {
    for (let round = 0; round < limit; round++) {
      await s.drain();
      const { rows } = await app.database.pool.query<{ next: Date | null }>(
        `SELECT min(not_before) AS next FROM messages WHERE shop_id = ANY($1::uuid[]) AND status = 'queued'`,
        [shopIds],
      );
      const next = rows[0]!.next;
      if (!next) return;
      if (next > s.clock.now()) s.clock.set(next);
    }
    throw new Error('messages still queued after the round limit');
  }

  it('a 60 s outage (503): messages wait with growing, jittered delays and each goes out once after it; none fails', async () => {
    const pool = app.database.pool;
    const shopId = await createShop(pool);
    await addSubscribers(pool, shopId, 30);
    const outageEnd = new Date(T0.getTime() + 60_000);
    const s = setup([{ mode: 'outage', until: outageEnd }], { seed: 7 });
    const r = await enqueueMessages(
      pool,
      shopId,
      [...drafts(range(0, 15), 'marketing', 'outage'), ...drafts(range(15, 15), 'transactional', 'outage')],
      { now: T0 },
    );
    expect(r.queued).toBe(30);
    await runToQuiet([shopId], s);

    expect(await statusCounts(pool, shopId)).toEqual({ sent: 30 });
    const ours = new Set(r.messages.map((m) => m.id));
    const attempts = s.provider.attempts().filter((a) => ours.has(a.messageId));
    const taken = attempts.filter((a) => a.taken);
    // Each message handed over successfully exactly once, after the outage ended.
    expect(taken).toHaveLength(30);
    expect(new Set(taken.map((a) => a.messageId)).size).toBe(30);
    expect(taken.every((a) => a.at >= outageEnd)).toBe(true);
    expect(s.inner.sent().filter((m) => ours.has(m.message.messageId))).toHaveLength(30);
    // Every refusal came during the outage, answered 503.
    const refused = attempts.filter((a) => !a.taken);
    expect(refused.length).toBeGreaterThanOrEqual(30 * 3);
    expect(refused.every((a) => a.code === 'http_503' && a.at < outageEnd)).toBe(true);
    // Backoff: each message's gaps between tries grow; jitter: the messages' retry times differ.
    const byMessage = new Map<string, number[]>();
    for (const a of attempts)
      byMessage.set(a.messageId, [...(byMessage.get(a.messageId) ?? []), a.at.getTime()]);
    for (const times of byMessage.values()) {
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      for (let i = 1; i < gaps.length - 1; i++) expect(gaps[i]!).toBeGreaterThan(gaps[i - 1]!);
    }
    const secondTries = new Set([...byMessage.values()].map((times) => times[1]));
    expect(secondTries.size).toBeGreaterThan(5);
    // The recorded attempts equal the hand-offs, and the history tells the story.
    const rows = await pool.query<{ id: string; attempts: number; error_code: string | null }>(
      'SELECT id, attempts, error_code FROM messages WHERE shop_id = $1',
      [shopId],
    );
    for (const row of rows.rows) expect(row.attempts).toBe(byMessage.get(row.id)!.length);
    const history = (await getMessage(pool, shopId, r.messages[0]!.id))!.history;
    expect(history[0]!.status).toBe('queued');
    expect(history.at(-1)!.status).toBe('sent');
    expect(history.slice(1, -1).every((e) => e.status === 'retry_scheduled')).toBe(true);
    expect(history[1]!.detail).toMatchObject({ code: 'http_503' });
  });

  it("a 429 with Retry-After holds that shop's sends for that long; another shop's go on", async () => {
    const pool = app.database.pool;
    const shopA = await createShop(pool);
    const shopB = await createShop(pool);
    await addSubscribers(pool, shopA, 20, { offset: 100 });
    await addSubscribers(pool, shopB, 20, { offset: 200 });
    const phonesA = new Set(range(100, 20).map((i) => phoneOf(i)));
    const retryAfterMs = 30_000;
    const s = setup([
      {
        mode: 'rate_limit',
        retryAfterMs,
        until: new Date(T0.getTime() + 1000),
        match: (sms) => phonesA.has(sms.to),
      },
    ]);
    const a1 = await enqueueMessages(pool, shopA, drafts(range(100, 10), 'transactional', 'rl1'), {
      now: T0,
    });
    const b1 = await enqueueMessages(pool, shopB, drafts(range(200, 10), 'transactional', 'rl1'), {
      now: T0,
    });
    await s.drain();
    expect(await statusCounts(pool, shopA)).toEqual({ queued: 10 });
    expect(await statusCounts(pool, shopB)).toEqual({ sent: 10 });

    // Five seconds later (the provider would take them now): shop A still waits, shop B does not.
    const t5 = new Date(T0.getTime() + 5000);
    s.clock.set(t5);
    const a2 = await enqueueMessages(pool, shopA, drafts(range(110, 5), 'transactional', 'rl2'), { now: t5 });
    const b2 = await enqueueMessages(pool, shopB, drafts(range(210, 5), 'transactional', 'rl2'), { now: t5 });
    await s.drain();
    expect(await statusCounts(pool, shopA)).toEqual({ queued: 15 });
    expect(await statusCounts(pool, shopB)).toEqual({ sent: 15 });
    const heldUntil = T0.getTime() + retryAfterMs;
    const notBefore = await pool.query<{ nb: Date }>(
      `SELECT min(not_before) AS nb FROM messages WHERE shop_id = $1`,
      [shopA],
    );
    expect(notBefore.rows[0]!.nb.getTime()).toBeGreaterThanOrEqual(heldUntil);

    await runToQuiet([shopA, shopB], s);
    expect(await statusCounts(pool, shopA)).toEqual({ sent: 15 });
    const idsA = new Set([...a1.messages, ...a2.messages].map((m) => m.id));
    const idsB = new Set([...b1.messages, ...b2.messages].map((m) => m.id));
    const attempts = s.provider.attempts();
    const triesA = attempts.filter((a) => idsA.has(a.messageId));
    // Shop A: the first ten were refused once (429), then nothing of A reached the provider until Retry-After passed.
    expect(triesA.filter((a) => a.code === 'rate_limited')).toHaveLength(10);
    expect(triesA.filter((a) => a.at.getTime() > T0.getTime() && a.at.getTime() < heldUntil)).toHaveLength(0);
    expect(triesA.filter((a) => a.taken)).toHaveLength(15);
    expect(triesA.filter((a) => a.taken).every((a) => a.at.getTime() >= heldUntil)).toBe(true);
    // Shop B: each went out on its first try, the later five at t5.
    const triesB = attempts.filter((a) => idsB.has(a.messageId));
    expect(triesB).toHaveLength(15);
    expect(triesB.every((a) => a.taken)).toBe(true);
    expect(triesB.filter((a) => a.at.getTime() === t5.getTime())).toHaveLength(5);
    // Held messages were never tried, so their attempt is given back; the refused ones count one.
    const counts = await pool.query<{ id: string; attempts: number }>(
      'SELECT id, attempts FROM messages WHERE shop_id = $1',
      [shopA],
    );
    const firstTen = new Set(a1.messages.map((m) => m.id));
    for (const row of counts.rows) expect(row.attempts).toBe(firstTen.has(row.id) ? 2 : 1);
  });

  it('a timeout after the provider took it: marketing becomes unknown and is never resent, transactional is resent, a late DLR corrects the status', async () => {
    const pool = app.database.pool;
    const shopId = await createShop(pool);
    await addSubscribers(pool, shopId, 20, { offset: 300 });
    // MessageBird cannot be asked about a message it never gave us an id for: no look-up.
    const s = setup([{ mode: 'timeout_after_accept' }], { lookup: false });
    const r = await enqueueMessages(
      pool,
      shopId,
      [...drafts(range(300, 10), 'marketing', 'to'), ...drafts(range(310, 10), 'transactional', 'to')],
      { now: T0 },
    );
    await s.drain();
    // Not retried on the spot: the rows stay claimed until their lease runs out.
    expect(await statusCounts(pool, shopId)).toEqual({ sending: 20 });
    expect(s.dispatcher.stats()).toMatchObject({ uncertain: 20, retried: 0 });
    s.provider.setFaults([]);
    s.clock.set(new Date(T0.getTime() + app.config.dispatch.leaseMs + 1000));
    await s.drain();
    expect(await statusCounts(pool, shopId)).toEqual({ sending: 20 });

    const reconciled = await reconcileAbandoned({
      db: pool,
      registry: registryOf(s.provider),
      now: () => s.clock.now(),
      leaseMs: app.config.dispatch.leaseMs,
      maxAttempts: app.config.dispatch.maxAttempts,
      policy: {
        marketing: app.config.dispatch.reconcileMarketing,
        transactional: app.config.dispatch.reconcileTransactional,
      },
      workerName: 'faults',
    });
    expect(reconciled).toMatchObject({ examined: 20, unknown: 10, requeued: 10 });
    await s.drain();
    expect(await statusCounts(pool, shopId)).toEqual({ unknown: 10, sent: 10 });

    const ours = new Map(r.messages.map((m, i) => [m.id, i < 10 ? 'marketing' : 'transactional']));
    const handedOver = new Map<string, number>();
    for (const m of s.inner.sent())
      if (ours.has(m.message.messageId))
        handedOver.set(m.message.messageId, (handedOver.get(m.message.messageId) ?? 0) + 1);
    for (const [id, kind] of ours)
      expect([kind, handedOver.get(id)]).toEqual([kind, kind === 'marketing' ? 1 : 2]);

    // The provider's delivery report for a marketing message arrives late and wins.
    const marketingId = r.messages[0]!.id;
    const taken = s.inner.sent().find((m) => m.message.messageId === marketingId)!;
    expect(taken.outcome.status).toBe('accepted');
    const pmid = taken.outcome.status === 'accepted' ? taken.outcome.providerMessageId : '';
    await postDlr({
      id: pmid,
      reference: marketingId,
      recipient: phoneOf(300).slice(1),
      status: 'delivered',
    });
    const after = await pool.query('SELECT status, provider_message_id FROM messages WHERE id = $1', [
      marketingId,
    ]);
    expect(after.rows[0]).toEqual({ status: 'delivered', provider_message_id: pmid });
    expect(await statusCounts(pool, shopId)).toEqual({ unknown: 9, delivered: 1, sent: 10 });
  });

  it('a timeout where the provider can be asked: its answer wins and nothing is sent twice', async () => {
    const pool = app.database.pool;
    const shopId = await createShop(pool);
    await addSubscribers(pool, shopId, 6, { offset: 400 });
    const s = setup([{ mode: 'timeout_after_accept' }], { lookup: true });
    const r = await enqueueMessages(
      pool,
      shopId,
      [...drafts(range(400, 3), 'marketing', 'tl'), ...drafts(range(403, 3), 'transactional', 'tl')],
      { now: T0 },
    );
    await s.drain();
    s.provider.setFaults([]);
    s.clock.set(new Date(T0.getTime() + app.config.dispatch.leaseMs + 1000));
    const reconciled = await reconcileAbandoned({
      db: pool,
      registry: registryOf(s.provider),
      now: () => s.clock.now(),
      leaseMs: app.config.dispatch.leaseMs,
      maxAttempts: app.config.dispatch.maxAttempts,
      policy: { marketing: 'unknown', transactional: 'retry' },
      workerName: 'faults-lookup',
    });
    expect(reconciled).toMatchObject({ examined: 6, confirmed: 6, requeued: 0, unknown: 0 });
    await s.drain();
    expect(await statusCounts(pool, shopId)).toEqual({ sent: 6 });
    const ours = new Set(r.messages.map((m) => m.id));
    expect(s.inner.sent().filter((m) => ours.has(m.message.messageId))).toHaveLength(6);
  });

  it("permanent errors fail with the provider's code and flag the number: later sends to it are suppressed with that reason", async () => {
    const pool = app.database.pool;
    const shopId = await createShop(pool);
    const otherShop = await createShop(pool);
    await addSubscribers(pool, shopId, 3, { offset: 500 });
    await addSubscribers(pool, otherShop, 3, { offset: 500 });
    const invalid = phoneOf(500);
    const blocked = phoneOf(501);
    const s = setup([
      {
        mode: 'reject',
        code: 'invalid_recipient',
        reason: 'no such number',
        match: (sms) => sms.to === invalid,
      },
      { mode: 'reject', code: 'blocked', reason: 'recipient blocked', match: (sms) => sms.to === blocked },
    ]);
    const first = await enqueueMessages(pool, shopId, drafts(range(500, 3), 'transactional', 'p1'), {
      now: T0,
    });
    // Queued before the verdict, due a minute later: the check just before sending catches it.
    const queuedEarly = await enqueueMessages(pool, shopId, drafts([500, 501], 'transactional', 'p2'), {
      now: new Date(T0.getTime() + 60_000),
    });
    expect(queuedEarly.queued + queuedEarly.deferred).toBe(2);
    await s.drain();
    const state = async (id: string) =>
      (
        await pool.query(
          'SELECT status, error_code, suppressed_reason, attempts FROM messages WHERE id = $1',
          [id],
        )
      ).rows[0];
    expect(await state(first.messages[0]!.id)).toMatchObject({
      status: 'failed',
      error_code: 'invalid_recipient',
      attempts: 1,
    });
    expect(await state(first.messages[1]!.id)).toMatchObject({
      status: 'failed',
      error_code: 'blocked',
      attempts: 1,
    });
    expect(await state(first.messages[2]!.id)).toMatchObject({ status: 'sent' });

    s.clock.set(new Date(T0.getTime() + 60_000));
    await s.drain();
    for (const [m, code] of [
      [queuedEarly.messages[0]!, 'invalid_recipient'],
      [queuedEarly.messages[1]!, 'blocked'],
    ] as const) {
      expect(await state(m.id)).toMatchObject({
        status: 'suppressed',
        suppressed_reason: 'undeliverable_number',
      });
      const events = await pool.query(`SELECT status, detail FROM message_events WHERE message_id = $1`, [
        m.id,
      ]);
      expect(events.rows).toEqual([
        { status: 'suppressed', detail: expect.objectContaining({ reason: 'undeliverable_number', code }) },
      ]);
    }

    // Created later, any kind: suppressed at once; the third number and other shops are not affected.
    const later = new Date(T0.getTime() + 120_000);
    const again = await enqueueMessages(
      pool,
      shopId,
      [...drafts([500, 501, 502], 'marketing', 'p3'), ...drafts([500], 'transactional', 'p3')],
      { now: later },
    );
    expect(again.messages.map((m) => [m.status, m.suppressedReason])).toEqual([
      ['suppressed', 'undeliverable_number'],
      ['suppressed', 'undeliverable_number'],
      ['queued', null],
      ['suppressed', 'undeliverable_number'],
    ]);
    const elsewhere = await enqueueMessages(pool, otherShop, drafts([500, 501], 'transactional', 'p3'), {
      now: later,
    });
    expect(elsewhere.messages.map((m) => m.status)).toEqual(['queued', 'queued']);
    const tried = s.provider.attempts().filter((a) => a.to === invalid || a.to === blocked);
    expect(
      tried.filter((a) => [...first.messages, ...queuedEarly.messages].some((m) => m.id === a.messageId)),
    ).toHaveLength(2);

    // The network reports the third number unknown (GSM MAP 1) for the message it took: flagged as well.
    const third = first.messages[2]!.id;
    const handedOff = s.inner.sent().find((m) => m.message.messageId === third)!;
    await postDlr({
      id: handedOff.outcome.status === 'accepted' ? handedOff.outcome.providerMessageId : '',
      reference: third,
      recipient: phoneOf(502).slice(1),
      status: 'delivery_failed',
      statusReason: 'unknown subscriber',
      statusErrorCode: '1',
    });
    expect(await state(third)).toMatchObject({ status: 'undeliverable' });
    const afterDlr = await enqueueMessages(pool, shopId, drafts([502], 'transactional', 'p4'), {
      now: new Date(later.getTime() + 60_000),
    });
    expect(afterDlr.messages.map((m) => [m.status, m.suppressedReason])).toEqual([
      ['suppressed', 'undeliverable_number'],
    ]);
  });
});
