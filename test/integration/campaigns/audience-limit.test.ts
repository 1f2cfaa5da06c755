// A campaign's audience limit (options.audienceLimit, what the billing refusal's "Send to the N that fit" sets):
// the fan-out messages exactly the first N recipients in subscriber order across several pages and records the
// rest as suppressed 'audience_limit' (progress says how many); the estimate counts at most N; a bad limit is a
// 400 naming the field. The app clock sits at a weekday noon in New York (no quiet hours).
import type { CampaignDetail, CampaignEstimate } from '../../../server/contracts/campaigns.js';
import { start, type RunningApp } from '../../../server/main.js';
import { FAN_OUT_PAGE_SIZE } from '../../../server/campaigns/fan-out.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { apiOf, DEMO, insertShop } from './support.js';

const NOON_NY = Date.parse('2025-06-10T16:00:00Z');
const startedAt = Date.now();
const clock = { now: () => new Date(NOON_NY + (Date.now() - startedAt)) };
const AUDIENCE = 2 * FAN_OUT_PAGE_SIZE + 500;
const LIMIT = FAN_OUT_PAGE_SIZE + 234;

let db: TestDatabase;
let app: RunningApp;
let shopId: string;
const api = apiOf(() => app.url!);
const options = { whenBlocked: 'hold', smartSendingHours: 0, utm: true, holdoutPercent: 0 };

beforeAll(async () => {
  db = await createTestDatabase();
  app = await start({ port: 0, env: testEnv(db, { LOCAL_SEED: 'false' }), clock });
  shopId = await insertShop(app.database.pool, DEMO);
  await app.database.pool.query(
    `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source)
     SELECT $1, '+1646' || lpad((5000000 + i)::text, 7, '0'), 'US', 'subscribed', 'subscribed', 'import'
       FROM generate_series(1, $2::int) i`,
    [shopId, AUDIENCE],
  );
}, 180_000); // migrations and app start on a loaded machine (2 cores shared)
afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

async function waitForCompleted(id: string): Promise<CampaignDetail> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await api<CampaignDetail>('GET', `/campaigns/${id}`);
    if (res.body.status === 'completed') return res.body;
    if (Date.now() > deadline) throw new Error(`campaign ${id} did not complete: ${res.body.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a campaign with an audience limit', () => {
  it('rejects a limit that is not a positive whole number, naming the field', async () => {
    for (const audienceLimit of [0, -3, 2.5, 'many']) {
      const res = await api<{ error: { code: string; fields: Record<string, string> } }>(
        'POST',
        '/campaigns',
        { name: 'Bad limit', options: { ...options, audienceLimit } },
      );
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.fields).join(' ')).toMatch(/options\.audienceLimit/);
    }
  });

  it('sends to exactly the first N recipients over several pages; the rest are suppressed audience_limit', async () => {
    const created = await api<CampaignDetail>('POST', '/campaigns', {
      name: 'Part of the audience',
      message: { templates: { en: 'Sale at {{ shop.name }}' }, discount: null },
      options: { ...options, audienceLimit: LIMIT },
    });
    expect(created.status).toBe(201);
    expect(created.body.options.audienceLimit).toBe(LIMIT);
    const estimate = await api<CampaignEstimate>('GET', `/campaigns/${created.body.id}/estimate`);
    expect(estimate.body.reachable).toBe(LIMIT);

    expect((await api('POST', `/campaigns/${created.body.id}/schedule`)).status).toBe(200);
    const done = await waitForCompleted(created.body.id);
    expect(done.progress.audience).toBe(AUDIENCE);
    expect(done.progress.suppressed).toEqual({ audience_limit: AUDIENCE - LIMIT });

    const { rows } = await app.database.pool.query<{ messaged: number; first: boolean; limited: number }>(
      `WITH r AS (
         SELECT cr.subscriber_id, cr.message_id, cr.suppressed_reason,
                row_number() OVER (ORDER BY cr.subscriber_id) AS n
           FROM campaign_recipients cr WHERE cr.shop_id = $1 AND cr.campaign_id = $2
       )
       SELECT (SELECT count(*)::int FROM messages WHERE shop_id = $1 AND campaign_id = $2) AS messaged,
              bool_and((message_id IS NOT NULL) = (n <= $3)) AS first,
              count(*) FILTER (WHERE suppressed_reason = 'audience_limit')::int AS limited
         FROM r`,
      [shopId, created.body.id, LIMIT],
    );
    expect(rows[0]).toEqual({ messaged: LIMIT, first: true, limited: AUDIENCE - LIMIT });
  });
});
