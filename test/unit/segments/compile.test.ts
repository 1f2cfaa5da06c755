// The pure segment compiler, one case per condition: the SQL it produces and the parameters it binds.
// Every value of a definition must arrive as a parameter, never as SQL text.
import type { SegmentCondition, SegmentNode } from '../../../server/contracts/segments.js';
import { compileCountQuery, compileMembers, compileSampleQuery } from '../../../server/segments/compile.js';

const shopId = '00000000-0000-4000-8000-000000000001';
const now = new Date('2025-06-30T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();

function compile(cond: SegmentNode) {
  const { where, params } = compileMembers(cond, { shopId, now });
  return { where, values: params.values };
}

/** The predicate part (after the shop/deleted filters). */
const predicate = (where: string) =>
  where.replace('c.shop_id = $1 AND c.deleted_at IS NULL AND c.redacted_at IS NULL AND ', '');

describe('order metrics', () => {
  it('all-time metrics read the customer aggregates', () => {
    const cases: Array<[SegmentCondition, string, unknown[]]> = [
      [{ kind: 'order_count', compare: { op: 'gte', value: 2 } }, 'c.orders_count >= $2::int', [2]],
      [{ kind: 'order_count', compare: { op: 'ne', value: 1 } }, 'c.orders_count <> $2::int', [1]],
      [
        { kind: 'total_spent', compare: { op: 'between', value: [10, 99.5] } },
        'c.total_spent BETWEEN $2::numeric AND $3::numeric',
        [10, 99.5],
      ],
      [
        { kind: 'total_spent', compare: { op: 'in', values: [5, 6] } },
        'c.total_spent = ANY($2::numeric[])',
        [[5, 6]],
      ],
      [
        { kind: 'total_spent', compare: { op: 'not_in', values: [5] } },
        'NOT (c.total_spent = ANY($2::numeric[]))',
        [[5]],
      ],
      [
        { kind: 'average_order_value', compare: { op: 'lt', value: 40 } },
        'COALESCE(round(c.total_spent / NULLIF(c.orders_count, 0), 2) < $2::numeric, false)',
        [40],
      ],
      [{ kind: 'first_order_date', compare: { op: 'is_set' } }, '(c.first_order_at IS NOT NULL)', []],
      [
        { kind: 'last_order_date', compare: { op: 'lt', value: { daysAgo: 90 } } },
        '(c.last_order_at IS NOT NULL AND c.last_order_at < $2::timestamptz)',
        [daysAgo(90)],
      ],
      [
        { kind: 'last_order_date', compare: { op: 'gte', value: '2025-01-01' } },
        '(c.last_order_at IS NOT NULL AND c.last_order_at >= $2::timestamptz)',
        ['2025-01-01T00:00:00.000Z'],
      ],
    ];
    for (const [cond, sql, values] of cases) {
      const { where, values: bound } = compile(cond);
      expect(predicate(where)).toBe(sql);
      expect(bound).toEqual([shopId, ...values]);
    }
  });

  it('a windowed metric that no-orders cannot satisfy keeps the customers whose window orders pass HAVING', () => {
    const { where, values } = compile({
      kind: 'order_count',
      window: { from: { daysAgo: 30 } },
      compare: { op: 'gte', value: 2 },
    });
    expect(predicate(where)).toBe(
      'c.id IN (SELECT o.customer_id FROM orders o WHERE o.shop_id = $1 AND o.cancelled_at IS NULL AND o.customer_id IS NOT NULL' +
        ' AND o.shopify_created_at >= $2::timestamptz GROUP BY o.customer_id HAVING count(*) >= $3::int)',
    );
    expect(values).toEqual([shopId, daysAgo(30), 2]);
  });

  it('a windowed metric that no-orders satisfies excludes the customers whose window orders fail it', () => {
    const { where, values } = compile({
      kind: 'total_spent',
      window: { from: '2025-01-01', to: { daysAgo: 7 } },
      compare: { op: 'lt', value: 50 },
    });
    expect(predicate(where)).toBe(
      'NOT (c.id IN (SELECT o.customer_id FROM orders o WHERE o.shop_id = $1 AND o.cancelled_at IS NULL AND o.customer_id IS NOT NULL' +
        ' AND o.shopify_created_at >= $2::timestamptz AND o.shopify_created_at <= $3::timestamptz GROUP BY o.customer_id' +
        ' HAVING NOT (sum(o.total_price - o.refunded_amount) < $4::numeric)))',
    );
    expect(values).toEqual([shopId, '2025-01-01T00:00:00.000Z', daysAgo(7), 50]);
  });

  it('"has an order since X / by Y" reads the last / first order date, not the orders', () => {
    const since = compile({
      kind: 'order_count',
      window: { from: { daysAgo: 90 } },
      compare: { op: 'gte', value: 1 },
    });
    expect(predicate(since.where)).toBe(
      '(c.last_order_at IS NOT NULL AND c.last_order_at >= $2::timestamptz)',
    );
    expect(since.values).toEqual([shopId, daysAgo(90)]);
    const by = compile({
      kind: 'order_count',
      window: { to: '2025-01-01' },
      compare: { op: 'gt', value: 0 },
    });
    expect(predicate(by.where)).toBe(
      '(c.first_order_at IS NOT NULL AND c.first_order_at <= $2::timestamptz)',
    );
    for (const compare of [
      { op: 'eq', value: 0 },
      { op: 'lt', value: 1 },
      { op: 'lte', value: 0 },
    ] as const) {
      expect(
        predicate(compile({ kind: 'order_count', window: { from: { daysAgo: 90 } }, compare }).where),
      ).toBe('(NOT (c.last_order_at IS NOT NULL AND c.last_order_at >= $2::timestamptz))');
    }
    // Anything else about the count, or a window with both ends, still aggregates the window's orders.
    for (const cond of [
      { kind: 'order_count', window: { from: { daysAgo: 90 } }, compare: { op: 'gte', value: 2 } },
      { kind: 'order_count', window: { from: { daysAgo: 90 } }, compare: { op: 'ne', value: 0 } },
      {
        kind: 'order_count',
        window: { from: '2025-01-01', to: '2025-02-01' },
        compare: { op: 'gte', value: 1 },
      },
      { kind: 'total_spent', window: { from: { daysAgo: 90 } }, compare: { op: 'gt', value: 0 } },
    ] as const) {
      expect(compile(cond).where).toContain('FROM orders o');
    }
  });

  it('windowed dates aggregate min / max of the window orders', () => {
    expect(
      compile({ kind: 'first_order_date', window: { to: { daysAgo: 1 } }, compare: { op: 'is_set' } }).where,
    ).toContain('HAVING (min(o.shopify_created_at) IS NOT NULL)');
    expect(
      compile({
        kind: 'last_order_date',
        window: { from: { daysAgo: 9 } },
        compare: { op: 'gt', value: '2025-06-01' },
      }).where,
    ).toContain(
      'HAVING (max(o.shopify_created_at) IS NOT NULL AND max(o.shopify_created_at) > $3::timestamptz)',
    );
  });
});

describe('products', () => {
  it('any product (no window or an open one) reads purchased_products', () => {
    const { where, values } = compile({
      kind: 'products',
      target: 'product',
      match: 'any',
      values: ['11', '12', '11'],
      window: { from: { daysAgo: 30 } },
    });
    expect(predicate(where)).toBe(
      'c.id IN (SELECT pp.customer_id FROM purchased_products pp WHERE pp.shop_id = $1 AND pp.product_id = ANY($2::bigint[]) AND pp.last_purchased_at >= $3::timestamptz)',
    );
    expect(values).toEqual([shopId, ['11', '12'], daysAgo(30)]);
  });

  it('all of: every distinct value bought', () => {
    const { where, values } = compile({
      kind: 'products',
      target: 'product',
      match: 'all',
      values: ['11', '12'],
    });
    expect(where).toContain('GROUP BY pp.customer_id HAVING count(DISTINCT pp.product_id) = $3::int');
    expect(values).toEqual([shopId, ['11', '12'], 2]);
  });

  it('one value is compared with =, so the planner knows each buyer appears once, in id order', () => {
    const { where, values } = compile({ kind: 'products', target: 'product', match: 'all', values: ['11'] });
    expect(predicate(where)).toBe(
      'c.id IN (SELECT pp.customer_id FROM purchased_products pp WHERE pp.shop_id = $1 AND pp.product_id = $2::bigint)',
    );
    expect(values).toEqual([shopId, '11']);
  });

  it('none of: NOT EXISTS of the customer among the buyers (an anti join)', () => {
    expect(
      predicate(compile({ kind: 'products', target: 'product', match: 'none', values: ['11', '12'] }).where),
    ).toBe(
      'NOT EXISTS (SELECT 1 FROM purchased_products pp WHERE pp.shop_id = $1 AND pp.product_id = ANY($2::bigint[]) AND pp.customer_id = c.id)',
    );
    expect(
      predicate(compile({ kind: 'products', target: 'sku', match: 'none', values: ['TEE-M'] }).where),
    ).toMatch(
      /^NOT EXISTS \(SELECT 1 FROM order_line_items li .* AND li\.sku = \$2::text .* AND o\.customer_id = c\.id\)$/,
    );
  });

  it('a closed window, variants, SKUs, vendors and product types go through line items and orders', () => {
    const closed = compile({
      kind: 'products',
      target: 'product',
      match: 'any',
      values: ['11'],
      window: { from: '2025-01-01', to: '2025-02-01' },
    });
    expect(closed.where).toContain(
      'FROM order_line_items li JOIN orders o ON o.shop_id = li.shop_id AND o.id = li.order_id',
    );
    expect(closed.where).toContain('li.product_id = $2::bigint');
    expect(
      compile({ kind: 'products', target: 'variant', match: 'any', values: ['7', '8'] }).where,
    ).toContain('li.variant_id = ANY($2::bigint[])');
    expect(compile({ kind: 'products', target: 'sku', match: 'any', values: ['TEE-M'] }).values).toEqual([
      shopId,
      'TEE-M',
    ]);
    const vendor = compile({
      kind: 'products',
      target: 'vendor',
      match: 'all',
      values: ['Acme', 'ACME', 'Zed'],
    });
    expect(vendor.where).toContain('lower(li.vendor) = ANY($2::text[])');
    expect(vendor.where).toContain('HAVING count(DISTINCT lower(li.vendor)) = $3::int');
    expect(vendor.values).toEqual([shopId, ['acme', 'zed'], 2]);
    expect(
      compile({ kind: 'products', target: 'product_type', match: 'any', values: ['Shirts'] }).where,
    ).toContain('lower(li.product_type) = $2::text');
  });
});

describe('other conditions', () => {
  it('discount codes: any, or one code case-insensitively, optionally in a window', () => {
    expect(compile({ kind: 'discount_code' }).where).toContain('AND cardinality(o.discount_codes) > 0)');
    const code = compile({ kind: 'discount_code', code: 'Spring20', window: { from: { daysAgo: 3 } } });
    expect(code.where).toContain(
      'EXISTS (SELECT 1 FROM unnest(o.discount_codes) d WHERE lower(d) = $2::text) AND o.shopify_created_at >= $3::timestamptz',
    );
    expect(code.values).toEqual([shopId, 'spring20', daysAgo(3)]);
  });

  it('abandoned checkouts: not completed, no order from the checkout, in the window', () => {
    const { where, values } = compile({ kind: 'abandoned_checkout', window: { from: { daysAgo: 7 } } });
    expect(where).toContain('k.completed_at IS NULL AND k.shopify_created_at >= $2::timestamptz');
    expect(where).toContain(
      'NOT EXISTS (SELECT 1 FROM orders o WHERE o.shop_id = k.shop_id AND o.checkout_token = k.token)',
    );
    expect(values).toEqual([shopId, daysAgo(7)]);
  });

  it('customer fields', () => {
    expect(compile({ kind: 'customer_tags', compare: { op: 'eq', value: 'VIP' } })).toEqual({
      where: expect.stringContaining(
        '(cardinality(c.tags) > 0 AND lower(c.tags::text)::text[] && $2::text[])',
      ),
      values: [shopId, ['vip']],
    });
    expect(
      predicate(compile({ kind: 'customer_tags', compare: { op: 'not_in', values: ['a', 'B'] } }).where),
    ).toMatch(/^NOT \(cardinality\(c\.tags\) > 0 AND /);
    expect(predicate(compile({ kind: 'customer_tags', compare: { op: 'is_set' } }).where)).toBe(
      'cardinality(c.tags) > 0',
    );
    expect(
      predicate(compile({ kind: 'customer_country', compare: { op: 'in', values: ['US', 'CA'] } }).where),
    ).toBe('(c.country_code IS NOT NULL AND c.country_code = ANY($2::text[]))');
    expect(compile({ kind: 'customer_province', compare: { op: 'eq', value: 'ON' } })).toEqual({
      where: expect.stringContaining('(c.province_code IS NOT NULL AND lower(c.province_code) = $2::text)'),
      values: [shopId, 'on'],
    });
    expect(
      predicate(
        compile({
          kind: 'customer_created_date',
          compare: { op: 'between', value: ['2024-01-01', { daysAgo: 0 }] },
        }).where,
      ),
    ).toBe(
      '(c.shopify_created_at IS NOT NULL AND c.shopify_created_at BETWEEN $2::timestamptz AND $3::timestamptz)',
    );
    expect(compile({ kind: 'customer_locale', compare: { op: 'ne', value: 'FR' } }).where).toContain(
      'FROM subscribers s WHERE s.shop_id = $1 AND s.customer_id IS NOT NULL AND (s.locale IS NOT NULL AND lower(s.locale) <> $2::text)',
    );
  });

  it('subscriber fields', () => {
    expect(compile({ kind: 'consent_source', compare: { op: 'eq', value: 'checkout' } }).where).toContain(
      '(s.source IS NOT NULL AND s.source = $2::text)',
    );
    expect(compile({ kind: 'subscribed_date', compare: { op: 'gte', value: { daysAgo: 30 } } })).toEqual({
      where: expect.stringContaining('(s.subscribed_at IS NOT NULL AND s.subscribed_at >= $2::timestamptz)'),
      values: [shopId, daysAgo(30)],
    });
    expect(compile({ kind: 'phone_country', compare: { op: 'not_in', values: ['US'] } }).where).toContain(
      '(s.country_code IS NOT NULL AND NOT (s.country_code = ANY($2::text[])))',
    );
  });

  it('engagement: received (any or a flow), clicked and not clicked in the last N days, bots excluded', () => {
    const any = compile({ kind: 'received_message' });
    expect(any.where).toContain(
      "m.direction = 'outbound' AND NOT m.is_test AND m.status IN ('sent', 'delivered'))",
    );
    const flow = compile({ kind: 'received_message', flow: 'win_back', window: { from: { daysAgo: 10 } } });
    expect(flow.where).toContain(
      "m.source_type = 'automation' AND m.source_id = $2::text AND m.sent_at >= $3::timestamptz",
    );
    expect(flow.values).toEqual([shopId, 'win_back', daysAgo(10)]);
    const clicked = compile({ kind: 'clicked', days: 14 });
    expect(clicked.where).toContain('NOT lc.is_bot AND lc.clicked_at >= $2::timestamptz');
    expect(clicked.values).toEqual([shopId, daysAgo(14)]);
    expect(predicate(compile({ kind: 'not_clicked', days: 14 }).where)).toBe(
      `NOT (${predicate(clicked.where)})`,
    );
  });

  it('RFM groups (the group stored on the customer, never NULL) and top spenders', () => {
    const rfm = compile({ kind: 'rfm', groups: ['at_risk', 'lost', 'at_risk'] });
    expect(predicate(rfm.where)).toBe('(c.rfm_group IS NOT NULL AND c.rfm_group = ANY($2::text[]))');
    expect(rfm.values).toEqual([shopId, ['at_risk', 'lost']]);
    const top = compile({ kind: 'top_spenders', percent: 10 });
    expect(top.where).toContain('percentile_disc($2::float8) WITHIN GROUP (ORDER BY t.total_spent)');
    expect(top.values).toEqual([shopId, 0.9]);
  });
});

describe('groups and queries', () => {
  it('AND / OR / NOT nest with parentheses and number their parameters in order', () => {
    const def: SegmentNode = {
      kind: 'or',
      conditions: [
        { kind: 'order_count', compare: { op: 'eq', value: 1 } },
        {
          kind: 'not',
          condition: {
            kind: 'and',
            conditions: [
              { kind: 'customer_country', compare: { op: 'eq', value: 'US' } },
              { kind: 'clicked', days: 3 },
            ],
          },
        },
      ],
    };
    const { where, values } = compile(def);
    expect(predicate(where)).toMatch(
      /^\(c\.orders_count = \$2::int OR \(NOT \(\(c\.country_code IS NOT NULL AND c\.country_code = \$3::text\) AND c\.id IN/,
    );
    expect(values).toEqual([shopId, 1, 'US', daysAgo(3)]);
  });

  it('a hostile value is only ever a parameter', () => {
    const evil = "x'); DROP TABLE customers; --";
    const q = compileCountQuery(
      { kind: 'customer_tags', compare: { op: 'eq', value: evil } },
      { shopId, now },
    );
    expect(q.text).not.toContain('DROP');
    expect(q.values[1]).toEqual([evil.toLowerCase()]);
  });

  it('the count query counts members and their distinct reachable phones; the sample is limited', () => {
    const def: SegmentNode = {
      kind: 'and',
      conditions: [{ kind: 'order_count', compare: { op: 'gte', value: 1 } }],
    };
    const q = compileCountQuery(def, { shopId, now });
    // Reachable phones are kept per customer (customers.reachable_phones, migration 0024): one pass, no join.
    expect(q.text).toBe(
      'SELECT count(*)::int AS customers, COALESCE(sum(c.reachable_phones), 0)::int AS reachable FROM customers c ' +
        'WHERE c.shop_id = $1 AND c.deleted_at IS NULL AND c.redacted_at IS NULL AND (c.orders_count >= $2::int)',
    );
    expect(q.values).toEqual([shopId, 1]);
    const s = compileSampleQuery(def, { shopId, now }, 20);
    expect(s.text).toMatch(/ORDER BY c\.last_order_at DESC NULLS LAST, c\.id LIMIT \$3::int$/);
    expect(s.values).toEqual([shopId, 1, 20]);
  });
});
