// The billing gate reads the period's spend through the shop's spend counter (billing-spend-counter.ts, migration
// 0030) instead of summing every un-billed message of the period on each enqueue, which made a campaign's fan-out
// O(N²/page) (bench:dispatch at 1,000,000). Checked on real Postgres: the rows a marketing enqueue reads do not
// grow with the period's messages; the counter equals the exact sum after concurrent marketing and transactional
// senders; two campaigns sending at once never pass the cap together; and what lowers or raises the spend
// without the counter (failed texts, a failed text reported delivered) is corrected by an exact sum.
import type pg from 'pg';
import { periodOf, saveBillingRow } from '../../../server/billing/billing-repository.js';
import { lockCommittedSpend } from '../../../server/billing/billing-spend-counter.js';
import { loadSpend, totalOf } from '../../../server/billing/billing-spend.js';
import { inTransaction } from '../../../server/db/transaction.js';
import { start, type RunningApp } from '../../../server/main.js';
import { enqueueMessages } from '../../../server/messaging/outbox/enqueue.js';
import type { MessageDraft } from '../../../server/messaging/outbox/types.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { addSubscribers, createShop, phoneOf } from '../messaging/outbox/support.js';

/** 12:00 in New York (EDT), a Tuesday: no quiet hours. */
const NOON_NY = new Date('2025-06-10T16:00:00Z');
/** One one-segment US text with the 25% margin: 8,300 × 1.25. */
const TEXT = 10_375;

let db: TestDatabase;
let app: RunningApp;
const pool = () => app.database.pool;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false' }) });
});
afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

async function shopWithPlan(capTexts: number, subscribers: number): Promise<string> {
  const shopId = await createShop(pool());
  await addSubscribers(pool(), shopId, subscribers);
  await saveBillingRow(
    pool(),
    shopId,
    {
      plan: 'growth',
      status: 'active',
      subscriptionGid: `gid://shopify/AppSubscription/${shopId}`,
      usageLineItemGid: null,
      cappedMicros: capTexts * TEXT,
      currency: 'USD',
      marginPercent: 25,
      test: true,
      confirmationUrl: null,
      activatedAt: new Date(NOON_NY.getTime() - 86_400_000),
      periodEnd: null,
    },
    NOON_NY,
  );
  return shopId;
}

const drafts = (from: number, n: number, kind: 'marketing' | 'transactional' = 'marketing'): MessageDraft[] =>
  Array.from({ length: n }, (_, k) => ({
    phone: phoneOf(from + k),
    kind,
    sourceType: kind === 'marketing' ? 'campaign' : 'automation',
    sourceId: 'c1',
    body: kind === 'marketing' ? 'Winter sale: 20% off today' : 'Your order has shipped',
    idempotencyKey: `${kind}:${from + k}`,
  }));

/** Rows of messages the current transaction has read so far (sequential and index scans). */
async function messageRowsRead(c: pg.PoolClient): Promise<number> {
  const { rows } = await c.query<{ n: number }>(
    `SELECT (COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0))::int AS n
       FROM pg_stat_xact_user_tables WHERE relname = 'messages'`,
  );
  return rows[0]?.n ?? 0;
}

const exactTotal = async (shopId: string): Promise<number> => {
  const row = (
    await pool().query<{ activated_at: Date }>(
      'SELECT activated_at FROM billing_subscriptions WHERE shop_id = $1',
      [shopId],
    )
  ).rows[0]!;
  const period = periodOf(
    { periodEnd: null, activatedAt: row.activated_at, createdAt: row.activated_at },
    NOON_NY,
  );
  return totalOf(await loadSpend(pool(), shopId, period, 25));
};

it('reads a number of message rows that does not grow with the period: the sum runs only when due', async () => {
  const shopId = await shopWithPlan(1_000_000, 20);
  // 20,000 queued (un-billed, in flight) texts of the period, written past the gates.
  await pool().query(
    `INSERT INTO messages (shop_id, phone, kind, source_type, body, encoding, segments, cost_micros, idempotency_key,
                           status, country_code, created_at, updated_at, not_before)
     SELECT $1, '+1213555' || lpad(i::text, 4, '0'), 'marketing', 'campaign', 'Sale', 'GSM-7', 1, 8300, 'old:' || i,
            'queued', 'US', $2::timestamptz, $2::timestamptz, $2::timestamptz + interval '1 day'
       FROM generate_series(1, 20000) i`,
    [shopId, NOON_NY],
  );
  const enqueueReading = (from: number) =>
    inTransaction(pool(), async (c) => {
      const before = await messageRowsRead(c);
      const r = await enqueueMessages(c, shopId, drafts(from, 5), { now: NOON_NY });
      expect(r.queued).toBe(5);
      return (await messageRowsRead(c)) - before;
    });
  // The first read of the shop's counter sums the period (20,000 rows and more): the measure sees a sum.
  expect(await enqueueReading(0)).toBeGreaterThanOrEqual(20_000);
  // The next ones fold the counter: a handful of rows each (the recipients' send history), whatever the period holds.
  expect(await enqueueReading(5)).toBeLessThan(100);
  expect(await enqueueReading(10)).toBeLessThan(100);
  // Once the counter is a minute old it is summed again.
  await pool().query(
    `UPDATE billing_spend_counters SET refreshed_at = now() - interval '61 seconds' WHERE shop_id = $1`,
    [shopId],
  );
  expect(await enqueueReading(15)).toBeGreaterThanOrEqual(20_000);
  const counter = await inTransaction(pool(), (c) => lockCommittedSpend(c, billingRowOf(shopId), NOON_NY));
  expect(Math.abs(counter.committedMicros - (await exactTotal(shopId)))).toBeLessThanOrEqual(2);
});

