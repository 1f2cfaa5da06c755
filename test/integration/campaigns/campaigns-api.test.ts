// /api/campaigns on a real database (local mode, web role: no jobs run, so a scheduled campaign stays
// scheduled): create, read, list, change, delete, duplicate; the state machine's 409s with their reason;
// the audit list; the estimate (union of included segments minus excluded ones, reachable only, one per
// phone); each class of bad input (400/422, nothing stored); test sends; another shop's campaign (404).
import type {
  CampaignDetail,
  CampaignEstimate,
  CampaignList,
  CampaignTestResponse,
} from '../../../server/contracts/campaigns.js';
import type { ApiErrorBody } from '../../../server/contracts/errors.js';
import { insertCampaign } from '../../../server/campaigns/campaign-repository.js';
import { start, type RunningApp } from '../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { verifyTestPhone } from '../../support/test-phone.js';
import { apiOf, country, DEMO, insertPeople, insertSegment, insertShop, tagged } from './support.js';

let db: TestDatabase;
let app: RunningApp;
let shopId: string;
let otherShopId: string;
let otherCampaign: string;
const seg: Record<string, string> = {};
const api = apiOf(() => app.url!);
const OWN_TEST_PHONE = '+14155550199';

beforeAll(async () => {
  db = await createTestDatabase();
  app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false' }) });
  const pool = app.database.pool;
  shopId = await insertShop(pool, DEMO);
  otherShopId = await insertShop(pool, 'other.myshopify.com', 'Other');
  await insertPeople(pool, shopId, [
    { customerId: 1, phone: '+12125550001', country: 'US', tags: ['vip'] },
    { customerId: 2, phone: '+12125550002', country: 'US' },
    { customerId: 3, phone: '+14165550003', country: 'CA', tags: ['vip'] },
    { customerId: 4, phone: '+14165550004', country: 'CA', marketing: 'unsubscribed' },
    { customerId: 5, phone: '+12125550005', country: 'US', tags: ['vip'] },
    { customerId: null, phone: '+12125550006' },
    { customerId: 7, phone: '+12125550007', country: 'US', marketing: 'never' },
  ]);
  seg.us = await insertSegment(pool, shopId, 'US', country('US'));
  seg.vip = await insertSegment(pool, shopId, 'VIP', tagged('vip'));
  seg.ca = await insertSegment(pool, shopId, 'Canada', country('CA'));
  seg.otherShops = await insertSegment(pool, otherShopId, 'Theirs', country('US'));
  otherCampaign = (
    await insertCampaign(
      pool,
      otherShopId,
      {
        name: 'Theirs',
        slug: 'theirs',
        audience: { include: 'all', exclude: [] },
        message: { templates: { en: 'Hello' }, discount: null },
        schedule: { kind: 'now' },
        options: { whenBlocked: 'hold', smartSendingHours: 16, utm: true, holdoutPercent: 0 },
        ab: null,
      },
      new Date(),
    )
  ).id;
  await verifyTestPhone(app.url!, pool, OWN_TEST_PHONE);
});
afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

