// /api/segments on a real database (local mode: the admin API acts as the demo shop): preview counts and
// sample, saved segments with their last counts, templates, each class of bad input (400 naming the path,
// nothing stored), another shop's segment (404), and a count over the statement timeout (503).
import request from 'supertest';
import type {
  Segment,
  SegmentList,
  SegmentNode,
  SegmentPreview,
  SegmentTemplateList,
} from '../../../server/contracts/index.js';
import { recomputeRfm } from '../../../server/segments/rfm.js';
import { recomputeCustomerAggregates } from '../../../server/store/aggregates.js';
import { startHarness, type Harness } from '../webhooks/handlers-support.js';
import { createEvaluator } from './evaluator.js';
import { insertShop, NOW, prng, randomShop } from './random-shop.js';
import type { MShop } from './model.js';

let h: Harness;
let demo: { id: string };
let other: { id: string };
let model: MShop;
const api = () => request(h.app.url!);

const repeatBuyers: SegmentNode = {
  kind: 'and',
  conditions: [{ kind: 'order_count', compare: { op: 'gte', value: 2 } }],
};
const buyers: SegmentNode = {
  kind: 'and',
  conditions: [{ kind: 'order_count', compare: { op: 'gte', value: 1 } }],
};

beforeAll(async () => {
  h = await startHarness();
  demo = await h.createShop('demo.myshopify.com');
  other = await h.createShop();
  model = randomShop(prng(44), 40);
  for (const [shop, m] of [
    [demo, model],
    [other, randomShop(prng(43), 10)],
  ] as const) {
    await insertShop(h.app.database.pool, shop.id, m);
    await recomputeCustomerAggregates(
      h.app.database.db,
      shop.id,
      m.customers.map((c) => c.id),
    );
    await recomputeRfm(h.app.database.pool, shop.id, NOW);
  }
  // A product only the other shop sells.
  await h.rows(
    `UPDATE order_line_items SET product_id = 777000777 WHERE shop_id = $1 AND id = (SELECT min(id) FROM order_line_items WHERE shop_id = $1)`,
    [other.id],
  );
});
afterAll(() => h?.stop());

const segmentCount = async () => Number((await h.one<{ n: string }>(`SELECT count(*) AS n FROM segments`)).n);

describe('POST /api/segments/preview', () => {
  it('counts matching and reachable customers and samples up to 20, phones masked', async () => {
    const evaluator = createEvaluator(model, new Date());
    const expected = evaluator.members(buyers);
    expect(expected.length).toBeGreaterThan(20);
    const res = await api().post('/api/segments/preview').send({ definition: buyers }).expect(200);
    const body = res.body as SegmentPreview;
    expect(body.customers).toBe(expected.length);
    expect(body.reachable).toBe(evaluator.reachable(expected));
    expect(body.reachable).toBeGreaterThan(0);
    expect(body.sample).toHaveLength(20);
    expect(typeof body.tookMs).toBe('number');
    for (const m of body.sample) {
      expect(expected).toContain(m.customerId);
      expect(m.orders).toBeGreaterThanOrEqual(1);
      expect(m.totalSpent).toMatch(/^\d+\.\d{2}$/);
      if (m.phone !== null) expect(m.phone).toMatch(/^.{2}•+.{2}$/);
    }
    const last = body.sample.map((m) => m.lastOrderAt!);
    expect([...last].sort().reverse()).toEqual(last);
  });
});

describe('saved segments', () => {
  it('creates, lists with last counts, reads, replaces and deletes', async () => {
    const created = (
      await api()
        .post('/api/segments')
        .send({
          name: 'Repeat',
          description: 'Two or more',
          templateKey: 'repeat_buyers',
          definition: repeatBuyers,
        })
        .expect(201)
    ).body as Segment;
    const preview = (await api().post('/api/segments/preview').send({ definition: repeatBuyers }))
      .body as SegmentPreview;
    expect(created).toMatchObject({
      name: 'Repeat',
      description: 'Two or more',
      templateKey: 'repeat_buyers',
      definition: repeatBuyers,
    });
    expect(created.lastCounts).toEqual({
      customers: preview.customers,
      reachable: preview.reachable,
      computedAt: expect.any(String),
    });

    const list = (await api().get('/api/segments').expect(200)).body as SegmentList;
    expect(list.items.map((s) => s.id)).toContain(created.id);
    expect((await api().get(`/api/segments/${created.id}`).expect(200)).body).toEqual(created);

    const vip: SegmentNode = {
      kind: 'and',
      conditions: [{ kind: 'customer_tags', compare: { op: 'eq', value: 'vip' } }],
    };
    const replaced = (
      await api().put(`/api/segments/${created.id}`).send({ name: 'VIPs', definition: vip }).expect(200)
    ).body as Segment;
    expect(replaced).toMatchObject({
      id: created.id,
      name: 'VIPs',
      description: null,
      templateKey: null,
      definition: vip,
    });
    expect(replaced.lastCounts!.customers).toBe(createEvaluator(model, new Date()).members(vip).length);

    await api().delete(`/api/segments/${created.id}`).set('content-type', 'application/json').expect(204);
    await api().get(`/api/segments/${created.id}`).expect(404);
  });

  it('lists the predefined templates', async () => {
    const body = (await api().get('/api/segments/templates').expect(200)).body as SegmentTemplateList;
    expect(body.items.map((t) => t.key)).toEqual([
      'best_customers',
      'repeat_buyers',
      'first_time_buyers',
      'inactive_90_days',
      'at_risk',
      'new_subscribers_without_order',
      'abandoned_checkout_7_days',
      'vip',
      'bought_x_not_y',
    ]);
  });
});

