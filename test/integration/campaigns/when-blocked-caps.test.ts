// A campaign's "hold until allowed" or "skip" applies to frequency caps as to quiet hours (issue #12): a
// recipient whom the shop's minimum interval between marketing texts (16 h by default) blocks is suppressed
// with that cap as reason under "skip"; under "hold" the message waits until the cap allows it, and until
// quiet hours allow it too when the cap ends at night, then goes. Real app (agenda, fan-out, dispatcher,
// simulator) on a real database; the app clock runs at wall-clock speed from a weekday noon in New York (in
// the past, so agenda runs the jobs at once) and jumps forward to when a held message may go.
import type { CampaignDetail } from '../../../server/contracts/campaigns.js';
import { start, type RunningApp } from '../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { apiOf, DEMO, insertPeople, insertSegment, insertShop, tagged } from './support.js';

const NOON_NY = Date.parse('2025-06-10T16:00:00Z'); // a Tuesday, 12:00 EDT
const HOUR = 3_600_000;
let base = NOON_NY;
const startedAt = Date.now();
const clock = { now: () => new Date(base + (Date.now() - startedAt)) };
/** Moves the app clock so that it reads `at` now. */
const setClock = (at: number) => {
  base = at - (Date.now() - startedAt);
};

let db: TestDatabase;
let app: RunningApp;
let shopId: string;
const seg: Record<string, string> = {};
const api = apiOf(() => app.url!);
const q = async <T>(text: string, values: unknown[] = []) =>
  (await app.database.pool.query(text, values)).rows as T[];

const SKIP = ['+12125550801', '+12125550802'];
/** Texted at 04:00 (the cap ends at 20:00, in the day) and at 10:00 (it ends at 02:00, in quiet hours). */
const HOLD_EVENING = '+12125550811';
const HOLD_MORNING = '+12125550812';

/** A marketing text the phone got `hoursAgo` hours before the app clock's now. */
async function textedBefore(phone: string, hoursAgo: number): Promise<Date> {
  const at = new Date(clock.now().getTime() - hoursAgo * HOUR);
  await app.database.pool.query(
    `INSERT INTO messages (shop_id, phone, kind, source_type, body, encoding, segments, idempotency_key, status, created_at, sent_at)
     VALUES ($1, $2, 'marketing', 'automation', 'Earlier', 'GSM-7', 1, $3, 'sent', $4, $4)`,
    [shopId, phone, `earlier-${phone}`, at],
  );
  return at;
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await start({ port: 0, env: testEnv(db, { LOCAL_SEED: 'false' }), clock });
  shopId = await insertShop(app.database.pool, DEMO);
  await insertPeople(app.database.pool, shopId, [
    ...SKIP.map((phone, i) => ({ customerId: 800 + i, phone, country: null, tags: ['cap-skip'] })),
    { customerId: 811, phone: HOLD_EVENING, country: null, tags: ['cap-hold'] },
    { customerId: 812, phone: HOLD_MORNING, country: null, tags: ['cap-hold'] },
  ]);
  seg.skip = await insertSegment(app.database.pool, shopId, 'Capped skip', tagged('cap-skip'));
  seg.hold = await insertSegment(app.database.pool, shopId, 'Capped hold', tagged('cap-hold'));
});
afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

async function waitFor<T>(probe: () => Promise<T | null>, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function sendCampaign(name: string, segment: string, whenBlocked: 'hold' | 'skip'): Promise<string> {
  const created = await api<CampaignDetail>('POST', '/campaigns', {
    name,
    audience: { include: [segment], exclude: [] },
    message: { templates: { en: `${name}: 20% off today` } },
    // Smart sending off: the caps, not smart sending, decide here.
    options: { whenBlocked, smartSendingHours: 0, utm: true, holdoutPercent: 0 },
  });
  expect(created.status).toBe(201);
  expect((await api('POST', `/campaigns/${created.body.id}/schedule`)).status).toBe(200);
  return created.body.id;
}

const completed = (id: string) =>
  waitFor(async () => {
    const c = (await api<CampaignDetail>('GET', `/campaigns/${id}`)).body;
    return c.status === 'completed' ? c : null;
  }, `campaign ${id} to complete`);

const messagesOf = (campaignId: string) =>
  q<{ phone: string; status: string; suppressed_reason: string | null; not_before: Date }>(
    'SELECT phone, status, suppressed_reason, not_before FROM messages WHERE campaign_id = $1 ORDER BY phone',
    [campaignId],
  );

it('"skip": a recipient over a frequency cap is suppressed with the cap as reason', async () => {
  for (const phone of SKIP) await textedBefore(phone, 2);
  const id = await sendCampaign('Skip capped', seg.skip!, 'skip');
  const done = await completed(id);
  expect(done.progress).toMatchObject({ audience: 2, queued: 0, sending: 0, sent: 0, delivered: 0 });
  expect(done.progress.suppressed).toEqual({ min_interval: 2 });
  expect((await messagesOf(id)).map((m) => [m.phone, m.status, m.suppressed_reason])).toEqual([
    [SKIP[0], 'suppressed', 'min_interval'],
    [SKIP[1], 'suppressed', 'min_interval'],
  ]);
});

it('"hold": the message waits until the cap allows it (and quiet hours, when the cap ends at night), then goes', async () => {
  const evening = await textedBefore(HOLD_EVENING, 8); // 04:00 → allowed again at 20:00
  await textedBefore(HOLD_MORNING, 2); // 10:00 → 02:00, in quiet hours until 08:00
  const id = await sendCampaign('Hold capped', seg.hold!, 'hold');
  const done = await completed(id);
  expect(done.progress).toMatchObject({ audience: 2, queued: 2, sent: 0, delivered: 0, suppressed: {} });
  const allowedAt = new Date(evening.getTime() + 16 * HOUR);
  const nextMorning = new Date('2025-06-11T12:00:00Z'); // 08:00 EDT, the end of quiet hours
  expect((await messagesOf(id)).map((m) => [m.phone, m.status, m.not_before.toISOString()])).toEqual([
    [HOLD_EVENING, 'queued', allowedAt.toISOString()],
    [HOLD_MORNING, 'queued', nextMorning.toISOString()],
  ]);

  // The evening one goes once the cap allows it; the morning one still waits for the end of quiet hours.
  try {
    setClock(allowedAt.getTime() + 60_000);
    const sent = await waitFor(async () => {
      const rows = await messagesOf(id);
      return ['sent', 'delivered'].includes(rows[0]!.status) ? rows : null;
    }, 'the held message to go');
    expect(sent.map((m) => [m.phone, m.status === 'queued' ? 'queued' : 'gone'])).toEqual([
      [HOLD_EVENING, 'gone'],
      [HOLD_MORNING, 'queued'],
    ]);
    expect(sent[1]!.not_before.toISOString()).toBe(nextMorning.toISOString());
  } finally {
    base = NOON_NY;
  }
});
