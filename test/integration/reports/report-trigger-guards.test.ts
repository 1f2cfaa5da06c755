// The report triggers' shortcuts (migration 0032) against a real PostgreSQL: a trigger returns at once when its
// transition table is empty, the reasons statement runs only when a row could give a reason, the message deltas
// skip their all-zero rows, and an UPDATE of messages that changes no attribute the counters read (the
// dispatcher's claim, queued -> sending) computes nothing. After every kind of change the counters, the daily
// rollup and the reasons must still equal a recompute from the raw rows (the nightly repair finds no drift): a
// counted attribute missing from the UPDATE guard's list would leave its change uncounted here. (The recompute
// uses the same delta functions, so what they count is checked by value in counters.test.ts.)
import pg from 'pg';
import { runMigrations } from '../../../server/db/migrate.js';
import { repairShopCounters } from '../../../server/reports/counter-repair.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let database: TestDatabase;
let pool: pg.Pool;
let shopId: string;
let campaignA: string;
let campaignB: string;
const T0 = new Date('2026-03-02T10:00:00Z');

const q = (sql: string, params: unknown[] = []) => pool.query(sql, params);

async function campaign(name: string): Promise<string> {
  const { rows } = await q(
    `INSERT INTO campaigns (shop_id, name, slug, status, audience, message, schedule, options)
     VALUES ($1, $2, $2, 'sending', '{}', '{}', '{}', '{}') RETURNING id`,
    [shopId, name],
  );
  return rows[0].id as string;
}

/** Inserts `n` messages of campaign A in one statement (as the fan-out does). */
async function messages(n: number, status = 'queued', extra: { isTest?: boolean } = {}): Promise<string[]> {
  const { rows } = await q(
    `INSERT INTO messages (shop_id, phone, kind, source_type, source_id, campaign_id, body, encoding, segments, cost_micros,
                           idempotency_key, status, suppressed_reason, is_test, created_at)
     SELECT $1, '+1415555' || lpad(i::text, 4, '0'), 'marketing', 'campaign', $2::text, $2::uuid, 'Hi', 'gsm7', 1, 7500,
            gen_random_uuid()::text, $3::text, CASE WHEN $3::text = 'suppressed' THEN 'quiet_hours' END, $5, $6
       FROM generate_series(1, $4::int) i
     RETURNING id`,
    [shopId, campaignA, status, n, extra.isTest ?? false, T0],
  );
  return rows.map((r) => r.id as string);
}

async function expectNoDrift(step: string): Promise<void> {
  const drift = await repairShopCounters(pool, shopId);
  expect({ step, ...drift }).toEqual({ step, counters: 0, daily: 0, reasons: 0, subscribers: 0 });
}

async function counterRows(): Promise<unknown[]> {
  return (await q(`SELECT * FROM report_counters WHERE shop_id = $1 ORDER BY 1, 2, 3, 4, 5`, [shopId])).rows;
}

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 3 });
  await runMigrations(pool);
  shopId = (
    await q(
      `INSERT INTO shops (domain, name, sender_id) VALUES ('guards.myshopify.com', 'Guards', 'Guards') RETURNING id`,
    )
  ).rows[0].id;
  campaignA = await campaign('a');
  campaignB = await campaign('b');
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

