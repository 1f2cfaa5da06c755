// The RFM job on a running worker: the nightly instance (no data) fans out one job per installed shop; each
// recomputes the shop's groups and refreshes its saved segments' last counts.
import request from 'supertest';
import type { Segment, SegmentNode } from '../../../server/contracts/index.js';
import { RFM_JOB } from '../../../server/segments/rfm-job.js';
import { recomputeRfm } from '../../../server/segments/rfm.js';
import { recomputeCustomerAggregates } from '../../../server/store/aggregates.js';
import { waitFor } from '../../support/wait-for.js';
import { start, type RunningApp } from '../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { createEvaluator } from './evaluator.js';
import { insertShop, prng, randomShop } from './random-shop.js';

let db: TestDatabase;
let app: RunningApp;
beforeAll(async () => {
  db = await createTestDatabase();
  app = await start({ port: 0, role: 'all', env: testEnv(db, { LOCAL_SEED: 'false' }) });
});
afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

const rows = async <T>(text: string, params: unknown[] = []) =>
  (await app.database.pool.query(text, params)).rows as T[];
const createShop = async (domain: string) =>
  (
    await rows<{ id: string }>(
      `INSERT INTO shops (domain, name, sender_id) VALUES ($1, 'Shop', 'Shop') RETURNING id`,
      [domain],
    )
  )[0]!;

const champions: SegmentNode = { kind: 'and', conditions: [{ kind: 'rfm', groups: ['champions', 'loyal'] }] };

it('the nightly job recomputes every installed shop and refreshes saved counts', async () => {
  const demo = await createShop('demo.myshopify.com');
  const other = await createShop('other.myshopify.com');
  const models = [randomShop(prng(7)), randomShop(prng(8))];
  for (const [shop, model] of [
    [demo, models[0]!],
    [other, models[1]!],
  ] as const) {
    await insertShop(app.database.pool, shop.id, model);
    await recomputeCustomerAggregates(
      app.database.db,
      shop.id,
      model.customers.map((c) => c.id),
    );
  }
  // Saved before any RFM group exists: counted as empty.
  const saved = (
    await request(app.url!).post('/api/segments').send({ name: 'Best', definition: champions }).expect(201)
  ).body as Segment;
  expect(saved.lastCounts).toMatchObject({ customers: 0 });

  await app.context.agenda.now(RFM_JOB);
  const rfmCount = async (shopId: string) =>
    Number(
      (await rows<{ n: string }>(`SELECT count(*) AS n FROM customer_rfm WHERE shop_id = $1`, [shopId]))[0]!
        .n,
    );
  await waitFor(
    'both shops scored',
    async () => (await rfmCount(demo.id)) > 0 && (await rfmCount(other.id)) > 0,
  );

  const expected = createEvaluator(models[0]!, new Date());
  const groups = await rows<{ id: string; g: string }>(
    `SELECT customer_id::text AS id, rfm_group AS g FROM customer_rfm WHERE shop_id = $1`,
    [demo.id],
  );
  expect(new Map(groups.map((r) => [r.id, r.g]))).toEqual(expected.rfmGroups);

  const members = expected.members(champions);
  expect(members.length).toBeGreaterThan(0);
  const refreshed = await waitFor('saved counts refreshed', async () => {
    const s = (await request(app.url!).get(`/api/segments/${saved.id}`).expect(200)).body as Segment;
    return s.lastCounts?.customers ? s : null;
  });
  expect(refreshed.lastCounts).toMatchObject({
    customers: members.length,
    reachable: expected.reachable(members),
  });
});

it('the recompute keeps each group on the customer row too, and clears it for a customer no longer scored', async () => {
  const shop = await createShop('rfm-column.myshopify.com');
  const model = randomShop(prng(9));
  await insertShop(app.database.pool, shop.id, model);
  const ids = model.customers.map((c) => c.id);
  await recomputeCustomerAggregates(app.database.db, shop.id, ids);
  const stored = () =>
    rows<{ id: string; g: string | null; scored: string | null }>(
      `SELECT c.id::text AS id, c.rfm_group AS g, r.rfm_group AS scored FROM customers c
         LEFT JOIN customer_rfm r ON r.shop_id = c.shop_id AND r.customer_id = c.id
        WHERE c.shop_id = $1 ORDER BY c.id`,
      [shop.id],
    );
  // Copied in batches of 7 customers (5,000 by default): every batch, not only the first, is written.
  await recomputeRfm(app.database.pool, shop.id, new Date(), { copyBatch: 7 });
  const first = await stored();
  expect(first.length).toBeGreaterThan(3 * 7);
  expect(first.filter((r) => r.g !== null).length).toBeGreaterThan(0);
  for (const r of first) expect(r.g).toBe(r.scored);

  // Every order of a scored customer cancelled: no longer scored, so no group on the row either.
  const target = first.find((r) => r.g !== null)!;
  await rows(`UPDATE orders SET cancelled_at = now() WHERE shop_id = $1 AND customer_id = $2`, [
    shop.id,
    target.id,
  ]);
  await recomputeCustomerAggregates(app.database.db, shop.id, [target.id]);
  await recomputeRfm(app.database.pool, shop.id, new Date());
  const second = await stored();
  expect(second.find((r) => r.id === target.id)).toEqual({ id: target.id, g: null, scored: null });
  for (const r of second) expect(r.g).toBe(r.scored);
});