const count = async (table: string) =>
  Number(
    (
      await app.database.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE shop_id = $1`, [
        shopId,
      ])
    ).rows[0]!.n,
  );
const future = { kind: 'at', date: '2099-01-01', time: '09:00' };

async function create(body: Record<string, unknown> = {}): Promise<CampaignDetail> {
  const res = await api<CampaignDetail>('POST', '/campaigns', {
    name: 'Spring sale',
    message: { templates: { en: 'Spring sale at {{ shop.name }}: https://demo.myshopify.com/sale' } },
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe('CRUD and lifecycle', () => {
  it('creates a draft with defaults, reads it with progress and audit, lists it', async () => {
    const c = await create({ audience: { include: [seg.us], exclude: [] } });
    expect(c).toMatchObject({
      status: 'draft',
      name: 'Spring sale',
      slug: 'spring-sale',
      schedule: { kind: 'now' },
      options: { whenBlocked: 'hold', smartSendingHours: 16, utm: true, holdoutPercent: 0 },
      ab: null,
      startAt: null,
    });
    expect(c.progress).toEqual({
      audience: 0,
      holdout: 0,
      suppressed: {},
      queued: 0,
      sending: 0,
      sent: 0,
      delivered: 0,
      failed: 0,
      cancelled: 0,
    });
    expect(c.audit).toEqual([expect.objectContaining({ actor: 'merchant', action: 'created' })]);
    const got = await api<CampaignDetail>('GET', `/campaigns/${c.id}`);
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(c.id);
    const list = await api<CampaignList>('GET', '/campaigns');
    expect(list.body.items.find((i) => i.id === c.id)).toMatchObject({
      status: 'draft',
      audience: 0,
      sent: 0,
      delivered: 0,
      clicks: 0,
      revenue: '0.00',
      currency: 'USD',
    });
    expect(list.body.items.some((i) => i.id === otherCampaign)).toBe(false);
  });

  it('records every change in the audit list (who, when, what) and refuses edits once cancelled (409 with the reason)', async () => {
    const c = await create();
    const changed = await api<CampaignDetail>('PUT', `/campaigns/${c.id}`, {
      name: 'Summer sale',
      schedule: future,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.name).toBe('Summer sale');
    const updated = changed.body.audit.find((a) => a.action === 'updated')!;
    expect(updated.changes).toEqual({
      name: { from: 'Spring sale', to: 'Summer sale' },
      schedule: { from: { kind: 'now' }, to: future },
    });
    expect(Date.parse(updated.at)).not.toBeNaN();

    const scheduled = await api<CampaignDetail>('POST', `/campaigns/${c.id}/schedule`);
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.status).toBe('scheduled');
    expect(scheduled.body.startAt).toBe('2099-01-01T14:00:00.000Z'); // 09:00 in New York
    // Editable while scheduled; the start moves with the schedule.
    const moved = await api<CampaignDetail>('PUT', `/campaigns/${c.id}`, {
      schedule: { kind: 'at', date: '2099-01-02', time: '10:00' },
    });
    expect(moved.body.startAt).toBe('2099-01-02T15:00:00.000Z');
    const paused = await api<ApiErrorBody>('POST', `/campaigns/${c.id}/pause`);
    expect(paused.status).toBe(409);
    expect(paused.body.error.message).toBe(
      'The campaign is scheduled; only a sending campaign can be paused',
    );

    expect((await api('POST', `/campaigns/${c.id}/cancel`)).status).toBe(200);
    const edit = await api<ApiErrorBody>('PUT', `/campaigns/${c.id}`, { name: 'Again' });
    expect(edit.status).toBe(409);
    expect(edit.body.error).toMatchObject({
      code: 'campaign_state_conflict',
      message: 'The campaign is cancelled; only a draft or scheduled campaign can be changed',
    });
    expect((await api<ApiErrorBody>('POST', `/campaigns/${c.id}/resume`)).status).toBe(409);
    expect((await api<ApiErrorBody>('POST', `/campaigns/${c.id}/cancel`)).body.error.message).toBe(
      'The campaign is already cancelled',
    );
    expect((await api<ApiErrorBody>('DELETE', `/campaigns/${c.id}`)).status).toBe(409);
    const final = await api<CampaignDetail>('GET', `/campaigns/${c.id}`);
    expect(final.body.name).toBe('Summer sale');
    expect(final.body.audit.map((a) => a.action)).toEqual([
      'created',
      'updated',
      'scheduled',
      'updated',
      'cancelled',
    ]);
  });

  it('pauses and resumes a sending campaign, each in the audit list; a paused one cannot be paused again', async () => {
    const c = await create();
    await app.database.pool.query(
      `UPDATE campaigns SET status = 'sending', fanout_phase = 'rest' WHERE id = $1`,
      [c.id],
    );
    const paused = await api<CampaignDetail>('POST', `/campaigns/${c.id}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body.status).toBe('paused');
    const again = await api<ApiErrorBody>('POST', `/campaigns/${c.id}/pause`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('The campaign is paused; only a sending campaign can be paused');
    expect((await api<ApiErrorBody>('PUT', `/campaigns/${c.id}`, { name: 'x' })).status).toBe(409);
    const resumed = await api<CampaignDetail>('POST', `/campaigns/${c.id}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('sending');
    expect(resumed.body.audit.map((a) => a.action)).toEqual(['created', 'paused', 'resumed']);
    // Resuming queues the fan-out again (it continues after its last page).
    const jobs = await app.database.pool.query(
      `SELECT 1 FROM agenda_jobs WHERE name = 'campaigns.fan-out' AND data->>'campaignId' = $1`,
      [c.id],
    );
    expect(jobs.rowCount).toBe(1);
  });

  it('deletes a draft (204, then 404), duplicates any campaign as a new draft', async () => {
    const c = await create({
      schedule: future,
      options: { holdoutPercent: 10, smartSendingHours: 0, utm: false, whenBlocked: 'skip' },
    });
    const copy = await api<CampaignDetail>('POST', `/campaigns/${c.id}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({
      status: 'draft',
      name: 'Spring sale (copy)',
      schedule: future,
      options: c.options,
      message: c.message,
    });
    expect(copy.body.id).not.toBe(c.id);
    expect((await api('DELETE', `/campaigns/${c.id}`)).status).toBe(204);
    expect((await api('GET', `/campaigns/${c.id}`)).status).toBe(404);
  });
});