describe('bad input: 400 naming the path, nothing stored', () => {
  const cond = (c: unknown) => ({ name: 'Bad', definition: { kind: 'and', conditions: [c] } });
  const cases: Array<[string, object, string]> = [
    ['unknown field', { ...cond({ kind: 'clicked', days: 3 }), colour: 'red' }, '_'],
    [
      'unknown field in a condition',
      cond({ kind: 'clicked', days: 3, colour: 'red' }),
      'definition.conditions.0',
    ],
    [
      'wrong type',
      cond({ kind: 'order_count', compare: { op: 'gte', value: '2' } }),
      'definition.conditions.0.compare.value',
    ],
    ['value out of range', cond({ kind: 'clicked', days: 99999 }), 'definition.conditions.0.days'],
    [
      'date that does not parse',
      cond({ kind: 'last_order_date', compare: { op: 'lt', value: '2025-13-01' } }),
      'definition.conditions.0.compare.value',
    ],
    ['unknown condition kind', cond({ kind: 'horoscope' }), 'definition.conditions.0.kind'],
    [
      'product id of another shop',
      cond({ kind: 'products', target: 'product', match: 'any', values: ['1', '777000777'] }),
      'definition.conditions.0.values.1',
    ],
    [
      'too deep',
      {
        name: 'Deep',
        definition: {
          kind: 'not',
          condition: {
            kind: 'not',
            condition: {
              kind: 'not',
              condition: { kind: 'not', condition: { kind: 'not', condition: { kind: 'clicked', days: 1 } } },
            },
          },
        },
      },
      'definition.condition.condition.condition.condition.condition',
    ],
    [
      'too many conditions',
      {
        name: 'Many',
        definition: {
          kind: 'or',
          conditions: [
            { kind: 'and', conditions: Array(40).fill({ kind: 'clicked', days: 1 }) },
            { kind: 'and', conditions: Array(11).fill({ kind: 'clicked', days: 1 }) },
          ],
        },
      },
      'definition.conditions.1.conditions.10',
    ],
  ];
  it.each(cases)('%s', async (_name, body, path) => {
    const before = await segmentCount();
    const created = await api().post('/api/segments').send(body).expect(400);
    expect(created.body.error.code).toBe('validation_failed');
    expect(Object.keys(created.body.error.fields)).toContain(path);
    expect(created.body.error.message).toContain(path === '_' ? 'Unknown field' : path);
    const { name: _n, ...previewBody } = body as { name: string };
    const preview = await api().post('/api/segments/preview').send(previewBody).expect(400);
    expect(Object.keys(preview.body.error.fields)).toContain(path);
    expect(await segmentCount()).toBe(before);
  });

  it('a replacement with bad input changes nothing', async () => {
    const created = (
      await api().post('/api/segments').send({ name: 'Keep', definition: repeatBuyers }).expect(201)
    ).body as Segment;
    await api().put(`/api/segments/${created.id}`).send(cases[6]![1]).expect(400);
    expect((await api().get(`/api/segments/${created.id}`).expect(200)).body).toEqual(created);
  });
});

describe("another shop's segment", () => {
  it('is not found for reading, replacing or deleting, and stays as it was', async () => {
    const [row] = await h.rows<{ id: string }>(
      `INSERT INTO segments (shop_id, name, definition) VALUES ($1, 'Theirs', $2) RETURNING id::text AS id`,
      [other.id, JSON.stringify(repeatBuyers)],
    );
    const id = row!.id;
    await api().get(`/api/segments/${id}`).expect(404);
    await api().put(`/api/segments/${id}`).send({ name: 'Mine now', definition: repeatBuyers }).expect(404);
    await api().delete(`/api/segments/${id}`).set('content-type', 'application/json').expect(404);
    await api().get('/api/segments/not-a-uuid').expect(404);
    const list = (await api().get('/api/segments').expect(200)).body as SegmentList;
    expect(list.items.map((s) => s.id)).not.toContain(id);
    expect(await h.one<{ name: string }>(`SELECT name FROM segments WHERE id = $1`, [id])).toEqual({
      name: 'Theirs',
    });
  });
});

describe('statement timeout', () => {
  it('a count that cannot finish in time is a 503 with a message, and the next one works', async () => {
    const locker = await h.app.database.pool.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE customers IN ACCESS EXCLUSIVE MODE');
      const res = await api().post('/api/segments/preview').send({ definition: repeatBuyers }).expect(503);
      expect(res.body.error.code).toBe('segment_timeout');
      expect(res.body.error.message).toMatch(/took longer than 5 s/);
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
    await api().post('/api/segments/preview').send({ definition: repeatBuyers }).expect(200);
  });
});
