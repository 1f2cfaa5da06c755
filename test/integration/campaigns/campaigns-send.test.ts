// Sending campaigns end to end on the real app (agenda, fan-out, outbox dispatcher, simulator) and a real
// database: audience computed at send time (union of segments, exclusions, reachable only, one message per
// phone), holdout, smart sending, an empty audience, UTM on tracked links, discount codes, an A/B test and
// its winner, cancel. The app clock runs at wall-clock speed from a weekday noon in New York (in the past, so
// agenda runs the jobs at once) and can jump to the last 03:00 there for quiet hours.
import type { CampaignDetail } from '../../../server/contracts/campaigns.js';
import { start, type RunningApp } from '../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import {
  apiOf,
  country,
  DEMO,
  insertPeople,
  insertSegment,
  insertShop,
  tagged,
  type Person,
} from './support.js';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const NOON_NY = Date.parse('2025-06-10T16:00:00Z');
/**
 * The last 03:00 in New York before `now` (less than a day back). The night tests run the app clock from
 * there: in the past, so agenda (which runs jobs by the wall clock) starts a campaign sent "now" at once, yet
 * recent enough that an A/B test's 72-hour wait ends after the test (from a fixed past date every wait is
 * already over, the winner job ran at once and the test could miss the campaign waiting for it).
 */
function lastThreeAmInNewYork(now: number): number {
  const nyHour = (t: number) =>
    Number(
      new Intl.DateTimeFormat('en-US', {
        timeZone: 'America/New_York',
        hour: 'numeric',
        hourCycle: 'h23',
      }).format(t),
    );
  let hour = Math.floor(now / 3_600_000) * 3_600_000;
  while (hour > now || nyHour(hour) !== 3) hour -= 3_600_000; // within 25 steps, daylight saving included
  return hour;
}
let base = NOON_NY;
const startedAt = Date.now();
const clock = { now: () => new Date(base + (Date.now() - startedAt)) };

let db: TestDatabase;
let app: RunningApp;
let shopId: string;
const seg: Record<string, string> = {};
const api = apiOf(() => app.url!);
const q = async <T>(text: string, values: unknown[] = []) =>
  (await app.database.pool.query(text, values)).rows as T[];

const people: Person[] = [
  { customerId: 1, phone: '+12125550001', country: 'US', tags: ['vip'] },
  { customerId: 2, phone: '+12125550002', country: 'US' },
  { customerId: 3, phone: '+14165550003', country: 'CA', tags: ['vip'] },
  { customerId: 4, phone: '+12125550004', country: 'US', marketing: 'unsubscribed' },
  { customerId: 5, phone: '+12125550005', country: 'US', tags: ['vip', 'staff'] },
  { customerId: 6, phone: '+33612345606', country: 'FR', tags: ['vip'], locale: 'fr' },
  { customerId: 7, phone: 'not-a-phone', country: 'US' },
];

