// Order attribution (migration 0029) reads a handful of rows per order on a connection that attributed its first
// order while the tables were empty. PL/pgSQL used to keep that first plan for the connection's life: it read
// every marketing message as the outer side of the candidate join and, for each, all the shop's messages again
// (npm run chaos: orders/create batches ran for minutes). Counted in rows read (this transaction's table
// statistics), not in time. Autovacuum is off for the tables read, so no ANALYZE replans behind the test's back.
import pg from 'pg';
import { runMigrations } from '../../../server/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let database: TestDatabase;
let client: pg.Client;
let shopId: string;
let campaignId: string;
const MESSAGES = 2000;
const ORDERS = 8;

async function insertOrders(from: number, count: number, createdAt: Date) {
  await client.query(
    `INSERT INTO orders (shop_id, id, name, phone, customer_id, currency, total_price, discount_codes, shopify_created_at, shopify_updated_at)
     SELECT $1, $2::int + i, '#' || i, $3 || lpad(i::text, 7, '0'), i, 'USD', 40, ARRAY['WELCOME10'], $4, $4
       FROM generate_series(1, $5::int) AS i`,
    [shopId, from, '+1415', createdAt, count],
  );
}

/** Rows of `table` read by this transaction so far (sequential and index scans). */
async function rowsRead(table: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT (COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0))::text AS n FROM pg_stat_xact_user_tables WHERE relname = $1`,
    [table],
  );
  return Number(rows[0]?.n ?? 0);
}

beforeAll(async () => {
  database = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  await runMigrations(pool);
  await pool.end();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  for (const table of ['messages', 'campaign_recipients', 'subscribers', 'link_clicks', 'order_attributions'])
    await client.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  shopId = (
    await client.query<{ id: string }>(
      `INSERT INTO shops (domain, name, sender_id) VALUES ('plans.myshopify.com', 'Plans', 'Plans') RETURNING id`,
    )
  ).rows[0]!.id;
  campaignId = (
    await client.query<{ id: string }>(
      `INSERT INTO campaigns (shop_id, name, slug, status, audience, message, schedule, options, started_at)
       VALUES ($1, 'Spring', 'spring', 'sending', '{}', '{}', '{}', '{}', now()) RETURNING id`,
      [shopId],
    )
  ).rows[0]!.id;
  await client.query(
    `INSERT INTO customers (shop_id, id) SELECT $1, i FROM generate_series(1, $2::int) AS i`,
    [shopId, ORDERS + 1],
  );
  await client.query(
    `INSERT INTO subscribers (shop_id, phone, customer_id, marketing_state, source)
     SELECT $1, $2 || lpad(i::text, 7, '0'), i, 'subscribed', 'checkout' FROM generate_series(1, $3::int) AS i`,
    [shopId, '+1415', ORDERS + 1],
  );
}, 120_000);

afterAll(async () => {
  await client.end();
  await database.drop();
});

describe('order attribution', () => {
  it('reads a few rows per order after the tables grew on the same connection', async () => {
    // This connection's first attribution, against empty messages and campaign_recipients.
    await insertOrders(1000, 1, new Date());
    // A campaign: 2,000 recipients, each with a sent marketing message; the buyers got one each too, delivered.
    await client.query(
      `INSERT INTO subscribers (shop_id, phone, marketing_state, source)
       SELECT $1, $2 || lpad(i::text, 7, '0'), 'subscribed', 'import' FROM generate_series(1, $3::int) AS i`,
      [shopId, '+1212', MESSAGES],
    );
    await client.query(
      `INSERT INTO messages (shop_id, subscriber_id, phone, kind, source_type, source_id, campaign_id, body, encoding, segments,
                             cost_micros, idempotency_key, status, sent_at, delivered_at)
       SELECT $1, s.id, s.phone, 'marketing', 'campaign', $2::text, $2::uuid, 'Hi', 'gsm7', 1, 0, gen_random_uuid()::text,
              CASE WHEN s.customer_id IS NULL THEN 'sent' ELSE 'delivered' END, now() - interval '2 hours',
              CASE WHEN s.customer_id IS NULL THEN NULL ELSE now() - interval '1 hour' END
         FROM subscribers s WHERE s.shop_id = $1`,
      [shopId, campaignId],
    );
    await client.query(
      `INSERT INTO campaign_recipients (shop_id, campaign_id, subscriber_id, variant, "group", message_id)
       SELECT m.shop_id, m.campaign_id, m.subscriber_id, 'a', 'rest', m.id FROM messages m WHERE m.shop_id = $1`,
      [shopId],
    );

    await client.query('BEGIN');
    try {
      const before = await rowsRead('messages');
      await insertOrders(2000, ORDERS, new Date());
      // Per order: its customer's delivered message (and the pages around it), not the campaign's 2,000.
      expect((await rowsRead('messages')) - before).toBeLessThanOrEqual(ORDERS * 4);
      const { rows } = await client.query<{ channel: string; matched_by: string; n: number }>(
        `SELECT channel, matched_by, count(*)::int AS n FROM order_attributions
          WHERE shop_id = $1 AND order_id > 2000 GROUP BY 1, 2`,
        [shopId],
      );
      expect(rows).toEqual([{ channel: 'delivery', matched_by: 'customer', n: ORDERS }]);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});
