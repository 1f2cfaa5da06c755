// Report counters (migration 0022) against a real PostgreSQL: they follow every status change, click, recipient,
// opt-out and attributed order in the same statement's transaction; orders are attributed by last touch (unique
// code, then a click in the click window, then a delivery in the delivered window; customer or phone); a
// cancellation and a refund reduce the revenue; the nightly repair finds drift and repairs it.
import pg from 'pg';
import { runMigrations } from '../../../server/db/migrate.js';
import { repairShopCounters } from '../../../server/reports/counter-repair.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let database: TestDatabase;
let pool: pg.Pool;
let shopId: string;
let campaignId: string;
let subscriberId: string;
const PHONE = '+14155550177';
const T0 = new Date('2026-03-02T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const q = (sql: string, params: unknown[] = []) => pool.query(sql, params);

async function totals(source = campaignId) {
  const { rows } = await q(
    `SELECT sum(produced)::int AS produced, sum(pending)::int AS pending, sum(suppressed)::int AS suppressed, sum(sent)::int AS sent,
            sum(delivered)::int AS delivered, sum(failed)::int AS failed, sum(awaiting)::int AS awaiting, sum(clicks)::int AS clicks,
            sum(unique_clicks)::int AS unique_clicks, sum(bot_clicks)::int AS bot_clicks, sum(orders)::int AS orders,
            sum(revenue)::text AS revenue, sum(discount_redemptions)::int AS codes, sum(opt_outs)::int AS opt_outs,
            sum(audience)::int AS audience, sum(holdout)::int AS holdout, sum(segments)::int AS segments
       FROM report_counters WHERE shop_id = $1 AND source_id = $2`,
    [shopId, source],
  );
  return rows[0] as Record<string, number | string | null>;
}

/** Every source and day whose rollup row differs from the sum of its hourly rows (a missing row counts as zeros). */
async function dailyMismatches() {
  const metrics = [
    'produced',
    'sent',
    'delivered',
    'failed',
    'clicks',
    'orders',
    'revenue',
    'opt_outs',
    'audience',
    'cost_micros',
  ];
  const { rows } = await q(
    `WITH h AS (SELECT source_kind, source_id, message_kind, date_trunc('day', bucket, 'UTC') AS day,
                       ${metrics.map((m) => `sum(${m}) AS ${m}`).join(', ')}
                  FROM report_counters WHERE shop_id = $1 GROUP BY 1, 2, 3, 4),
          d AS (SELECT source_kind, source_id, message_kind, day, ${metrics.join(', ')} FROM report_counters_daily WHERE shop_id = $1)
     SELECT source_kind, source_id, message_kind, day, ${metrics.map((m) => `COALESCE(h.${m}, 0)::text AS hourly_${m}, COALESCE(d.${m}, 0)::text AS daily_${m}`).join(', ')}
       FROM h FULL JOIN d USING (source_kind, source_id, message_kind, day)
      WHERE (${metrics.map((m) => `COALESCE(h.${m}, 0)`).join(', ')}) <> (${metrics.map((m) => `COALESCE(d.${m}, 0)`).join(', ')})`,
    [shopId],
  );
  return rows;
}

async function dailyTotals() {
  const { rows } = await q(
    `SELECT source_id, day, sum(sent)::int AS sent, sum(delivered)::int AS delivered, sum(orders)::int AS orders, sum(revenue)::text AS revenue
       FROM report_counters_daily WHERE shop_id = $1 GROUP BY 1, 2
     HAVING (sum(sent), sum(delivered), sum(orders), sum(revenue)) <> (0, 0, 0, 0) ORDER BY 1, 2`,
    [shopId],
  );
  return rows;
}

async function message(
  phone: string,
  opts: {
    campaign?: string | null;
    flow?: string;
    status?: string;
    sentAt?: Date | null;
    deliveredAt?: Date | null;
  } = {},
) {
  const { rows } = await q(
    `INSERT INTO messages (shop_id, subscriber_id, phone, kind, source_type, source_id, campaign_id, body, encoding, segments, cost_micros,
                           idempotency_key, status, sent_at, delivered_at, created_at)
     VALUES ($1, NULL, $2, 'marketing', $3, $4, $5, 'Hi', 'gsm7', 2, 15000, gen_random_uuid()::text, $6, $7, $8, $9) RETURNING id`,
    [
      shopId,
      phone,
      opts.flow ? 'automation' : 'campaign',
      opts.flow ?? opts.campaign ?? campaignId,
      opts.flow ? null : (opts.campaign ?? campaignId),
      opts.status ?? 'queued',
      opts.sentAt ?? null,
      opts.deliveredAt ?? null,
      at(0),
    ],
  );
  return rows[0].id as string;
}

async function order(
  id: number,
  opts: {
    phone?: string | null;
    customerId?: number | null;
    createdAt: Date;
    total?: string;
    codes?: string[];
  },
) {
  await q(
    `INSERT INTO orders (shop_id, id, name, phone, customer_id, currency, total_price, discount_codes, shopify_created_at, shopify_updated_at)
     VALUES ($1, $2, $3, $4, $5, 'USD', $6, $7, $8, $8)`,
    [
      shopId,
      id,
      `#${id}`,
      opts.phone ?? null,
      opts.customerId ?? null,
      opts.total ?? '50.00',
      opts.codes ?? [],
      opts.createdAt,
    ],
  );
  const { rows } = await q(
    `SELECT channel, matched_by, message_id FROM order_attributions WHERE shop_id = $1 AND order_id = $2`,
    [shopId, id],
  );
  return rows[0] as { channel: string; matched_by: string; message_id: string } | undefined;
}

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 3 });
  await runMigrations(pool);
  shopId = (
    await q(
      `INSERT INTO shops (domain, name, sender_id) VALUES ('reports.myshopify.com', 'Reports', 'Reports') RETURNING id`,
    )
  ).rows[0].id;
  campaignId = (
    await q(
      `INSERT INTO campaigns (shop_id, name, slug, status, audience, message, schedule, options, started_at)
       VALUES ($1, 'Spring', 'spring', 'sending', '{}', '{}', '{}', '{}', $2) RETURNING id`,
      [shopId, at(0)],
    )
  ).rows[0].id;
  await q(`INSERT INTO customers (shop_id, id) VALUES ($1, 7001)`, [shopId]);
  subscriberId = (
    await q(
      `INSERT INTO subscribers (shop_id, phone, customer_id, marketing_state, source) VALUES ($1, $2, 7001, 'subscribed', 'checkout') RETURNING id`,
      [shopId, PHONE],
    )
  ).rows[0].id;
}, 120_000);

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('report counters', () => {
  it('follow a message from queued to delivered, with clicks by people and bots', async () => {
    const id = await message(PHONE);
    expect(await totals()).toMatchObject({ produced: 1, pending: 1, sent: 0 });
    await q(`UPDATE messages SET status = 'sending' WHERE id = $1`, [id]);
    expect(await totals()).toMatchObject({ produced: 1, pending: 1, sent: 0 });
    await q(`UPDATE messages SET status = 'sent', sent_at = $2 WHERE id = $1`, [id, at(1)]);
    expect(await totals()).toMatchObject({
      produced: 1,
      pending: 0,
      sent: 1,
      awaiting: 1,
      delivered: 0,
      segments: 2,
    });
    await q(`UPDATE messages SET status = 'delivered', delivered_at = $2 WHERE id = $1`, [id, at(2)]);
    expect(await totals()).toMatchObject({ sent: 1, awaiting: 0, delivered: 1 });
    await q(
      `INSERT INTO link_clicks (shop_id, code, message_id, is_bot, clicked_at) VALUES ($1, 'c1', $2, true, $3), ($1, 'c1', $2, false, $4), ($1, 'c1', $2, false, $5)`,
      [shopId, id, at(3), at(10), at(20)],
    );
    expect(await totals()).toMatchObject({ clicks: 2, unique_clicks: 1, bot_clicks: 1 });
    await q(
      `INSERT INTO link_clicks (shop_id, code, message_id, is_bot, clicked_at) VALUES ($1, 'c1', $2, false, $3)`,
      [shopId, id, at(30)],
    );
    expect(await totals()).toMatchObject({ clicks: 3, unique_clicks: 1 });
  });

  it('count suppressions and failures by reason, and skipped and held-out recipients', async () => {
    const failed = await message('+14155550178', { status: 'sent', sentAt: at(1) });
    await q(
      `UPDATE messages SET status = 'failed', failed_at = $2, error_code = 'EC_ABSENT_SUBSCRIBER' WHERE id = $1`,
      [failed, at(5)],
    );
    const suppressed = await message('+14155550179');
    await q(`UPDATE messages SET status = 'suppressed', suppressed_reason = 'opted_out' WHERE id = $1`, [
      suppressed,
    ]);
    const other = (
      await q(
        `INSERT INTO subscribers (shop_id, phone, source) VALUES ($1, '+14155550180', 'admin') RETURNING id`,
        [shopId],
      )
    ).rows[0].id;
    const held = (
      await q(
        `INSERT INTO subscribers (shop_id, phone, source) VALUES ($1, '+14155550181', 'admin') RETURNING id`,
        [shopId],
      )
    ).rows[0].id;
    await q(
      `INSERT INTO campaign_recipients (shop_id, campaign_id, subscriber_id, variant, "group", suppressed_reason)
       VALUES ($1, $2, $3, 'main', 'rest', 'smart_sending'), ($1, $2, $4, 'holdout', 'holdout', NULL)`,
      [shopId, campaignId, other, held],
    );
    expect(await totals()).toMatchObject({ failed: 1, suppressed: 2, audience: 2, holdout: 1 });
    const { rows } = await q(
      `SELECT dimension, reason, sum(count)::int AS n FROM report_reasons WHERE shop_id = $1 AND source_id = $2 GROUP BY 1, 2 ORDER BY 1, 2`,
      [shopId, campaignId],
    );
    expect(rows).toEqual([
      { dimension: 'error', reason: 'EC_ABSENT_SUBSCRIBER', n: 1 },
      { dimension: 'suppressed', reason: 'opted_out', n: 1 },
      { dimension: 'suppressed', reason: 'smart_sending', n: 1 },
    ]);
  });

  it('attribute an order to the last click (by customer), reduce revenue on refund and cancellation', async () => {
    const before = await totals();
    const a = await order(9001, { customerId: 7001, createdAt: at(60), total: '80.00' });
    expect(a).toMatchObject({ channel: 'click', matched_by: 'customer' });
    const after = await totals();
    expect(Number(after.orders) - Number(before.orders)).toBe(1);
    expect(Number(after.revenue) - Number(before.revenue)).toBe(80);
    await q(`UPDATE orders SET refunded_amount = 30 WHERE shop_id = $1 AND id = 9001`, [shopId]);
    expect(Number((await totals()).revenue) - Number(before.revenue)).toBe(50);
    await q(`UPDATE orders SET cancelled_at = $2 WHERE shop_id = $1 AND id = 9001`, [shopId, at(70)]);
    const cancelled = await totals();
    expect(cancelled.orders).toBe(before.orders);
    expect(Number(cancelled.revenue)).toBe(Number(before.revenue));
    // The same order again (a redelivery) counts once.
    await q(`UPDATE orders SET cancelled_at = NULL WHERE shop_id = $1 AND id = 9001`, [shopId]);
    expect(Number((await totals()).orders) - Number(before.orders)).toBe(1);
  });

  it('prefer a unique discount code over a click, and a click over a delivery; respect the windows', async () => {
    const phone = '+14155550190';
    const coded = await message(phone, { status: 'delivered', sentAt: at(0), deliveredAt: at(1) });
    const sub = (
      await q(`INSERT INTO subscribers (shop_id, phone, source) VALUES ($1, $2, 'admin') RETURNING id`, [
        shopId,
        phone,
      ])
    ).rows[0].id;
    await q(
      `INSERT INTO campaign_recipients (shop_id, campaign_id, subscriber_id, variant, "group", message_id, discount_code) VALUES ($1, $2, $3, 'main', 'rest', $4, 'SPRING-X1')`,
      [shopId, campaignId, sub, coded],
    );
    const flowMsg = await message(phone, {
      flow: 'abandoned_checkout',
      status: 'delivered',
      sentAt: at(100),
      deliveredAt: at(101),
    });
    await q(
      `INSERT INTO link_clicks (shop_id, code, message_id, is_bot, clicked_at) VALUES ($1, 'f1', $2, false, $3)`,
      [shopId, flowMsg, at(102)],
    );
    expect(await order(9101, { phone, createdAt: at(200), codes: ['SPRING-X1'] })).toMatchObject({
      channel: 'discount_code',
      message_id: coded,
    });
    expect(await order(9102, { phone, createdAt: at(200) })).toMatchObject({
      channel: 'click',
      matched_by: 'phone',
      message_id: flowMsg,
    });
    expect((await totals()).codes).toBe(1);
    expect(await totals('abandoned_checkout')).toMatchObject({ orders: 1, revenue: '50.00' });

    const late = '+14155550191';
    await message(late, { status: 'delivered', sentAt: at(0), deliveredAt: at(1) });
    // Delivered 23 h before: attributed by delivery; 25 h after: outside the 24-hour window.
    expect(await order(9103, { phone: late, createdAt: at(23 * 60) })).toMatchObject({ channel: 'delivery' });
    expect(await order(9104, { phone: late, createdAt: at(25 * 60) })).toBeUndefined();
    // A shorter delivered window applies to orders from then on.
    await q(
      `UPDATE shops SET settings = jsonb_set(settings, '{attributionWindows}', '{"clickDays": 5, "deliveredHours": 1}') WHERE id = $1`,
      [shopId],
    );
    expect(await order(9105, { phone: late, createdAt: at(2 * 60) })).toBeUndefined();
    expect(
      await q(`SELECT 1 FROM order_attributions WHERE shop_id = $1 AND order_id = 9103`, [shopId]),
    ).toMatchObject({ rowCount: 1 });
  });

  it('attribute an opt-out to the last marketing message and count opt-ins and opt-outs per day', async () => {
    const before = Number((await totals()).opt_outs);
    await q(
      `INSERT INTO consent_events (shop_id, subscriber_id, channel, action, source, occurred_at)
       VALUES ($1, $2, 'marketing', 'unsubscribed', 'keyword', $3), ($1, $2, 'marketing', 'subscribed', 'checkout', $4)`,
      [shopId, subscriberId, at(90), at(-60)],
    );
    expect(Number((await totals()).opt_outs) - before).toBe(1);
    const { rows } = await q(
      `SELECT source, opt_ins::int, opt_outs::int FROM subscriber_counters WHERE shop_id = $1 ORDER BY source`,
      [shopId],
    );
    expect(rows).toEqual([
      { source: 'checkout', opt_ins: 1, opt_outs: 0 },
      { source: 'keyword', opt_ins: 0, opt_outs: 1 },
    ]);
  });

  it('keep a daily rollup equal to the sum of the hours, through every change above', async () => {
    expect(await dailyMismatches()).toEqual([]);
    const days = await q(`SELECT count(*)::int AS n FROM report_counters_daily WHERE shop_id = $1`, [shopId]);
    expect(days.rows[0].n).toBeGreaterThan(0);
    // An hourly row moved to another day (the repair's kind of write) moves its figures with it.
    await q(
      `UPDATE report_counters SET bucket = bucket + interval '3 days' WHERE shop_id = $1 AND source_id = $2 AND sent > 0`,
      [shopId, campaignId],
    );
    expect(await dailyMismatches()).toEqual([]);
    await q(
      `UPDATE report_counters SET bucket = bucket - interval '3 days' WHERE shop_id = $1 AND source_id = $2 AND sent > 0`,
      [shopId, campaignId],
    );
    expect(await dailyMismatches()).toEqual([]);
  });

  it('the nightly repair finds no drift after the triggers, then repairs drift it is shown', async () => {
    const none = { counters: 0, daily: 0, reasons: 0, subscribers: 0 };
    expect(await repairShopCounters(pool, shopId)).toEqual(none);
    const good = await totals();
    const goodDaily = await dailyTotals();
    await q(
      `UPDATE report_counters SET sent = sent + 7, revenue = revenue + 3 WHERE shop_id = $1 AND source_id = $2 AND sent > 0`,
      [shopId, campaignId],
    );
    await q(`DELETE FROM report_reasons WHERE shop_id = $1 AND reason = 'opted_out'`, [shopId]);
    await q(`UPDATE subscriber_counters SET opt_ins = 40 WHERE shop_id = $1`, [shopId]);
    // Drift of the rollup alone: one day's row loses its deliveries, another day appears from nowhere.
    await q(
      `UPDATE report_counters_daily SET delivered = 0 WHERE shop_id = $1 AND source_id = $2 AND delivered > 0`,
      [shopId, campaignId],
    );
    await q(
      `INSERT INTO report_counters_daily (shop_id, source_kind, source_id, message_kind, day, orders, revenue)
       VALUES ($1, 'flow', 'welcome', 'marketing', '2026-01-05T00:00:00Z', 4, 99)`,
      [shopId],
    );
    expect(await totals()).not.toEqual(good);
    expect(await dailyTotals()).not.toEqual(goodDaily);
    const repaired = await repairShopCounters(pool, shopId);
    expect(repaired.counters).toBeGreaterThan(0);
    expect(repaired.daily).toBe(2);
    expect(repaired.reasons).toBe(1);
    expect(repaired.subscribers).toBeGreaterThan(0);
    expect(await totals()).toEqual(good);
    expect(await dailyTotals()).toEqual(goodDaily);
    expect(await dailyMismatches()).toEqual([]);
    expect(await repairShopCounters(pool, shopId)).toEqual(none);
  });

  it('leave nothing behind when the shop is deleted', async () => {
    await q(`DELETE FROM shops WHERE id = $1`, [shopId]);
    for (const t of [
      'report_counters',
      'report_counters_daily',
      'report_reasons',
      'subscriber_counters',
      'order_attributions',
    ]) {
      expect((await q(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n).toBe(0);
    }
  });
});
