// A 429 with Retry-After from MessageBird itself (faked at the HTTP layer with nock, MessageBird's documented
// error body) holds that shop's sends for that long through the real dispatcher, as the simulator's fault
// mode does in provider-faults.test.ts; another shop's go on. Real Postgres, simulated time (manualClock).
import nock from 'nock';
import { manualClock } from '../../../../server/clock.js';
import { start, type RunningApp } from '../../../../server/main.js';
import { createDispatcher } from '../../../../server/messaging/outbox/dispatcher.js';
import { enqueueMessages } from '../../../../server/messaging/outbox/enqueue.js';
import type { MessageDraft } from '../../../../server/messaging/outbox/types.js';
import { createMessageBirdProvider } from '../../../../server/messaging/providers/messagebird/index.js';
import { restoreNock } from '../../../support/nock-lifecycle.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../support/test-database.js';
import {
  addSubscribers,
  createShop,
  dispatchSettings,
  phoneOf,
  registryOf,
  statusCounts,
} from './support.js';

const API = 'https://rest.messagebird.com';
/** 12:00 in New York (EDT), a Tuesday: inside every quiet-hours window. */
const T0 = new Date('2025-06-10T16:00:00Z');

describe('MessageBird 429 with Retry-After', () => {
  let db: TestDatabase;
  let app: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false' }) });
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterAll(async () => {
    restoreNock();
    await app?.stop();
    await db?.drop();
  });

  it("holds that shop's sends until Retry-After has passed; another shop's go on", async () => {
    const pool = app.database.pool;
    const shopA = await createShop(pool);
    const shopB = await createShop(pool);
    await addSubscribers(pool, shopA, 5, { offset: 100 });
    await addSubscribers(pool, shopB, 5, { offset: 200 });
    const msisdnsA = new Set([100, 101, 102, 103, 104].map((i) => phoneOf(i).slice(1)));
    let limited = true;
    const requests: Array<{ recipients: string; at: number; status: number }> = [];
    const clock = manualClock(T0);
    nock(API)
      .post('/messages')
      .reply(async (req: Request) => {
        const body = JSON.parse(await req.text()) as Record<string, unknown>;
        const recipients = String(body.recipients);
        const status = limited && msisdnsA.has(recipients) ? 429 : 201;
        requests.push({ recipients, at: clock.now().getTime(), status });
        if (status === 429)
          return [
            429,
            { errors: [{ code: 429, description: 'Too many requests', parameter: null }] },
            { 'Retry-After': '30' },
          ];
        return [
          201,
          { id: `mb-${requests.length}`, recipients: { items: [{ recipient: Number(recipients) }] } },
        ];
      })
      .persist();
    const provider = createMessageBirdProvider({
      accessKey: 'test_key',
      signingKey: 'sk',
      reportUrl: 'https://app.example.com/webhooks/sms/status',
      timeoutMs: 5000,
      concurrency: 1,
    });
    const dispatcher = createDispatcher({
      pool,
      listenUrl: null,
      registry: () => registryOf(provider),
      dispatch: { ...dispatchSettings, ...app.config.dispatch },
      rates: { perShop: 0, perProvider: 0 },
      clock,
      random: () => 0.5,
    });
    const drain = async () => {
      while ((await dispatcher.runOnce()) > 0);
    };
    const drafts = (shopOffset: number, tag: string): MessageDraft[] =>
      [0, 1, 2, 3, 4].map((i) => ({
        phone: phoneOf(shopOffset + i),
        kind: 'transactional',
        sourceType: 'automation',
        sourceId: tag,
        body: `${tag} ${i}`,
        idempotencyKey: `${tag}:${shopOffset + i}`,
      }));
    await enqueueMessages(pool, shopA, drafts(100, 'mb429'), { now: T0 });
    await enqueueMessages(pool, shopB, drafts(200, 'mb429'), { now: T0 });

    await drain();
    expect(await statusCounts(pool, shopA)).toEqual({ queued: 5 });
    expect(await statusCounts(pool, shopB)).toEqual({ sent: 5 });
    const heldUntil = T0.getTime() + 30_000;
    const { rows } = await pool.query<{ nb: Date }>(
      `SELECT min(not_before) AS nb FROM messages WHERE shop_id = $1`,
      [shopA],
    );
    expect(rows[0]!.nb.getTime()).toBeGreaterThanOrEqual(heldUntil);

    // MessageBird would take them now, but 20 s in shop A is still held: nothing of A is even tried.
    limited = false;
    clock.set(new Date(T0.getTime() + 20_000));
    const before = requests.length;
    await drain();
    expect(requests.length).toBe(before);
    expect(await statusCounts(pool, shopA)).toEqual({ queued: 5 });

    clock.set(new Date(rows[0]!.nb.getTime()));
    await drain();
    expect(await statusCounts(pool, shopA)).toEqual({ sent: 5 });
    const triesA = requests.filter((r) => msisdnsA.has(r.recipients));
    expect(triesA.filter((r) => r.status === 429)).toHaveLength(5);
    expect(triesA.filter((r) => r.status === 201).every((r) => r.at >= heldUntil)).toBe(true);
  });
});
