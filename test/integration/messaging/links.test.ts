import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { start, type RunningApp } from '../../../server/main.js';
import { shops } from '../../../server/db/schema/index.js';
import {
  campaignClickStats,
  clickStats,
  rewriteLinks,
  shortenUrls,
  shortenUrlsBulk,
} from '../../../server/messaging/links/index.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const IMESSAGE_PREVIEW =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0';
const BASE = 'https://sms.example.com';

describe('tracked links (real database)', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let shopA: string;
  let shopB: string;

  const codeOf = (short: string): string => short.slice(`${BASE}/r/`.length);
  const clicks = async (code: string) =>
    (
      await app.database.pool.query(
        'SELECT shop_id, message_id, subscriber_id, user_agent, is_bot, clicked_at FROM link_clicks WHERE code = $1 ORDER BY id',
        [code],
      )
    ).rows;
  // Plain SQL: only the columns this test needs, whatever else the outbox adds to messages.
  const insertMessage = async (
    shopId: string,
    sourceType: string,
    sourceId: string | null,
  ): Promise<string> => {
    const { rows } = await app.database.pool.query<{ id: string }>(
      `INSERT INTO messages (shop_id, phone, kind, source_type, source_id, body, encoding, segments, idempotency_key)
       VALUES ($1, '+15005550006', 'marketing', $2, $3, 'x', 'GSM-7', 1, $4) RETURNING id`,
      [shopId, sourceType, sourceId, randomUUID()],
    );
    return rows[0]!.id;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({ port: 0, env: testEnv(db, { LOCAL_SEED: 'false' }) });
    const rows = await app.database.db
      .insert(shops)
      .values([
        { domain: 'links-a.myshopify.com', name: 'Shop A', senderId: 'ShopA' },
        { domain: 'links-b.myshopify.com', name: 'Shop B', senderId: 'ShopB' },
      ])
      .returning({ id: shops.id });
    [shopA, shopB] = [rows[0]!.id, rows[1]!.id];
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('shortens a message’s links, redirects with UTM parameters and records the click', async () => {
    const messageId = await insertMessage(shopA, 'campaign', 'camp-1');
    const subscriberId = randomUUID();
    const target = 'https://links-a.myshopify.com/collections/sale?sort=price#grid';
    const map = await shortenUrls(app.database.db, shopA, {
      baseUrl: BASE,
      messageId,
      subscriberId,
      urls: [target, 'https://links-a.myshopify.com/?utm_source=newsletter', target],
      utm: { medium: 'campaign', campaign: 'summer-sale' },
    });
    expect(map.size).toBe(2);
    const short = map.get(target)!;
    expect(short).toMatch(/^https:\/\/sms\.example\.com\/r\/[0-9A-Za-z]{8}$/);
    expect(rewriteLinks(`Sale: ${target} !`, map)).toBe(`Sale: ${short} !`);

    const before = Date.now();
    const res = await request(app.url!)
      .get(`/r/${codeOf(short)}`)
      .set('User-Agent', IPHONE)
      .redirects(0);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(
      'https://links-a.myshopify.com/collections/sale?sort=price&utm_source=sms&utm_medium=campaign&utm_campaign=summer-sale#grid',
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const recorded = await clicks(codeOf(short));
    expect(recorded).toEqual([
      {
        shop_id: shopA,
        message_id: messageId,
        subscriber_id: subscriberId,
        user_agent: IPHONE,
        is_bot: false,
        clicked_at: expect.any(Date),
      },
    ]);
    expect(recorded[0].clicked_at.getTime()).toBeGreaterThanOrEqual(before - 1000);

    // The merchant's own utm_source is kept.
    const own = await request(app.url!)
      .get(`/r/${codeOf(map.get('https://links-a.myshopify.com/?utm_source=newsletter')!)}`)
      .set('User-Agent', IPHONE)
      .redirects(0);
    expect(own.headers.location).toBe(
      'https://links-a.myshopify.com/?utm_source=newsletter&utm_medium=campaign&utm_campaign=summer-sale',
    );
  });

  it('records link-preview bots as bots, and still redirects them', async () => {
    const map = await shortenUrls(app.database.db, shopA, {
      baseUrl: BASE,
      urls: ['https://links-a.myshopify.com/p'],
      utm: { medium: 'automation' },
    });
    const code = codeOf(map.get('https://links-a.myshopify.com/p')!);
    const res = await request(app.url!).get(`/r/${code}`).set('User-Agent', IMESSAGE_PREVIEW).redirects(0);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('https://links-a.myshopify.com/p?utm_source=sms&utm_medium=automation');
    await request(app.url!).get(`/r/${code}`).set('User-Agent', 'WhatsApp/2.23.20.0 A').redirects(0);
    expect((await clicks(code)).map((c) => [c.user_agent, c.is_bot, c.message_id])).toEqual([
      [IMESSAGE_PREVIEW, true, null],
      ['WhatsApp/2.23.20.0 A', true, null],
    ]);
  });

  it('answers unknown and malformed codes with a friendly HTML 404 page', async () => {
    for (const path of ['/r/Zz9Zz9Zz', '/r/short', '/r/not-a-code!', '/r/', '/r/a/b']) {
      const res = await request(app.url!).get(path).set('User-Agent', IPHONE).redirects(0);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain("This link isn't available");
    }
    const n = await app.database.pool.query(
      "SELECT count(*)::int AS n FROM link_clicks WHERE code IN ('Zz9Zz9Zz', 'short')",
    );
    expect(n.rows[0].n).toBe(0);
  });

  it('counts clicks per message and per campaign without bots, scoped to the shop', async () => {
    const a1 = await insertMessage(shopA, 'campaign', 'camp-2');
    const a2 = await insertMessage(shopA, 'campaign', 'camp-2');
    const b1 = await insertMessage(shopB, 'campaign', 'camp-2');
    const url = 'https://example.com/sale';
    const link = async (shopId: string, messageId: string) =>
      codeOf(
        (
          await shortenUrls(app.database.db, shopId, {
            baseUrl: BASE,
            messageId,
            urls: [url],
            utm: { medium: 'campaign', campaign: 'camp-2' },
          })
        ).get(url)!,
      );
    const [ca1, ca2, cb1] = [await link(shopA, a1), await link(shopA, a2), await link(shopB, b1)];
    const hit = (code: string, ua: string) =>
      request(app.url!).get(`/r/${code}`).set('User-Agent', ua).redirects(0).expect(302);
    await hit(ca1, IPHONE);
    await hit(ca1, IPHONE);
    await hit(ca1, IMESSAGE_PREVIEW);
    await hit(ca2, IMESSAGE_PREVIEW);
    await hit(cb1, IPHONE);

    const statsA = await clickStats(app.database.db, shopA, { messageIds: [a1, a2, b1] });
    expect(
      statsA
        .map(({ messageId, clicks, botClicks }) => ({ messageId, clicks, botClicks }))
        .sort((x, y) => x.messageId.localeCompare(y.messageId)),
    ).toEqual(
      [
        { messageId: a1, clicks: 2, botClicks: 1 },
        { messageId: a2, clicks: 0, botClicks: 1 },
      ].sort((x, y) => x.messageId.localeCompare(y.messageId)),
    );
    const first = statsA.find((s) => s.messageId === a1)!;
    expect(first.firstClickAt).toBeInstanceOf(Date);
    expect(first.lastClickAt!.getTime()).toBeGreaterThanOrEqual(first.firstClickAt!.getTime());
    expect(statsA.find((s) => s.messageId === a2)!.firstClickAt).toBeNull();

    expect(await clickStats(app.database.db, shopB, { messageIds: [a1, a2] })).toEqual([]);
    expect((await clickStats(app.database.db, shopB)).map((s) => [s.messageId, s.clicks])).toEqual([[b1, 1]]);
    expect(await clickStats(app.database.db, shopA, { messageIds: [] })).toEqual([]);

    expect(await campaignClickStats(app.database.db, shopA, ['camp-2', 'camp-unknown'])).toEqual([
      { campaignId: 'camp-2', clicks: 2, uniqueClicks: 1, botClicks: 2 },
    ]);
    expect(await campaignClickStats(app.database.db, shopB, ['camp-2'])).toEqual([
      { campaignId: 'camp-2', clicks: 1, uniqueClicks: 1, botClicks: 0 },
    ]);
  });

  it('creates many links at once for a campaign, in order, each with its own code', async () => {
    const requests = Array.from({ length: 2500 }, (_, i) => ({
      url: `https://example.com/p/${i}`,
      messageId: randomUUID(),
      subscriberId: randomUUID(),
      utm: { medium: 'campaign', campaign: 'bulk' },
    }));
    const short = await shortenUrlsBulk(app.database.db, shopB, BASE, requests);
    expect(short).toHaveLength(2500);
    expect(new Set(short).size).toBe(2500);
    const { rows } = await app.database.pool.query<{
      code: string;
      url: string;
      message_id: string;
      shop_id: string;
      utm: unknown;
    }>('SELECT code, url, message_id, shop_id, utm FROM short_links WHERE code = ANY($1)', [
      short.map(codeOf),
    ]);
    expect(rows).toHaveLength(2500);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    for (const i of [0, 1999, 2000, 2499]) {
      const row = byCode.get(codeOf(short[i]!))!;
      expect(row).toEqual({
        code: codeOf(short[i]!),
        url: requests[i]!.url,
        message_id: requests[i]!.messageId,
        shop_id: shopB,
        utm: { medium: 'campaign', campaign: 'bulk' },
      });
    }
  });

  it('refuses to track anything but http(s) links', async () => {
    await expect(
      shortenUrls(app.database.db, shopA, {
        baseUrl: BASE,
        urls: ['javascript:alert(1)'],
        utm: { medium: 'campaign' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_link_url' });
  });
});
