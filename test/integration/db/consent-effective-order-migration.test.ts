// Migration 0013 (issue #9 §3): subscribers whose ledger was written before the clamp (a consent dated in
// the future outranking a later STOP) are unsubscribed in the cache; nobody is resubscribed by it.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { migrationsFolder, runMigrations } from '../../../server/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let database: TestDatabase;
let pool: pg.Pool;
let before13: string;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  // The migrations as they were before 0013.
  before13 = await mkdtemp(join(tmpdir(), 'migrations-before-0013-'));
  await cp(migrationsFolder, before13, { recursive: true });
  const journalPath = join(before13, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: Array<{ idx: number }> };
  journal.entries = journal.entries.filter((e) => e.idx < 13);
  await writeFile(journalPath, JSON.stringify(journal));
  await migrate(drizzle(pool), { migrationsFolder: before13 });
}, 60_000);

afterAll(async () => {
  await pool.end();
  await database.drop();
  await rm(before13, { recursive: true, force: true });
});

interface Sub {
  phone: string;
  marketing_state: string;
  transactional_state: string;
  subscribed_at: Date | null;
  unsubscribed_at: Date | null;
}

it('unsubscribes, in the cache, every subscriber whose last consent event in effect order is an opt-out', async () => {
  const q = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) =>
    (await pool.query<T>(text, params)).rows;
  const [shop] = await q<{ id: string }>(
    `INSERT INTO shops (domain, name, sender_id, country_code) VALUES ('m13.myshopify.com', 'M13', 'M13', 'US') RETURNING id`,
  );
  const subscriber = async (phone: string, marketing: string, transactional: string) =>
    (
      await q<{ id: string }>(
        `INSERT INTO subscribers (shop_id, phone, marketing_state, transactional_state, source, subscribed_at) VALUES ($1, $2, $3, $4, 'checkout', now()) RETURNING id`,
        [shop!.id, phone, marketing, transactional],
      )
    )[0]!.id;
  const event = (id: string, channel: string, action: string, occurredAt: string, recordedAt = 'now()') =>
    q(
      `INSERT INTO consent_events (shop_id, subscriber_id, channel, action, source, occurred_at, recorded_at) VALUES ($1, $2, $3, $4, 'demo_seed', ${occurredAt}, ${recordedAt})`,
      [shop!.id, id, channel, action],
    );

  // Opted in with a claim 20 days ahead (as the old demo seed wrote), then STOP an hour after it was recorded.
  const wronged = await subscriber('+14155550191', 'subscribed', 'subscribed');
  for (const channel of ['marketing', 'transactional']) {
    await event(wronged, channel, 'subscribed', `now() + interval '20 days'`, `now() - interval '2 hours'`);
    await event(wronged, channel, 'unsubscribed', `now() - interval '1 hour'`, `now() - interval '1 hour'`);
  }
  // An ordinary subscriber and an ordinary opt-out are left as they are.
  const subscribed = await subscriber('+14155550192', 'subscribed', 'subscribed');
  await event(subscribed, 'marketing', 'subscribed', `now() - interval '3 days'`);
  const optedOut = await subscriber('+14155550193', 'unsubscribed', 'subscribed');
  await event(optedOut, 'marketing', 'subscribed', `now() - interval '3 days'`);
  await event(optedOut, 'marketing', 'unsubscribed', `now() - interval '1 day'`);
  // Never resubscribed by the migration, even where the last event is an opt-in.
  const resubscribedLater = await subscriber('+14155550194', 'unsubscribed', 'never');
  await event(
    resubscribedLater,
    'marketing',
    'unsubscribed',
    `now() + interval '5 days'`,
    `now() - interval '2 hours'`,
  );
  await event(
    resubscribedLater,
    'marketing',
    'resubscribed',
    `now() - interval '1 hour'`,
    `now() - interval '1 hour'`,
  );

  await runMigrations(pool);

  const rows = await q<Sub>(`SELECT * FROM subscribers WHERE shop_id = $1 ORDER BY phone`, [shop!.id]);
  expect(rows.map((r) => [r.phone, r.marketing_state, r.transactional_state])).toEqual([
    ['+14155550191', 'unsubscribed', 'unsubscribed'],
    ['+14155550192', 'subscribed', 'subscribed'],
    ['+14155550193', 'unsubscribed', 'subscribed'],
    ['+14155550194', 'unsubscribed', 'never'],
  ]);
  expect(rows[0]!.subscribed_at).toBeNull();
  expect(rows[0]!.unsubscribed_at!.getTime()).toBeLessThanOrEqual(Date.now());
  const [applied] = await q<{ n: string }>(
    `SELECT count(*)::text AS n FROM drizzle.__drizzle_migrations WHERE created_at = 1795340013000`,
  );
  expect(applied!.n).toBe('1');
});
