// The demo seed dates nothing in the future (issue #9 §3): a consent row dated ahead of a later STOP
// once kept demo shoppers subscribed after "You are unsubscribed". Every timestamp column of every
// table is checked after seeding, and the seeded subscriber states agree with their ledgers.
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from '../../../server/db/client.js';
import { runMigrations } from '../../../server/db/migrate.js';
import * as schema from '../../../server/db/schema/index.js';
import { DEMO_SHOP_DOMAIN } from '../../../server/local/demo-shop.js';
import { seedDemoShop } from '../../../server/local/demo-seed.js';
import { repairShopCounters } from '../../../server/reports/counter-repair.js';
import { toLedgerEntry } from '../../../server/subscribers/consent-ledger.js';
import { deriveState } from '../../../server/subscribers/consent-state.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let database: TestDatabase;
let pool: pg.Pool;
let db: Db;
let seededAt: Date;
let finishedAt: Date;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  await runMigrations(pool);
  db = drizzle(pool, { schema });
  seededAt = new Date();
  await seedDemoShop(db, seededAt);
  finishedAt = new Date();
}, 120_000);

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('demo seed', () => {
  it('writes no timestamp later than the moment it runs, in any table', async () => {
    const { rows: columns } = await pool.query<{ table_name: string; column_name: string }>(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type IN ('timestamp with time zone', 'timestamp without time zone', 'date')
        ORDER BY 1, 2`,
    );
    expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(
      expect.arrayContaining([
        'consent_events.occurred_at',
        'consent_events.recorded_at',
        'subscribers.subscribed_at',
        'subscribers.unsubscribed_at',
        'orders.cancelled_at',
      ]),
    );
    const late: string[] = [];
    let checked = 0;
    for (const { table_name, column_name } of columns) {
      const { rows } = await pool.query<{ latest: Date | null }>(
        `SELECT max("${column_name}")::timestamptz AS latest FROM "${table_name}"`,
      );
      const latest = rows[0]!.latest;
      if (latest === null) continue;
      checked++;
      if (latest.getTime() > finishedAt.getTime())
        late.push(
          `${table_name}.${column_name} = ${latest.toISOString()} (seed finished ${finishedAt.toISOString()})`,
        );
    }
    expect(late).toEqual([]);
    expect(checked).toBeGreaterThan(10);
    // The seed's own choices are at or before the `now` it was given (only database defaults run later).
    const { rows } = await pool.query<{ latest: Date }>(
      `SELECT greatest(max(occurred_at), max(recorded_at)) AS latest FROM consent_events UNION ALL SELECT max(greatest(subscribed_at, unsubscribed_at, created_at)) FROM subscribers`,
    );
    for (const r of rows) expect(r.latest.getTime()).toBeLessThanOrEqual(seededAt.getTime());
  });

  it('seeds opt-outs, and every subscriber state agrees with its ledger', async () => {
    const shop = await db.query.shops.findFirst({ where: (s, { eq }) => eq(s.domain, DEMO_SHOP_DOMAIN) });
    const subs = await db.query.subscribers.findMany({ where: (s, { eq }) => eq(s.shopId, shop!.id) });
    const events = await db.query.consentEvents.findMany({ where: (e, { eq }) => eq(e.shopId, shop!.id) });
    expect(subs.filter((s) => s.marketingState === 'unsubscribed').length).toBeGreaterThan(0);
    for (const s of subs) {
      const derived = deriveState(events.filter((e) => e.subscriberId === s.id).map(toLedgerEntry));
      expect({
        phone: s.phone,
        marketing: derived.marketingState,
        transactional: derived.transactionalState,
      }).toEqual({
        phone: s.phone,
        marketing: s.marketingState,
        transactional: s.transactionalState,
      });
    }
  });
});

describe('demo history (issue #13)', () => {
  it('has 90 days of flow messages, three past campaigns, bot and human clicks, attributed orders and opt-outs, with consistent counters', async () => {
    const { rows } = await pool.query<Record<string, number>>(
      `SELECT (SELECT count(DISTINCT source_id)::int FROM messages WHERE source_type = 'automation') AS flows,
              (SELECT (max(created_at) - min(created_at) > interval '80 days')::int FROM messages WHERE source_type = 'automation') AS spans_90_days,
              (SELECT count(*)::int FROM campaigns WHERE status = 'completed') AS campaigns,
              (SELECT count(*)::int FROM messages WHERE status = 'failed') AS failed,
              (SELECT count(*)::int FROM link_clicks WHERE is_bot) AS bot_clicks,
              (SELECT count(*)::int FROM link_clicks WHERE NOT is_bot) AS human_clicks,
              (SELECT count(*)::int FROM order_attributions) AS attributed,
              (SELECT count(*)::int FROM consent_events WHERE action = 'unsubscribed' AND source = 'keyword') AS opt_outs,
              (SELECT sum(revenue)::int FROM report_counters) AS revenue`,
    );
    const r = rows[0]!;
    expect(r.flows).toBeGreaterThanOrEqual(3);
    expect(r.spans_90_days).toBe(1);
    expect(r.campaigns).toBe(3);
    for (const k of ['failed', 'bot_clicks', 'human_clicks', 'attributed', 'opt_outs', 'revenue'])
      expect(r[k]).toBeGreaterThan(0);
    const shopId = (await pool.query<{ id: string }>(`SELECT id FROM shops`)).rows[0]!.id;
    expect(await repairShopCounters(pool, shopId)).toEqual({
      counters: 0,
      daily: 0,
      reasons: 0,
      subscribers: 0,
    });
  });

  it("gives each past campaign the fan-out's figures its progress card shows (audience and queued, not 0)", async () => {
    const { rows } = await pool.query<{ audience: number; queued: number; recipients: number }>(
      `SELECT c.audience_count AS audience, c.queued_count AS queued,
              (SELECT count(*)::int FROM campaign_recipients r WHERE r.campaign_id = c.id) AS recipients
         FROM campaigns c WHERE c.status = 'completed'`,
    );
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.recipients).toBeGreaterThan(0);
      expect(r.audience).toBe(r.recipients);
      // Queued when it was sent: every recipient but those suppressed then (quiet hours).
      expect(r.queued).toBeGreaterThan(0);
      expect(r.queued).toBeLessThanOrEqual(r.audience);
    }
  });
});
