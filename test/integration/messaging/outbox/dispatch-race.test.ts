// Two dispatchers (separate connection pools, two lanes each) racing over the same 10,000 queued
// messages: every message reaches the provider exactly once and ends 'sent'.
import pg from 'pg';
import { start, type RunningApp } from '../../../../server/main.js';
import { systemClock } from '../../../../server/clock.js';
import { createDispatcher } from '../../../../server/messaging/outbox/dispatcher.js';
import { enqueueMessages } from '../../../../server/messaging/outbox/enqueue.js';
import { createSimulatorProvider } from '../../../../server/messaging/providers/simulator/index.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../support/test-database.js';
import {
  addSubscribers,
  createShop,
  dispatchSettings,
  phoneOf,
  registryOf,
  statusCounts,
  waitFor,
} from './support.js';

const N = 10_000;

describe('dispatchers racing', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let secondPool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false' }) });
    secondPool = new pg.Pool({ connectionString: app.database.url, max: 4 });
  });
  afterAll(async () => {
    await secondPool?.end();
    await app?.stop();
    await db?.drop();
  });

  it(`sends each of ${N} messages exactly once`, async () => {
    const pool = app.database.pool;
    const shopId = await createShop(pool);
    await addSubscribers(pool, shopId, N);
    const drafts = Array.from({ length: N }, (_, i) => ({
      phone: phoneOf(i),
      kind: 'transactional' as const,
      sourceType: 'automation',
      sourceId: 'race',
      body: `Your order #${i} has shipped`,
      idempotencyKey: `race:${i}`,
    }));
    const created = await enqueueMessages(pool, shopId, drafts);
    expect(created.queued).toBe(N);
    // Enqueueing again creates nothing: one logical message is one row forever.
    const again = await enqueueMessages(pool, shopId, drafts.slice(0, 100));
    expect(again.existing).toBe(100);

    const simulator = createSimulatorProvider({ signingKey: 'k', capacity: 3 * N });
    const common = {
      listenUrl: app.database.embedded ? null : app.database.url,
      registry: () => registryOf(simulator),
      dispatch: { ...dispatchSettings, batchSize: 250 },
      rates: { perShop: 0, perProvider: 0 },
      clock: systemClock,
    };
    const a = createDispatcher({ ...common, pool, name: 'a' });
    const b = createDispatcher({ ...common, pool: secondPool, name: 'b' });
    a.start();
    b.start();
    try {
      await waitFor('all sent', async () => (await statusCounts(pool, shopId)).sent === N, 120_000);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }

    const sent = simulator.sent();
    const perMessage = new Map<string, number>();
    for (const r of sent) perMessage.set(r.message.messageId, (perMessage.get(r.message.messageId) ?? 0) + 1);
    expect(sent.length).toBe(N);
    expect(perMessage.size).toBe(N);
    expect([...perMessage.values()].every((n) => n === 1)).toBe(true);
    expect(a.stats().sent + b.stats().sent).toBe(N);
    expect(a.stats().sent).toBeGreaterThan(0);
    expect(b.stats().sent).toBeGreaterThan(0);
    expect(await statusCounts(pool, shopId)).toEqual({ sent: N });
    const ids = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages
        WHERE shop_id = $1 AND provider_message_id IS NOT NULL AND sent_at IS NOT NULL AND attempts = 1 AND lease_expires_at IS NULL`,
      [shopId],
    );
    expect(ids.rows[0]!.n).toBe(N);
  });
});
