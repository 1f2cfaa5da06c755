// A fan-out stopped in the middle continues after its last committed page when the app starts again: the app
// (web + worker in one process) is stopped while a 12,000-recipient campaign is fanning out, started again on
// the same database, and every reachable recipient ends with exactly one message, sent.
import type { Clock } from '../../../server/clock.js';
import { start, type RunningApp } from '../../../server/main.js';
import { scheduleCampaign } from '../../../server/campaigns/campaign-actions.js';
import { createCampaign } from '../../../server/campaigns/campaign-service.js';
import { FAN_OUT_PAGE_SIZE } from '../../../server/campaigns/fan-out.js';
import { createCampaignSchema } from '../../../server/contracts/campaigns.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { waitFor } from '../messaging/outbox/support.js';
import { insertSegment, insertShop } from './support.js';

/** 12:00 in New York (EDT), a Tuesday: inside every US sending window. The clock runs from there. */
const NOON_NY = new Date('2025-06-10T16:00:00Z').getTime();
const N = 12_000;

describe('campaign fan-out across a restart', () => {
  let db: TestDatabase;
  let app: RunningApp | null = null;
  const t0 = Date.now();
  const clock: Clock = { now: () => new Date(NOON_NY + (Date.now() - t0)) };
  const env = (d: TestDatabase) =>
    testEnv(d, {
      LOCAL_SEED: 'false',
      SIMULATOR_DLR: 'false',
      SHUTDOWN_TIMEOUT_MS: '200',
      DATABASE_POOL_MAX: '8',
    });

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('continues from the last committed page: one message per reachable recipient, none twice', async () => {
    app = await start({ port: 0, role: 'all', env: env(db), clock });
    const pool = app.database.pool;
    const shopId = await insertShop(pool, 'resume.myshopify.com', 'Resume Shop');
    await pool.query(
      `INSERT INTO customers (shop_id, id, first_name, phone, country_code)
       SELECT $1, i, (ARRAY['Camille', 'Liam', 'Ava'])[1 + i % 3], '+1212' || (5000000 + i)::text, 'US' FROM generate_series(1, $2::int) i`,
      [shopId, N],
    );
    // Every 10th subscriber cannot be reached (no marketing consent): no message for them.
    await pool.query(
      `INSERT INTO subscribers (shop_id, phone, country_code, customer_id, marketing_state, transactional_state, source, subscribed_at)
       SELECT $1, '+1212' || (5000000 + i)::text, 'US', i, CASE WHEN i % 10 = 0 THEN 'never' ELSE 'subscribed' END, 'subscribed', 'import', now()
         FROM generate_series(1, $2::int) i`,
      [shopId, N],
    );
    const reachable = N - N / 10;
    const segmentId = await insertSegment(pool, shopId, 'US', {
      kind: 'customer_country',
      compare: { op: 'eq', value: 'US' },
    });
    const input = createCampaignSchema.parse({
      name: 'Restart sale',
      audience: { include: [segmentId], exclude: [] },
      message: { templates: { en: 'Hi {{ subscriber.first_name }}, 20% off today' } },
    });
    const campaign = await createCampaign(app.context, shopId, 'test', input);
    await scheduleCampaign(app.context, shopId, campaign.id, 'test');

    // Stop as soon as the first page is committed.
    await waitFor('a first committed page', async () => {
      const { rows } = await pool.query<{ fanout_pages: number }>(
        'SELECT fanout_pages FROM campaigns WHERE id = $1',
        [campaign.id],
      );
      return rows[0]!.fanout_pages >= 1;
    });
    await app.stop();
    app = null;

    const probe = await createCheckPool(db.url);
    try {
      const { rows: atStop } = await probe.query<{
        fanout_phase: string;
        fanout_cursor: string | null;
        n: number;
      }>(
        `SELECT fanout_phase, fanout_cursor, (SELECT count(*)::int FROM messages WHERE campaign_id = c.id) AS n FROM campaigns c WHERE id = $1`,
        [campaign.id],
      );
      // Stopped in the middle: a cursor, not done, some messages but not all.
      expect(atStop[0]!.fanout_phase).toBe('rest');
      expect(atStop[0]!.fanout_cursor).not.toBeNull();
      expect(atStop[0]!.n).toBeGreaterThan(0);
      expect(atStop[0]!.n).toBeLessThan(reachable);

      app = await start({ port: 0, role: 'all', env: env(db), clock });
      await waitFor(
        'every message sent',
        async () => {
          const { rows } = await probe.query<{ done: boolean }>(
            `SELECT c.fanout_phase = 'done' AND NOT EXISTS (
                      SELECT 1 FROM messages m WHERE m.campaign_id = c.id AND m.status IN ('queued', 'sending')) AS done
               FROM campaigns c WHERE c.id = $1`,
            [campaign.id],
          );
          return rows[0]!.done;
        },
        180_000,
      );

      const { rows: perRecipient } = await probe.query<{
        messages: number;
        recipients: number;
        sent: number;
        max_per_subscriber: number;
      }>(
        `SELECT count(*)::int AS messages, count(DISTINCT subscriber_id)::int AS recipients,
                count(*) FILTER (WHERE status = 'sent')::int AS sent,
                (SELECT max(n) FROM (SELECT count(*)::int AS n FROM messages WHERE campaign_id = $1 GROUP BY subscriber_id) x) AS max_per_subscriber
           FROM messages WHERE campaign_id = $1`,
        [campaign.id],
      );
      expect(perRecipient[0]).toEqual({
        messages: reachable,
        recipients: reachable,
        sent: reachable,
        max_per_subscriber: 1,
      });
      // Exactly the reachable ones: nobody without consent got a message.
      const { rows: unreachable } = await probe.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM messages m JOIN subscribers s ON s.id = m.subscriber_id
          WHERE m.campaign_id = $1 AND s.marketing_state <> 'subscribed'`,
        [campaign.id],
      );
      expect(unreachable[0]!.n).toBe(0);
      const { rows: recorded } = await probe.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1',
        [campaign.id],
      );
      expect(recorded[0]!.n).toBe(reachable);
      // It continued after the cursor: every page was committed once (a restart from the beginning would count
      // the pages before the stop twice).
      const { rows: pages } = await probe.query<{ fanout_pages: number }>(
        'SELECT fanout_pages FROM campaigns WHERE id = $1',
        [campaign.id],
      );
      expect(pages[0]!.fanout_pages).toBe(Math.ceil(reachable / FAN_OUT_PAGE_SIZE));
    } finally {
      await probe.end();
    }
  }, 300_000);
});

async function createCheckPool(url: string) {
  const pg = (await import('pg')).default;
  return new pg.Pool({ connectionString: url, max: 2 });
}