beforeAll(async () => {
  db = await createTestDatabase();
  app = await start({ port: 0, env: testEnv(db, { LOCAL_SEED: 'false' }), clock });
  shopId = await insertShop(app.database.pool, DEMO);
  await insertPeople(app.database.pool, shopId, people);
  seg.us = await insertSegment(app.database.pool, shopId, 'US', country('US'));
  seg.vip = await insertSegment(app.database.pool, shopId, 'VIP', tagged('vip'));
  seg.staff = await insertSegment(app.database.pool, shopId, 'Staff', tagged('staff'));
  seg.nobody = await insertSegment(app.database.pool, shopId, 'Nobody', country('JP'));
  seg.bulk = await insertSegment(app.database.pool, shopId, 'Bulk', tagged('bulk'));
  // Never messaged before the night tests (frequency caps would otherwise decide for them).
  await insertPeople(app.database.pool, shopId, [
    { customerId: 501, phone: '+12125550501', country: null, tags: ['night'] },
    { customerId: 502, phone: '+12125550502', country: null, tags: ['night'] },
    { customerId: 503, phone: '+12125550503', country: null, tags: ['night-test'] },
    { customerId: 504, phone: '+12125550504', country: null, tags: ['night-test'] },
    { customerId: 505, phone: '+12125550505', country: null, tags: ['night-test'] },
    { customerId: 506, phone: '+12125550506', country: null, tags: ['night-hold'] },
    { customerId: 507, phone: '+12125550507', country: null, tags: ['night-hold'] },
    { customerId: 701, phone: '+12125550701', country: null, tags: ['local-time'] },
    { customerId: 702, phone: '+33612345702', country: null, tags: ['local-time'] },
    { customerId: 601, phone: '+12125550601', country: null, tags: ['codes'] },
    { customerId: 602, phone: '+12125550602', country: null, tags: ['codes'] },
    { customerId: 603, phone: '+12125550603', country: null, tags: ['shared-code'] },
    { customerId: 604, phone: '+12125550604', country: null, tags: ['shared-code'] },
  ]);
  seg.night = await insertSegment(app.database.pool, shopId, 'Night', tagged('night'));
  seg.nightHold = await insertSegment(app.database.pool, shopId, 'Night hold', tagged('night-hold'));
  seg.localTime = await insertSegment(app.database.pool, shopId, 'Local time', tagged('local-time'));
  seg.codes = await insertSegment(app.database.pool, shopId, 'Codes', tagged('codes'));
  seg.sharedCode = await insertSegment(app.database.pool, shopId, 'Shared code', tagged('shared-code'));
  seg.nightTest = await insertSegment(app.database.pool, shopId, 'Night test', tagged('night-test'));
});
afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