describe('estimate', () => {
  it('counts reachable subscribers of the included segments once per phone, minus excluded segments', async () => {
    const both = await create({ audience: { include: [seg.us, seg.vip], exclude: [] } });
    const est = await api<CampaignEstimate>('GET', `/campaigns/${both.id}/estimate`);
    expect(est.status).toBe(200);
    // US: 1, 2, 5 (7 never consented); VIP: 1, 3, 5 → 1, 2, 3, 5 (1 and 5 in both, counted once).
    expect(est.body.reachable).toBe(4);
    expect(est.body.segments.min).toBeGreaterThanOrEqual(1);
    expect(est.body.segments.max).toBeGreaterThanOrEqual(est.body.segments.min);
    expect(est.body.cost.currency).toBe('USD');
    expect(Number(est.body.cost.min)).toBeGreaterThan(0);

    const minusCanada = await create({ audience: { include: [seg.us, seg.vip], exclude: [seg.ca] } });
    expect((await api<CampaignEstimate>('GET', `/campaigns/${minusCanada.id}/estimate`)).body.reachable).toBe(
      3,
    );
    const everyone = await create({ audience: { include: 'all', exclude: [seg.vip] } });
    // All reachable (1, 2, 3, 5, 6) minus VIP (1, 3, 5); 6 has no customer and stays.
    expect((await api<CampaignEstimate>('GET', `/campaigns/${everyone.id}/estimate`)).body.reachable).toBe(2);
  });
});

