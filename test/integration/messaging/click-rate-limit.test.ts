// /r/:code on a real database: clicks over the per-IP-and-code limit still redirect but are not counted.
import express from 'express';
import request from 'supertest';
import { manualClock } from '../../../server/clock.js';
import { shops } from '../../../server/db/schema/index.js';
import {
  createClickLimiter,
  linkRedirectRoutes,
  shortenUrls,
} from '../../../server/messaging/links/index.js';
import { start, type RunningApp } from '../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const BASE = 'https://sms.example.com';

describe('/r/:code rate limit (real database)', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let codes: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false' }) });
    const [shop] = await app.database.db
      .insert(shops)
      .values({ domain: 'clicks.myshopify.com', name: 'Clicks', senderId: 'Clicks' })
      .returning({ id: shops.id });
    const urls = ['https://clicks.myshopify.com/a', 'https://clicks.myshopify.com/b'];
    const map = await shortenUrls(app.database.db, shop!.id, {
      baseUrl: BASE,
      messageId: null,
      urls,
      utm: { medium: 'sms' },
    });
    codes = urls.map((u) => map.get(u)!.slice(`${BASE}/r/`.length));
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const counted = async (code: string): Promise<number> =>
    (
      await app.database.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM link_clicks WHERE code = $1',
        [code],
      )
    ).rows[0]!.n;

  it('redirects every click and counts at most the burst per IP and code, then one per refill', async () => {
    const clock = manualClock(new Date('2025-11-20T12:00:00Z'));
    const server = express();
    server.set('trust proxy', 1); // X-Forwarded-For names the client, as behind the production load balancer
    server.use(
      linkRedirectRoutes({
        db: app.database.db,
        clock,
        clickLimiter: createClickLimiter({ burst: 3, perMinute: 6, maxKeys: 1000 }),
      }),
    );
    const click = (code: string, ip: string) =>
      request(server).get(`/r/${code}`).set('User-Agent', IPHONE).set('X-Forwarded-For', ip).redirects(0);
    const [a, b] = codes as [string, string];

    for (let i = 0; i < 6; i++) {
      const res = await click(a, '198.51.100.7');
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('https://clicks.myshopify.com/a?utm_source=sms&utm_medium=sms');
    }
    expect(await counted(a)).toBe(3);
    // Another code from the same IP, and the same code from another IP, have their own buckets.
    expect((await click(b, '198.51.100.7')).status).toBe(302);
    expect((await click(a, '198.51.100.8')).status).toBe(302);
    expect(await counted(b)).toBe(1);
    expect(await counted(a)).toBe(4);
    // Ten seconds later (6 a minute), one more click of the limited pair counts.
    clock.advance(10_000);
    await click(a, '198.51.100.7');
    await click(a, '198.51.100.7');
    expect(await counted(a)).toBe(5);
    // An unknown code is still a 404 over the limit.
    for (let i = 0; i < 5; i++) expect((await click('Zz9Zz9Zz', '198.51.100.7')).status).toBe(404);
  });

  it('is wired into the app with a limiter of its own', async () => {
    const [, b] = codes as [string, string];
    const before = await counted(b);
    for (let i = 0; i < 12; i++)
      expect((await request(app.url!).get(`/r/${b}`).set('User-Agent', IPHONE).redirects(0)).status).toBe(
        302,
      );
    // The default burst is 5 and refills 6 a minute: 12 quick clicks cannot all count.
    const added = (await counted(b)) - before;
    expect(added).toBeGreaterThanOrEqual(5);
    expect(added).toBeLessThan(12);
  });
});
