// GET /api/sync reports the shop's latest sync whatever precision its start time has: Postgres keeps
// microseconds (runs stamped with now()), a JS Date only milliseconds, so the latest sync must be chosen in
// SQL. (The store sync page showed "not synced yet" in the middle of such a sync.)
import request from 'supertest';
import { startHarness, type Harness } from '../subscribers/support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const status = async () => (await request(h.url).get('/api/sync').expect(200)).body;

it('is idle before any sync, then shows the latest sync with every run, started at a microsecond time', async () => {
  expect(await status()).toEqual({ state: 'idle', resources: [] });
  // An older, finished sync, then the current one: customers done, orders importing.
  await h.rows(
    `INSERT INTO sync_runs (shop_id, resource, status, object_count, rows_imported, started_at, finished_at)
     VALUES ($1, 'customers', 'completed', 5, 5, now() - interval '2 days', now() - interval '2 days'),
            ($1, 'orders', 'completed', 9, 9, now() - interval '2 days', now() - interval '2 days')`,
    [h.shopId],
  );
  await h.rows(
    `INSERT INTO sync_runs (shop_id, resource, status, object_count, rows_imported, started_at, finished_at)
     SELECT $1, resource, status, object_count, rows_imported, t.at, finished_at
       FROM (SELECT date_trunc('second', now()) - interval '3 minutes' + interval '123456 microseconds' AS at) t,
            (VALUES ('customers', 'completed', 300, 300, now()), ('orders', 'importing', 1500, 600, NULL))
              AS r(resource, status, object_count, rows_imported, finished_at)`,
    [h.shopId],
  );
  const [stored] = await h.rows<{ us: string }>(
    `SELECT to_char(max(started_at), 'US') AS us FROM sync_runs WHERE shop_id = $1`,
    [h.shopId],
  );
  expect(stored!.us).toBe('123456');
  const body = await status();
  expect(body.state).toBe('running');
  expect(body.resources.map((r: { resource: string; status: string; rowsImported: number }) => r)).toEqual([
    expect.objectContaining({ resource: 'customers', status: 'completed', rowsImported: 300 }),
    expect.objectContaining({
      resource: 'orders',
      status: 'importing',
      rowsImported: 600,
      objectCount: 1500,
    }),
  ]);
});