it('a claim (queued -> sending, with its lease and attempt) moves no counter, and the counters still add up', async () => {
  const ids = await messages(40);
  await expectNoDrift('enqueued');
  const before = await counterRows();
  await q(
    `UPDATE messages SET status = 'sending', sending_at = now(), attempts = attempts + 1, claimed_by = 'w:1',
            lease_expires_at = now() + interval '1 minute', updated_at = now()
      WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  expect(await counterRows()).toEqual(before);
  await expectNoDrift('claimed');
  // Back to queued for a retry (the error code is not counted while it is queued) and claimed again.
  await q(`UPDATE messages SET status = 'queued', error_code = 'throttled' WHERE id = ANY($1::uuid[])`, [
    ids.slice(0, 10),
  ]);
  await q(`UPDATE messages SET status = 'sending' WHERE id = ANY($1::uuid[])`, [ids.slice(0, 10)]);
  expect(await counterRows()).toEqual(before);
  await expectNoDrift('retried');
});

it('every counted attribute, changed alone on a message still pending, is counted', async () => {
  const ids = await messages(12);
  await q(`UPDATE messages SET status = 'sending' WHERE id = ANY($1::uuid[])`, [ids]);
  const changes: Array<[string, string]> = [
    ['created_at', `created_at = created_at - interval '3 hours'`],
    ['campaign_id', `campaign_id = '${campaignB}', source_id = '${campaignB}'`],
    ['source_type', `campaign_id = NULL, source_type = 'automation', source_id = 'flow-1'`],
    ['source_id', `campaign_id = NULL, source_type = 'automation', source_id = 'flow-2'`],
    ['kind', `kind = 'transactional'`],
    ['is_test', `is_test = true`],
    ['direction', `direction = 'inbound'`],
    ['segments', `segments = 3`],
    ['cost_micros', `cost_micros = 22500`],
    ['suppressed_reason', `suppressed_reason = 'frequency_cap'`],
    ['error_code', `error_code = 'carrier_reject'`],
  ];
  for (const [i, [name, set]] of changes.entries()) {
    await q(`UPDATE messages SET ${set} WHERE id = $1`, [ids[i]]);
    await expectNoDrift(name);
  }
});

it('outcomes, timestamps, cancellations and deletions keep the counters, rollup and reasons equal to a recompute', async () => {
  const ids = await messages(30);
  await messages(5, 'suppressed');
  await messages(3, 'queued', { isTest: true });
  await q(`UPDATE messages SET status = 'sending' WHERE id = ANY($1::uuid[])`, [ids]);
  const steps: Array<[string, string, string[]]> = [
    ['sent', `status = 'sent', sent_at = $2, provider_message_id = id::text`, ids.slice(0, 20)],
    ['delivered', `status = 'delivered', delivered_at = $2 + interval '2 hours'`, ids.slice(0, 10)],
    ['failed', `status = 'failed', failed_at = $2, error_code = 'carrier_reject'`, ids.slice(10, 14)],
    ['undeliverable', `status = 'undeliverable', failed_at = $2`, ids.slice(14, 16)],
    ['unknown', `status = 'unknown'`, ids.slice(20, 23)],
    ['expired', `status = 'expired', failed_at = $2`, ids.slice(16, 18)],
    ['cancelled', `status = 'cancelled', suppressed_reason = 'campaign_cancelled'`, ids.slice(23, 26)],
    ['sent a day later', `sent_at = $2 + interval '1 day'`, ids.slice(18, 20)],
    ['nothing counted', `updated_at = now()`, ids],
    ['no row', `status = 'sent'`, []],
  ];
  for (const [name, set, rows] of steps) {
    await q(`UPDATE messages SET ${set} WHERE id = ANY($1::uuid[]) AND $2::timestamptz IS NOT NULL`, [
      rows,
      new Date(T0.getTime() + 60 * 60_000),
    ]);
    await expectNoDrift(name);
  }
  await q(`DELETE FROM messages WHERE id = ANY($1::uuid[])`, [ids.slice(26, 30)]);
  await expectNoDrift('deleted');
  await q(`DELETE FROM messages WHERE false`);
  await expectNoDrift('deleted nothing');
});

it('campaign recipients upserted page by page (insert, then update of the same rows) keep the counters', async () => {
  const subscribers = (
    await q(
      `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source)
       SELECT $1, '+1212555' || lpad(i::text, 4, '0'), 'US', 'subscribed', 'subscribed', 'import' FROM generate_series(1, 20) i
       RETURNING id`,
      [shopId],
    )
  ).rows.map((r) => r.id as string);
  const upsert = (reason: string | null) =>
    q(
      `INSERT INTO campaign_recipients (shop_id, campaign_id, subscriber_id, variant, "group", suppressed_reason)
       SELECT $1, $2, s, 'main', CASE WHEN i % 5 = 0 THEN 'holdout' ELSE 'rest' END, $4
         FROM unnest($3::uuid[]) WITH ORDINALITY AS t(s, i)
       ON CONFLICT (campaign_id, subscriber_id) DO UPDATE SET suppressed_reason = EXCLUDED.suppressed_reason`,
      [shopId, campaignB, subscribers, reason],
    );
  await upsert(null);
  await expectNoDrift('recipients inserted');
  await upsert('smart_sending');
  await expectNoDrift('recipients updated with a reason');
  await upsert(null);
  await expectNoDrift('reason cleared');
});
