// Transactional messages keep priority over a campaign: with a 50,000-recipient campaign in flight on the
// simulator (web + worker in one process, the app's own dispatcher), an order confirmation queued behind it is
// handed off while the campaign still has messages waiting.
import type { Clock } from '../../../server/clock.js';
import { start, type RunningApp } from '../../../server/main.js';
import { scheduleCampaign } from '../../../server/campaigns/campaign-actions.js';
import { createCampaign } from '../../../server/campaigns/campaign-service.js';
import { createCampaignSchema } from '../../../server/contracts/campaigns.js';
import { enqueueMessages } from '../../../server/messaging/outbox/enqueue.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { waitFor } from '../messaging/outbox/support.js';
import { insertSegment, insertShop } from './support.js';

/** 12:00 in New York (EDT), a Tuesday: inside every US sending window. The clock runs from there. */
const NOON_NY = new Date('2025-06-10T16:00:00Z').getTime();
const N = 50_000;

describe('transactional priority during a campaign', () => {
  let db: TestDatabase;
  let app: RunningApp;
  const t0 = Date.now();
  const clock: Clock = { now: () => new Date(NOON_NY + (Date.now() - t0)) };

  beforeAll(async () => {
    db = await createTestDatabase();
    // A provider that takes 250 ms per request of 100 messages (two lanes: at most 800 a second), so that the
    // campaign's backlog builds up as it would with a real provider.
    app = await start({
      port: 0,
      role: 'all',
      clock,
      env: testEnv(db, {
        LOCAL_SEED: 'false',
        SIMULATOR_DLR: 'false',
        SIMULATOR_LATENCY_MS: '250',
        DISPATCH_BATCH_SIZE: '100',
        DISPATCH_POLL_MS: '100',
        DATABASE_POOL_MAX: '10',
      }),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it(`hands off an order confirmation while a ${N.toLocaleString('en')}-recipient campaign still has queued messages`, async () => {
    const pool = app.database.pool;
    const shopId = await insertShop(pool, 'priority.myshopify.com', 'Priority Shop');
    await pool.query(
      `INSERT INTO customers (shop_id, id, first_name, phone, country_code)
       SELECT $1, i, 'Camille', '+1212' || (5000000 + i)::text, 'US' FROM generate_series(1, $2::int) i`,
      [shopId, N + 1],
    );
    await pool.query(
      `INSERT INTO subscribers (shop_id, phone, country_code, customer_id, marketing_state, transactional_state, source, subscribed_at)
       SELECT $1, '+1212' || (5000000 + i)::text, 'US', i, CASE WHEN i <= $2 THEN 'subscribed' ELSE 'never' END, 'subscribed', 'import', now()
         FROM generate_series(1, $2::int + 1) i`,
      [shopId, N],
    );
    await pool.query('ANALYZE customers; ANALYZE subscribers');
    const segmentId = await insertSegment(pool, shopId, 'US', {
      kind: 'customer_country',
      compare: { op: 'eq', value: 'US' },
    });
    const input = createCampaignSchema.parse({
      name: 'Big sale',
      audience: { include: [segmentId], exclude: [] },
      message: { templates: { en: 'Hi {{ subscriber.first_name }}, 20% off everything today' } },
    });
    const campaign = await createCampaign(app.context, shopId, 'test', input);
    await scheduleCampaign(app.context, shopId, campaign.id, 'test');

    const counts = async () => {
      const { rows } = await pool.query<{ queued: number; sent: number }>(
        `SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued, count(*) FILTER (WHERE status = 'sent')::int AS sent
           FROM messages WHERE campaign_id = $1`,
        [campaign.id],
      );
      return rows[0]!;
    };
    // In flight: the dispatcher is sending the campaign and thousands of its messages are waiting.
    await waitFor(
      'the campaign in flight',
      async () => {
        const c = await counts();
        return c.sent > 0 && c.queued >= 2000;
      },
      240_000,
    );

    // The order confirmation (transactional, as the order flow creates it) for the one customer outside the campaign.
    const order = await enqueueMessages(
      pool,
      shopId,
      [
        {
          phone: `+1212${5000000 + N + 1}`,
          kind: 'transactional',
          sourceType: 'automation',
          sourceId: 'order_confirmation',
          body: 'Priority Shop: order #1001 is confirmed',
          idempotencyKey: 'order_confirmation:1001',
        },
      ],
      { now: clock.now() },
    );
    expect(order.queued).toBe(1);
    const messageId = order.messages[0]!.id;
    await waitFor(
      'the order confirmation handed off',
      async () => {
        const { rows } = await pool.query<{ status: string }>('SELECT status FROM messages WHERE id = $1', [
          messageId,
        ]);
        return rows[0]!.status === 'sent';
      },
      60_000,
    );
    // Handed off ahead of the campaign messages queued before it.
    const after = await counts();
    expect(after.queued).toBeGreaterThan(0);
    const { rows: overtaken } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE campaign_id = $1 AND status = 'queued'
          AND created_at < (SELECT created_at FROM messages WHERE id = $2)`,
      [campaign.id, messageId],
    );
    expect(overtaken[0]!.n).toBeGreaterThan(0);
  }, 600_000);
});