async function waitForCampaign(
  id: string,
  done: (c: CampaignDetail) => boolean,
  timeoutMs = 60_000,
): Promise<CampaignDetail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api<CampaignDetail>('GET', `/campaigns/${id}`);
    if (done(res.body)) return res.body;
    if (Date.now() > deadline)
      throw new Error(
        `campaign ${id} did not get there: ${JSON.stringify({ status: res.body.status, progress: res.body.progress })}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}
async function waitFor(probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
const settled = (c: CampaignDetail) =>
  c.status === 'completed' && c.progress.queued === 0 && c.progress.sending === 0;

async function send(body: Record<string, unknown>): Promise<string> {
  const created = await api<CampaignDetail>('POST', '/campaigns', body);
  expect(created.status).toBe(201);
  const scheduled = await api<CampaignDetail>('POST', `/campaigns/${created.body.id}/schedule`);
  expect(scheduled.status).toBe(200);
  return created.body.id;
}

const messagesOf = (campaignId: string) =>
  q<{
    phone: string;
    body: string;
    status: string;
    idempotency_key: string;
    subscriber_id: string;
    suppressed_reason: string | null;
  }>(
    `SELECT phone, body, status, idempotency_key, subscriber_id::text AS subscriber_id, suppressed_reason FROM messages WHERE campaign_id = $1 ORDER BY phone`,
    [campaignId],
  );

async function addBulk(n: number, offset: number): Promise<void> {
  await app.database.pool.query(
    `WITH c AS (
       INSERT INTO customers (shop_id, id, first_name, country_code, tags)
       SELECT $1, 1000 + i, 'Bulk', 'GB', ARRAY['bulk'] FROM generate_series($3::int, $3::int + $2::int - 1) i RETURNING id
     )
     INSERT INTO subscribers (shop_id, phone, country_code, customer_id, marketing_state, transactional_state, source)
     SELECT $1, '+1646' || lpad((5000000 + id)::text, 7, '0'), 'US', id, 'subscribed', 'subscribed', 'import' FROM c`,
    [shopId, n, offset],
  );
}

describe('sending a campaign', () => {
  it('sends one message per reachable phone of the included segments minus the excluded, tracked links with UTM', async () => {
    const id = await send({
      name: 'Spring Sale',
      audience: { include: [seg.us, seg.vip], exclude: [seg.staff] },
      message: {
        templates: {
          en: 'Hi {{ subscriber.first_name }}! Sale: https://demo.myshopify.com/collections/sale and https://instagram.com/demo',
          fr: 'Bonjour {{ subscriber.first_name }} ! Soldes : https://demo.myshopify.com/collections/sale',
        },
      },
    });
    const done = await waitForCampaign(id, settled);
    // US 1, 2, (4 unsubscribed, 7 invalid) + VIP 1, 3, 6 (5 excluded as staff) → 1, 2, 3, 6, each once.
    expect(done.progress).toMatchObject({
      audience: 4,
      queued: 0,
      sending: 0,
      failed: 0,
      cancelled: 0,
      holdout: 0,
    });
    expect(done.progress.sent + done.progress.delivered).toBe(4);
    expect(done.statusReason).toBeNull();
    const msgs = await messagesOf(id);
    expect(msgs.map((m) => m.phone)).toEqual([
      '+12125550001',
      '+12125550002',
      '+14165550003',
      '+33612345606',
    ]);
    for (const m of msgs) expect(m.idempotency_key).toBe(`campaign:${id}:${m.subscriber_id}`);
    const fr = msgs.find((m) => m.phone === '+33612345606')!;
    expect(fr.body).toMatch(/^Bonjour Camille/);
    const en = msgs.find((m) => m.phone === '+12125550001')!;
    expect(en.body).toMatch(/^Hi Camille! Sale: http:\/\/\S+\/r\/\w+ and http:\/\/\S+\/r\/\w+/);
    expect(en.body).toMatch(/STOP/);
    const [shopLink, external] = [...en.body.matchAll(/\/r\/(\w+)/g)].map((m) => m[1]!);
    const follow = async (code: string) =>
      (await fetch(`${app.url}/r/${code}`, { redirect: 'manual' })).headers.get('location');
    expect(await follow(shopLink!)).toBe(
      'https://demo.myshopify.com/collections/sale?utm_source=sms&utm_medium=sms&utm_campaign=spring-sale',
    );
    expect(await follow(external!)).toBe('https://instagram.com/demo');
    const list = (
      await api<{ items: Array<{ id: string; sent: number; clicks: number; audience: number }> }>(
        'GET',
        '/campaigns',
      )
    ).body.items;
    expect(list.find((c) => c.id === id)).toMatchObject({ audience: 4, sent: 4 });
    // Running the fan-out again creates nothing (one idempotency key per campaign and subscriber).
    const { runCampaignFanOut } = await import('../../../server/campaigns/fan-out.js');
    await app.database.pool.query(
      `UPDATE campaigns SET status = 'sending', fanout_phase = 'rest', fanout_cursor = NULL WHERE id = $1`,
      [id],
    );
    await runCampaignFanOut(app.context, shopId, id);
    expect(await messagesOf(id)).toHaveLength(4);
  });

  it('holds out a share (recorded, no message) and skips recipients messaged recently (smart sending)', async () => {
    await addBulk(200, 0);
    // One of them got a marketing text an hour ago.
    const recent = '+16465001000';
    await app.database.pool.query(
      `INSERT INTO messages (shop_id, phone, kind, source_type, body, encoding, segments, idempotency_key, status, created_at, sent_at)
       VALUES ($1, $2, 'marketing', 'automation', 'Earlier', 'GSM-7', 1, 'earlier-1', 'sent', $3, $3)`,
      [shopId, recent, new Date(clock.now().getTime() - 3_600_000)],
    );
    const id = await send({
      name: 'Holdout',
      audience: { include: [seg.bulk], exclude: [] },
      message: { templates: { en: 'Bulk offer' } },
      options: { holdoutPercent: 20, smartSendingHours: 16, whenBlocked: 'hold', utm: true },
    });
    const done = await waitForCampaign(id, settled);
    const recipients = await q<{ grp: string; n: number; with_message: number }>(
      `SELECT "group" AS grp, count(*)::int AS n, count(message_id)::int AS with_message FROM campaign_recipients WHERE campaign_id = $1 GROUP BY 1`,
      [id],
    );
    const holdout = recipients.find((r) => r.grp === 'holdout')!;
    expect(holdout.with_message).toBe(0);
    expect(holdout.n).toBeGreaterThan(20);
    expect(holdout.n).toBeLessThan(60);
    expect(done.progress.holdout).toBe(holdout.n);
    const heldPhones = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages m JOIN campaign_recipients cr ON cr.subscriber_id = m.subscriber_id AND cr.campaign_id = $1
        WHERE m.campaign_id = $1 AND cr."group" = 'holdout'`,
      [id],
    );
    expect(heldPhones[0]!.n).toBe(0);
    const recentIsHeldOut =
      (
        await q<{ grp: string }>(
          `SELECT "group" AS grp FROM campaign_recipients WHERE campaign_id = $1 AND subscriber_id = (SELECT id FROM subscribers WHERE phone = $2)`,
          [id, recent],
        )
      )[0]!.grp === 'holdout';
    expect(done.progress.suppressed).toEqual(recentIsHeldOut ? {} : { smart_sending: 1 });
    expect(done.progress.audience).toBe(200);
    expect(done.progress.sent + done.progress.delivered).toBe(200 - holdout.n - (recentIsHeldOut ? 0 : 1));
  });

  it('completes with audience 0 and says why when nobody is reachable at send time', async () => {
    const id = await send({
      name: 'Nobody',
      audience: { include: [seg.nobody], exclude: [] },
      message: { templates: { en: 'Hello' } },
    });
    const done = await waitForCampaign(id, (c) => c.status === 'completed');
    expect(done.progress.audience).toBe(0);
    expect(done.statusReason).toMatch(/^empty_audience: /);
    expect(await messagesOf(id)).toHaveLength(0);
  });

  it('gives each recipient their own unique discount code, or everyone the shared one', async () => {
    const unique = await send({
      name: 'Unique codes',
      audience: { include: [seg.codes], exclude: [] },
      message: {
        templates: { en: 'Take {{ discount.value }} off with {{ discount.code }}' },
        discount: { mode: 'unique', percentage: 15 },
      },
    });
    await waitForCampaign(unique, settled);
    const codes = await q<{ body: string; code: string }>(
      `SELECT m.body, cr.discount_code AS code FROM messages m JOIN campaign_recipients cr ON cr.message_id = m.id WHERE m.campaign_id = $1`,
      [unique],
    );
    expect(codes).toHaveLength(2);
    for (const c of codes) expect(c.body).toMatch(new RegExp(`^Take 15% off with ${c.code}\\n`));
    expect(new Set(codes.map((c) => c.code)).size).toBe(2);
    const shared = await send({
      name: 'Shared code',
      audience: { include: [seg.sharedCode], exclude: [] },
      message: {
        templates: { en: 'Use {{ discount.code }}' },
        discount: { mode: 'shared', code: 'SPRING10' },
      },
    });
    await waitForCampaign(shared, settled);
    expect((await messagesOf(shared)).map((m) => m.body.split('\n')[0])).toEqual([
      'Use SPRING10',
      'Use SPRING10',
    ]);
  });

  it("at the same local time in each recipient's zone: a zone already past that time gets it the next day", async () => {
    // 10:00 on the clock's date: past in New York (12:00) and in Paris (18:00), still ahead at UTC-12.
    const date = new Date(NOON_NY).toISOString().slice(0, 10);
    const id = await send({
      name: 'Local ten',
      audience: { include: [seg.localTime], exclude: [] },
      message: { templates: { en: 'Ten o clock', fr: 'Dix heures' } },
      schedule: { kind: 'recipient_local', date, time: '10:00', whenPast: 'tomorrow' },
      options: { smartSendingHours: 0, whenBlocked: 'hold', utm: true, holdoutPercent: 0 },
    });
    await waitForCampaign(id, (c) => c.status === 'completed');
    const rows = await q<{ phone: string; not_before: Date }>(
      'SELECT phone, not_before FROM messages WHERE campaign_id = $1 ORDER BY phone',
      [id],
    );
    const next = new Date(NOON_NY + 86_400_000).toISOString().slice(0, 10);
    expect(rows.map((r) => [r.phone, r.not_before.toISOString()])).toEqual([
      ['+12125550701', `${next}T14:00:00.000Z`], // 10:00 EDT
      ['+33612345702', `${next}T08:00:00.000Z`], // 10:00 CEST
    ]);
  });

  it('with whenBlocked "skip", a recipient in quiet hours is skipped; with "hold" the message waits; cancel cancels what waits', async () => {
    base = lastThreeAmInNewYork(Date.now()) - (Date.now() - startedAt);
    try {
      const night = { smartSendingHours: 0, utm: true, holdoutPercent: 0 };
      const skip = await send({
        name: 'Night skip',
        audience: { include: [seg.night], exclude: [] },
        message: { templates: { en: 'Night' } },
        options: { ...night, whenBlocked: 'skip' },
      });
      const skipped = await waitForCampaign(skip, (c) => c.status === 'completed');
      expect(skipped.progress.suppressed).toEqual({ quiet_hours: 2 });
      const hold = await send({
        name: 'Night hold',
        audience: { include: [seg.nightHold], exclude: [] },
        message: { templates: { en: 'Night' } },
        options: { ...night, whenBlocked: 'hold' },
      });
      const held = await waitForCampaign(hold, (c) => c.status === 'completed');
      expect(held.progress).toMatchObject({ queued: 2, sent: 0, delivered: 0 });
      expect((await api('POST', `/campaigns/${hold}/cancel`)).status).toBe(409);
      // An A/B test waiting for its winner is still sending: cancelling it cancels its held test messages.
      const ab = await send({
        name: 'Night test',
        audience: { include: [seg.nightTest], exclude: [] },
        message: { templates: { en: 'Night' } },
        options: { ...night, whenBlocked: 'hold' },
        ab: {
          kind: 'send_time',
          variants: [
            { key: 'A', sendDelayMinutes: 0 },
            { key: 'B', sendDelayMinutes: 30 },
          ],
          testPercent: 100,
          metric: 'order_rate',
          waitHours: 72, // the winner job is not due during the test
        },
      });
      await waitForCampaign(ab, (c) => c.progress.queued === 3);
      await waitFor(
        async () =>
          (await q<{ fanout_phase: string }>('SELECT fanout_phase FROM campaigns WHERE id = $1', [ab]))[0]!
            .fanout_phase === 'waiting',
      );
      // Still waiting when cancelled: the winner job is due after the test, not at once.
      expect(
        await q<{ later: boolean }>(
          `SELECT next_run_at > now() AS later FROM agenda_jobs WHERE name = 'campaigns.choose-winner' AND data->>'campaignId' = $1`,
          [ab],
        ),
      ).toEqual([{ later: true }]);
      const cancelled = await api<CampaignDetail>('POST', `/campaigns/${ab}/cancel`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', progress: { queued: 0, cancelled: 3 } });
      const reasons = await q<{ error_reason: string }>(
        'SELECT DISTINCT error_reason FROM messages WHERE campaign_id = $1',
        [ab],
      );
      expect(reasons).toEqual([{ error_reason: 'campaign_cancelled' }]);
    } finally {
      base = NOON_NY;
    }
  }, 180_000); // three campaigns end to end; slow when CI runs test files in parallel
});

