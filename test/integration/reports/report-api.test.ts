// Reports API on the seeded demo shop (local mode): the numbers each route answers equal the same figures counted
// from the raw rows, CSV exports, and every class of bad input (400 naming the field, unknown ids 404).
import { start, type RunningApp } from '../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';

let database: TestDatabase;
let app: RunningApp;
let campaignId: string;

type Json = Record<string, unknown>;
async function get(path: string): Promise<{ status: number; body: Json; text: string; type: string | null }> {
  const res = await fetch(`${app.url}/api${path}`);
  const text = await res.text();
  let body: Json = {};
  try {
    body = JSON.parse(text) as Json;
  } catch {
    // CSV
  }
  return { status: res.status, body, text, type: res.headers.get('content-type') };
}
const one = async <T = Record<string, number>>(text: string, params: unknown[] = []): Promise<T> =>
  (await app.database.pool.query(text, params)).rows[0] as T;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await start({ port: 0, role: 'web', env: testEnv(database) });
  campaignId = (await one<{ id: string }>(`SELECT id FROM campaigns ORDER BY started_at DESC LIMIT 1`)).id;
}, 180_000);

afterAll(async () => {
  await app.stop();
  await database.drop();
});

describe('campaign report', () => {
  it('answers the raw rows’ figures', async () => {
    const { status, body } = await get(`/campaigns/${campaignId}/report`);
    expect(status).toBe(200);
    const raw = await one(
      `SELECT count(*)::int AS produced, count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent,
              count(*) FILTER (WHERE status = 'delivered')::int AS delivered, count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'suppressed')::int AS suppressed,
              (SELECT count(*)::int FROM link_clicks lc JOIN messages m ON m.id = lc.message_id WHERE m.campaign_id = $1 AND NOT lc.is_bot) AS clicks,
              (SELECT count(*)::int FROM link_clicks lc JOIN messages m ON m.id = lc.message_id WHERE m.campaign_id = $1 AND lc.is_bot) AS bots,
              (SELECT count(*)::int FROM order_attributions WHERE source_id = $1::text AND NOT cancelled) AS orders,
              (SELECT COALESCE(sum(total - refunded), 0)::numeric(14, 2)::text FROM order_attributions WHERE source_id = $1::text AND NOT cancelled) AS revenue
         FROM messages WHERE campaign_id = $1`,
      [campaignId],
    );
    const { bots, ...figures } = raw;
    expect(body.figures).toMatchObject({ ...figures, botClicks: bots });
    expect(raw.sent).toBeGreaterThan(0);
    expect(body.audience).toBe(raw.produced);
    const series = (body.timeSeries as { points: Array<{ granularity: string; sent: number }> }).points;
    expect(series.filter((p) => p.granularity === 'hour').length).toBeGreaterThan(0);
    expect(series.reduce((s, p) => s + p.sent, 0)).toBe(raw.sent);
    expect(
      (body.failedByError as Array<{ reason: string; count: number }>).find(
        (r) => r.reason === 'EC_ABSENT_SUBSCRIBER',
      )?.count,
    ).toBe(raw.failed);
  });

  it('exports each table as CSV', async () => {
    const csv = await get(`/campaigns/${campaignId}/report?format=csv&table=timeseries`);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe('at,granularity,sent,delivered,clicks,orders,revenue');
    const orders = await get(`/campaigns/${campaignId}/report?format=csv&table=orders`);
    expect(orders.text.split('\r\n').filter(Boolean).length - 1).toBe(
      (await one(`SELECT count(*)::int AS n FROM order_attributions WHERE source_id = $1`, [campaignId])).n,
    );
  });

  it('404 for an unknown or malformed id, 400 naming a bad query field', async () => {
    expect((await get(`/campaigns/00000000-0000-4000-8000-000000000999/report`)).status).toBe(404);
    expect((await get(`/campaigns/nope/report`)).status).toBe(404);
    const bad = await get(`/campaigns/${campaignId}/report?table=everything`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toHaveProperty('fields.table');
    expect((await get(`/campaigns/${campaignId}/report?limit=3`)).status).toBe(400);
  });
});

describe('flow report and overview', () => {
  it('the flow report over a range equals the raw rows in that range', async () => {
    const from = new Date(Date.now() - 20 * 86_400_000).toISOString();
    const to = new Date().toISOString();
    const { status, body } = await get(`/automations/abandoned_checkout/report?from=${from}&to=${to}`);
    expect(status).toBe(200);
    const raw = await one(
      `SELECT count(*) FILTER (WHERE sent_at >= date_trunc('hour', $1::timestamptz) AND sent_at <= $2)::int AS sent
         FROM messages WHERE source_type = 'automation' AND source_id = 'abandoned_checkout'`,
      [from, to],
    );
    expect((body.figures as Json).sent).toBe(raw.sent);
    expect((body.timeSeries as { points: unknown[] }).points.length).toBe(21);
    expect((await get(`/reports/flows/abandoned_checkout`)).status).toBe(200);
    expect((await get(`/automations/not_a_flow/report`)).status).toBe(404);
  });

  it('the automations list takes the flow report’s range and shows its figures; bad dates are 400s', async () => {
    const from = new Date(Date.now() - 45 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const list = await get(`/automations?from=${from}&to=${to}T23:59:59.999Z`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ statsFrom: `${from}T00:00:00.000Z`, statsTo: `${to}T23:59:59.999Z` });
    const flows = list.body.flows as Array<{ key: string; stats: Record<string, number | string> }>;
    const report = await get(`/automations/abandoned_checkout/report?from=${from}&to=${to}T23:59:59.999Z`);
    const figures = report.body.figures as Record<string, number | string>;
    const stats = flows.find((f) => f.key === 'abandoned_checkout')!.stats;
    expect(stats).toMatchObject({
      sent: figures.sent,
      delivered: figures.delivered,
      clicks: figures.clicks,
      orders: figures.orders,
      revenue: figures.revenue,
    });
    expect(stats.sent).toBeGreaterThan(0);
    // The same figures counted from the raw rows of that range.
    const raw = await one(
      `SELECT count(*) FILTER (WHERE sent_at >= $1::timestamptz AND sent_at <= $2::timestamptz)::int AS sent,
              (SELECT count(*)::int FROM order_attributions WHERE source_kind = 'flow' AND source_id = 'abandoned_checkout' AND NOT cancelled
                  AND ordered_at >= $1::timestamptz AND ordered_at <= $2::timestamptz) AS orders
         FROM messages WHERE source_type = 'automation' AND source_id = 'abandoned_checkout' AND NOT is_test`,
      [from, `${to}T23:59:59.999Z`],
    );
    expect(stats).toMatchObject(raw);
    // A shorter range has fewer (or as many) messages; the default is the last 30 days.
    const week = await get(`/automations?from=${to}&to=${to}T23:59:59.999Z`);
    const weekSent = (week.body.flows as typeof flows).find((f) => f.key === 'abandoned_checkout')!.stats
      .sent;
    expect(weekSent).toBeLessThanOrEqual(stats.sent as number);
    const fallback = await get(`/automations`);
    expect(Date.parse(fallback.body.statsTo as string) - Date.parse(fallback.body.statsFrom as string)).toBe(
      30 * 86_400_000,
    );
    const bad = await get(`/automations?from=last-week`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toHaveProperty('fields.from');
    const reversed = await get(`/automations?from=2026-03-01&to=2026-02-01`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error).toHaveProperty('fields.from');
    expect((await get(`/automations?from=2024-01-01&to=2026-01-01`)).body.error).toHaveProperty('fields.to');
    expect((await get(`/automations?window=90`)).status).toBe(400);
  });

  it('the overview sums every source; bad ranges are 400s naming the field', async () => {
    const { status, body } = await get(
      `/reports/overview?from=${new Date(Date.now() - 120 * 86_400_000).toISOString()}`,
    );
    expect(status).toBe(200);
    const raw = await one(
      `SELECT count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent, (SELECT count(*)::int FROM order_attributions WHERE NOT cancelled) AS orders
         FROM messages WHERE direction = 'outbound' AND NOT is_test`,
    );
    expect(body.totals).toMatchObject({ sent: raw.sent, orders: raw.orders });
    expect((body.topCampaigns as unknown[]).length).toBe(3);
    expect((body.topFlows as unknown[]).length).toBeGreaterThan(0);
    const reversed = await get(`/reports/overview?from=2026-03-01&to=2026-02-01`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error).toHaveProperty('fields.from');
    const tooLong = await get(`/reports/overview?from=2024-01-01&to=2026-01-01`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toHaveProperty('fields.to');
    expect((await get(`/reports/overview?from=yesterday`)).body.error).toHaveProperty('fields.from');
    expect(
      (await get(`/reports/overview?format=csv&table=revenue`)).text.startsWith('day,orders,revenue'),
    ).toBe(true);
  });
});

describe('drill-down, why-not, attribution, message log', () => {
  it('lists the recipients behind a figure, and says why one did not get it', async () => {
    const failed = await get(`/reports/recipients?campaign=${campaignId}&figure=failed&limit=200`);
    expect(failed.status).toBe(200);
    const raw = await one(
      `SELECT count(*)::int AS n FROM messages WHERE campaign_id = $1 AND status = 'failed'`,
      [campaignId],
    );
    expect((failed.body.items as unknown[]).length).toBe(raw.n);
    const item = (failed.body.items as Array<{ subscriberId: string }>)[0]!;
    const why = await get(`/reports/why-not?campaign=${campaignId}&subscriber=${item.subscriberId}`);
    expect(why.body).toMatchObject({ outcome: 'failed', reason: 'EC_ABSENT_SUBSCRIBER' });
    expect(why.body.at).toEqual(expect.any(String));
    expect((await get(`/reports/recipients?campaign=${campaignId}&figure=nope`)).body.error).toHaveProperty(
      'fields.figure',
    );
    expect((await get(`/reports/recipients?campaign=${campaignId}&flow=welcome&figure=sent`)).status).toBe(
      400,
    );
    expect((await get(`/reports/recipients?figure=sent`)).status).toBe(400);
    expect(
      (await get(`/reports/recipients?campaign=00000000-0000-4000-8000-000000000999&figure=sent`)).status,
    ).toBe(404);
    expect(
      (await get(`/reports/why-not?campaign=${campaignId}&subscriber=00000000-0000-4000-8000-000000000999`))
        .status,
    ).toBe(404);
    expect((await get(`/reports/why-not?campaign=${campaignId}`)).status).toBe(400);
    const csv = await get(`/reports/recipients?campaign=${campaignId}&figure=failed&format=csv`);
    expect(csv.text.split('\r\n').filter(Boolean).length - 1).toBe(raw.n);
    expect(csv.text).toContain("'+");
  });

  it('explains an order’s attribution; 404 for an unknown order', async () => {
    const order = await one<{ id: string }>(`SELECT order_id::text AS id FROM order_attributions LIMIT 1`);
    const { status, body } = await get(`/orders/${order.id}/attribution`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ attributed: true, channel: 'click' });
    expect(body.rule).toEqual(expect.stringContaining('5 days'));
    const list = await get(`/reports/orders?campaign=${campaignId}`);
    expect(list.status).toBe(200);
    expect((await get(`/orders/1/attribution`)).status).toBe(404);
    expect((await get(`/orders/abc/attribution`)).status).toBe(404);
    expect((await get(`/orders/99999999999999999999/attribution`)).status).toBe(404);
  });

  it('the message log filters by source and summarises', async () => {
    const list = await get(`/messages?source=flow&limit=5`);
    expect(
      (list.body.items as Array<{ sourceType: string }>).every((m) => m.sourceType === 'automation'),
    ).toBe(true);
    const summary = await get(`/messages/summary?source=campaign`);
    const raw = await one(
      `SELECT count(*)::int AS produced, count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE status IN ('failed', 'expired', 'undeliverable'))::int AS "deliveryErrors"
         FROM messages WHERE source_type = 'campaign'`,
    );
    expect(summary.body).toMatchObject(raw);
    expect((await get(`/messages/summary?status=bogus`)).body.error).toHaveProperty('fields.status');
  });
});