/** The fields of the billing row lockCommittedSpend reads (period and margin), as shopWithPlan wrote them. */
function billingRowOf(shopId: string) {
  return {
    shopId,
    plan: 'growth' as const,
    status: 'active' as const,
    subscriptionGid: null,
    usageLineItemGid: null,
    cappedMicros: 0,
    currency: 'USD',
    marginPercent: 25,
    test: true,
    confirmationUrl: null,
    activatedAt: new Date(NOON_NY.getTime() - 86_400_000),
    periodEnd: null,
    createdAt: NOON_NY,
  };
}

it('equals the exact sum after marketing and transactional senders ran at once', async () => {
  const shopId = await shopWithPlan(1_000_000, 800);
  await enqueueMessages(pool(), shopId, drafts(0, 1), { now: NOON_NY }); // the counter exists and is summed
  await Promise.all(
    [0, 1, 2, 3].flatMap((k) => [
      inTransaction(pool(), (c) => enqueueMessages(c, shopId, drafts(1 + k * 100, 100), { now: NOON_NY })),
      inTransaction(pool(), (c) =>
        enqueueMessages(c, shopId, drafts(400 + k * 100, 100, 'transactional'), { now: NOON_NY }),
      ),
    ]),
  );
  const spend = await inTransaction(pool(), (c) => lockCommittedSpend(c, billingRowOf(shopId), NOON_NY));
  const exact = await exactTotal(shopId);
  expect(exact).toBe(801 * TEXT); // 401 marketing and 400 transactional texts
  expect(Math.abs(spend.committedMicros - exact)).toBeLessThanOrEqual(2);
});

it('holds the cap against two campaigns sending at once: the second waits and sees the first', async () => {
  const shopId = await shopWithPlan(30, 60);
  const first = await pool().connect();
  try {
    await first.query('BEGIN');
    const a = await enqueueMessages(first, shopId, drafts(0, 30), { now: NOON_NY });
    expect(a.queued).toBe(30);
    // The second campaign's page starts while the first's is not committed: it must wait for it.
    let secondDone = false;
    const second = inTransaction(pool(), (c) =>
      enqueueMessages(c, shopId, drafts(30, 30), { now: NOON_NY }),
    ).then((r) => ((secondDone = true), r));
    await new Promise((r) => setTimeout(r, 300));
    expect(secondDone).toBe(false);
    await first.query('COMMIT');
    const b = await second;
    expect([b.queued, b.messages.filter((m) => m.suppressedReason === 'billing_cap').length]).toEqual([
      0, 30,
    ]);
  } finally {
    first.release();
  }
  expect(await exactTotal(shopId)).toBe(30 * TEXT);
});

it('refuses only on an exact sum: failed texts free the budget, a failed text reported delivered counts again', async () => {
  const shopId = await shopWithPlan(10, 40);
  const full = await enqueueMessages(pool(), shopId, drafts(0, 10), { now: NOON_NY });
  expect(full.queued).toBe(10);
  // The ten fail (a provider outage) after the counter was last summed: the counter still holds them.
  await pool().query(`UPDATE messages SET status = 'failed' WHERE shop_id = $1`, [shopId]);
  await pool().query(
    `UPDATE billing_spend_counters SET refreshed_at = now() - interval '30 seconds' WHERE shop_id = $1`,
    [shopId],
  );
  const next = await enqueueMessages(pool(), shopId, drafts(10, 10), { now: NOON_NY });
  expect(next.queued).toBe(10);
  expect(await exactTotal(shopId)).toBe(10 * TEXT);
  // A late delivery report for one of the failed texts raises the spend without an insert: the counter is
  // invalidated and summed at the next read, so only nothing more fits.
  await pool().query(
    `UPDATE messages SET status = 'delivered' WHERE id = (SELECT id FROM messages WHERE shop_id = $1 AND status = 'failed' LIMIT 1)`,
    [shopId],
  );
  const after = await enqueueMessages(pool(), shopId, drafts(20, 1), { now: NOON_NY });
  expect(after.messages[0]).toMatchObject({ status: 'suppressed', suppressedReason: 'billing_cap' });
  const spend = await inTransaction(pool(), (c) => lockCommittedSpend(c, billingRowOf(shopId), NOON_NY));
  expect(spend.committedMicros).toBe(11 * TEXT);
});