describe('A/B test', () => {
  it('splits the test share evenly, waits, picks the variant with more clicks and sends it to the rest', async () => {
    // The wall clock here: the winner job must not be due before the clicks (agenda runs jobs by wall-clock
    // time). Messages may wait for quiet hours; the test reads what was created, not what was sent.
    base = startedAt;
    await addBulk(400, 1000);
    const id = await send({
      name: 'AB',
      audience: { include: [seg.bulk], exclude: [] },
      message: { templates: { en: 'Main' } },
      options: { holdoutPercent: 0, smartSendingHours: 0, whenBlocked: 'hold', utm: true },
      ab: {
        kind: 'content',
        variants: [
          { key: 'A', templates: { en: 'Variant A https://demo.myshopify.com/a' } },
          { key: 'B', templates: { en: 'Variant B https://demo.myshopify.com/b' } },
        ],
        testPercent: 50,
        metric: 'click_rate',
        waitHours: 1,
      },
    });
    await waitFor(
      async () =>
        (await q<{ fanout_phase: string }>('SELECT fanout_phase FROM campaigns WHERE id = $1', [id]))[0]!
          .fanout_phase === 'waiting',
    );
    const testing = await waitForCampaign(id, () => true);
    expect(testing.status).toBe('sending');
    const split = await q<{ variant: string; grp: string; n: number; sent: number }>(
      `SELECT variant, "group" AS grp, count(*)::int AS n, count(message_id)::int AS sent FROM campaign_recipients WHERE campaign_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [id],
    );
    const audience = testing.progress.audience;
    expect(audience).toBe(600); // 200 + 400 bulk customers, none with orders
    const a = split.find((s) => s.variant === 'A')!;
    const b = split.find((s) => s.variant === 'B')!;
    const rest = split.find((s) => s.grp === 'rest')!;
    expect(a.sent).toBe(a.n);
    expect(b.sent).toBe(b.n);
    expect(rest.sent).toBe(0);
    expect(a.n + b.n + rest.n).toBe(600);
    expect((a.n + b.n) / 600).toBeGreaterThan(0.42);
    expect((a.n + b.n) / 600).toBeLessThan(0.58);
    expect(Math.abs(a.n - b.n)).toBeLessThan(60);
    // People click B's links far more often than A's.
    const links = await q<{ variant: string; code: string }>(
      `SELECT cr.variant, sl.code FROM short_links sl JOIN campaign_recipients cr ON cr.message_id = sl.message_id AND cr.campaign_id = $1 ORDER BY sl.code`,
      [id],
    );
    const clicks = [
      ...links.filter((l) => l.variant === 'B').slice(0, 60),
      ...links.filter((l) => l.variant === 'A').slice(0, 10),
    ];
    for (const l of clicks) {
      const r = await fetch(`${app.url}/r/${l.code}`, {
        redirect: 'manual',
        headers: { 'user-agent': IPHONE, 'x-forwarded-for': `10.0.0.${l.code.length}` },
      });
      expect(r.status).toBe(302);
    }
    const listed = (
      await api<{ items: Array<{ id: string; clicks: number }> }>('GET', '/campaigns')
    ).body.items.find((c) => c.id === id)!;
    expect(listed.clicks).toBe(70);
    // The wait is over: the winner job runs (agenda, as it would after an hour).
    await app.database.pool.query(
      `UPDATE agenda_jobs SET next_run_at = now() WHERE name = 'campaigns.choose-winner' AND data->>'campaignId' = $1`,
      [id],
    );
    const done = await waitForCampaign(id, (c) => c.status === 'completed');
    expect(done.abResult).toMatchObject({ metric: 'click_rate', winner: 'B', significant: true });
    expect(done.abResult!.pValue).toBeLessThan(0.05);
    expect(done.abResult!.variants.map((v) => v.key)).toEqual(['A', 'B']);
    for (const v of done.abResult!.variants) expect(v.low).toBeLessThanOrEqual(v.metric);
    expect(done.audit.map((e) => e.action)).toContain('winner_chosen');
    const restBodies = await q<{ body: string; n: number }>(
      `SELECT split_part(m.body, ' ', 2) AS body, count(*)::int AS n FROM campaign_recipients cr JOIN messages m ON m.id = cr.message_id WHERE cr.campaign_id = $1 AND cr."group" = 'rest' GROUP BY 1`,
      [id],
    );
    expect(restBodies).toEqual([{ body: 'B', n: rest.n }]);
    const created = await q<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE campaign_id = $1', [
      id,
    ]);
    expect(created[0]!.n).toBe(600);
  });
});