describe('bad input: 400/422 naming the problem, nothing stored', () => {
  const cases: Array<[string, Record<string, unknown>, number, RegExp]> = [
    ['no name', { name: '' }, 400, /name/],
    ['unknown field', { name: 'x', colour: 'red' }, 400, /Unknown field/],
    [
      'a schedule in the past',
      { name: 'x', schedule: { kind: 'at', date: '2020-01-01', time: '09:00' } },
      400,
      /in the past/,
    ],
    [
      'a date that is not a date',
      { name: 'x', schedule: { kind: 'at', date: '2026-02-30', time: '09:00' } },
      400,
      /schedule.date/,
    ],
    [
      'an unknown segment',
      { name: 'x', audience: { include: ['00000000-0000-4000-8000-000000000000'], exclude: [] } },
      400,
      /unknown segment/,
    ],
    [
      "another shop's segment",
      { name: 'x', audience: { include: [], exclude: [] } },
      400,
      /choose at least one segment/,
    ],
    [
      'one variant',
      {
        name: 'x',
        ab: {
          kind: 'content',
          variants: [{ key: 'A', templates: { en: 'a' } }],
          testPercent: 20,
          metric: 'click_rate',
          waitHours: 4,
        },
      },
      400,
      /2 to 4 variants/,
    ],
    [
      'a wait over 72 h',
      {
        name: 'x',
        ab: {
          kind: 'send_time',
          variants: [
            { key: 'A', sendDelayMinutes: 0 },
            { key: 'B', sendDelayMinutes: 60 },
          ],
          testPercent: 20,
          metric: 'order_rate',
          waitHours: 73,
        },
      },
      400,
      /waitHours/,
    ],
  ];
  it.each(cases)('%s', async (_what, body, status, message) => {
    const before = await count('campaigns');
    const res = await api<ApiErrorBody>('POST', '/campaigns', body);
    expect(res.status).toBe(status);
    expect(`${res.body.error.message} ${JSON.stringify(res.body.error.fields ?? {})}`).toMatch(message);
    expect(await count('campaigns')).toBe(before);
  });

  it("another shop's segment is unknown here (400)", async () => {
    const res = await api<ApiErrorBody>('POST', '/campaigns', {
      name: 'x',
      audience: { include: [seg.otherShops], exclude: [] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({
      'audience.include.0': `segment ${seg.otherShops} does not exist`,
    });
  });

  it('a template that does not validate: 422 with the issues and their positions', async () => {
    const before = await count('campaigns');
    const res = await api<{
      error: {
        code: string;
        message: string;
        templates: Record<string, Array<{ message: string; line?: number; column?: number }>>;
      };
    }>('POST', '/campaigns', {
      name: 'x',
      message: {
        templates: { en: 'Hi {{ subscriber.first_name }}', fr: 'Salut\n{{ subscriber.frist_name }}' },
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_template');
    expect(Object.keys(res.body.error.templates)).toEqual(['fr']);
    expect(res.body.error.templates.fr![0]).toMatchObject({ line: 2, column: expect.any(Number) });
    expect(res.body.error.templates.fr![0]!.message).toMatch(/subscriber\.first_name/);
    // An order field is not available in a campaign; a discount field needs a discount.
    const order = await api<ApiErrorBody>('POST', '/campaigns', {
      name: 'x',
      message: { templates: { en: 'Order {{ order.name }}' } },
    });
    expect(order.status).toBe(422);
    const discount = await api<ApiErrorBody>('POST', '/campaigns', {
      name: 'x',
      message: { templates: { en: 'Code {{ discount.code }}' } },
    });
    expect(discount.status).toBe(422);
    expect(await count('campaigns')).toBe(before);
  });

  it('a change that does not validate leaves the campaign and its audit as they were', async () => {
    const c = await create();
    const res = await api<ApiErrorBody>('PUT', `/campaigns/${c.id}`, {
      name: 'Changed',
      message: { templates: { en: '{% for x in y %}{% endfor %}' } },
    });
    expect(res.status).toBe(422);
    const after = await api<CampaignDetail>('GET', `/campaigns/${c.id}`);
    expect(after.body.name).toBe('Spring sale');
    expect(after.body.audit).toHaveLength(1);
  });
});

describe('test send', () => {
  it('sends the rendered campaign to the verified test number, as a test', async () => {
    const c = await create({
      message: {
        templates: { en: 'Hi {{ subscriber.first_name }}, use {{ discount.code }}' },
        discount: { mode: 'shared', code: 'SPRING10' },
      },
    });
    const res = await api<CampaignTestResponse>('POST', `/campaigns/${c.id}/test`, { phone: OWN_TEST_PHONE });
    expect(res.status).toBe(200);
    expect(res.body.ownTestNumber).toBe(true);
    expect(res.body.notSentReason).toBeNull();
    expect(res.body.message.body).toMatch(/^Hi Camille, use SPRING10\n/);
    expect(res.body.message.body).toMatch(/STOP/);
    const row = (
      await app.database.pool.query<{ is_test: boolean; campaign_id: string | null }>(
        'SELECT is_test, campaign_id FROM messages WHERE id = $1',
        [res.body.message.id],
      )
    ).rows[0]!;
    expect(row).toEqual({ is_test: true, campaign_id: null });
    const audit = (await api<CampaignDetail>('GET', `/campaigns/${c.id}`)).body.audit;
    expect(audit.at(-1)).toMatchObject({ action: 'test_sent', changes: { phone: OWN_TEST_PHONE } });
  });

  it('a number without consent gets nothing (notSentReason); a bad number is 400', async () => {
    const c = await create();
    const res = await api<CampaignTestResponse>('POST', `/campaigns/${c.id}/test`, { phone: '+14155550111' });
    expect(res.status).toBe(200);
    expect(res.body.ownTestNumber).toBe(false);
    expect(res.body.notSentReason).not.toBeNull();
    expect((await api('POST', `/campaigns/${c.id}/test`, { phone: '555' })).status).toBe(400);
  });
});

describe("another shop's campaign", () => {
  it.each([
    ['GET', ''],
    ['PUT', ''],
    ['DELETE', ''],
    ['GET', '/estimate'],
    ['POST', '/schedule'],
    ['POST', '/pause'],
    ['POST', '/resume'],
    ['POST', '/cancel'],
    ['POST', '/duplicate'],
    ['POST', '/test'],
  ])('%s %s is 404 and changes nothing', async (method, suffix) => {
    const res = await api<ApiErrorBody>(
      method,
      `/campaigns/${otherCampaign}${suffix}`,
      method === 'GET' || method === 'DELETE' ? undefined : { name: 'Mine', phone: OWN_TEST_PHONE },
    );
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('campaign_not_found');
    const theirs = (
      await app.database.pool.query<{ name: string; status: string }>(
        'SELECT name, status FROM campaigns WHERE id = $1',
        [otherCampaign],
      )
    ).rows[0];
    expect(theirs).toEqual({ name: 'Theirs', status: 'draft' });
    expect((await api('GET', `/campaigns/not-a-uuid${suffix}`)).status).toBe(404);
  });
});
