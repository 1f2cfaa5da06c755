// Property test: on random small shops (seeded, reproducible) inserted into a real database, the compiled
// query of a random definition selects exactly the customers the straightforward in-memory evaluation
// selects, and counts the same reachable phones. Another random shop in the same database must never
// leak into the result. Aggregates, purchased products and RFM groups come from the app's own code.
import { compileCountQuery, compileMemberIdsQuery } from '../../../server/segments/compile.js';
import { recomputeRfm } from '../../../server/segments/rfm.js';
import { recomputeCustomerAggregates } from '../../../server/store/aggregates.js';
import type { SegmentNode } from '../../../server/contracts/segments.js';
import { segmentDefinitionSchema } from '../../../server/contracts/segments.js';
import { startHarness, type Harness } from '../webhooks/handlers-support.js';
import { createEvaluator } from './evaluator.js';
import { insertShop, NOW, prng, randomDefinition, randomShop } from './random-shop.js';
import type { MShop } from './model.js';

const SHOPS = 6;
const DEFINITIONS_PER_SHOP = 60;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

async function setUpShop(seed: number): Promise<{ shopId: string; model: MShop }> {
  const model = randomShop(prng(seed));
  const { id: shopId } = await h.createShop();
  await insertShop(h.app.database.pool, shopId, model);
  await recomputeCustomerAggregates(
    h.app.database.db,
    shopId,
    model.customers.map((c) => c.id),
  );
  await recomputeRfm(h.app.database.pool, shopId, NOW);
  return { shopId, model };
}

async function membersOf(shopId: string, def: SegmentNode): Promise<string[]> {
  const q = compileMemberIdsQuery(def, { shopId, now: NOW });
  return (await h.rows<{ id: string }>(q.text, q.values))
    .map((r) => r.id)
    .sort((a, b) => Number(a) - Number(b));
}

describe('compiled segment queries agree with the in-memory evaluation', () => {
  for (let s = 1; s <= SHOPS; s++) {
    it(`random shop #${s}: ${DEFINITIONS_PER_SHOP} random definitions`, async () => {
      const { shopId, model } = await setUpShop(1000 + s);
      await setUpShop(5000 + s); // a neighbour with overlapping customer and order ids
      const evaluator = createEvaluator(model, NOW);

      // The stored RFM groups are the evaluator's.
      const stored = await h.rows<{ id: string; g: string }>(
        `SELECT customer_id::text AS id, rfm_group AS g FROM customer_rfm WHERE shop_id = $1`,
        [shopId],
      );
      expect(new Map(stored.map((r) => [r.id, r.g]))).toEqual(evaluator.rfmGroups);

      const rng = prng(s);
      let nonTrivial = 0;
      for (let i = 0; i < DEFINITIONS_PER_SHOP; i++) {
        const def = segmentDefinitionSchema.parse(randomDefinition(rng));
        const expected = evaluator.members(def);
        const context = `seed ${s}, definition ${i}: ${JSON.stringify(def)}`;
        expect({ context, members: await membersOf(shopId, def) }).toEqual({ context, members: expected });
        const q = compileCountQuery(def, { shopId, now: NOW });
        const [counts] = await h.rows<{ customers: number; reachable: number }>(q.text, q.values);
        expect({ context, ...counts }).toEqual({
          context,
          customers: expected.length,
          reachable: evaluator.reachable(expected),
        });
        if (expected.length > 0 && expected.length < model.customers.length - 2) nonTrivial++;
      }
      // The generator must produce selective definitions, or the comparison proves little.
      expect(nonTrivial).toBeGreaterThan(DEFINITIONS_PER_SHOP / 3);
    });
  }
});
