// The definition schema: what it accepts, and a 400-worthy issue naming the path of each bad node.
import {
  segmentDefinitionSchema,
  segmentInputSchema,
  type SegmentNode,
} from '../../../server/contracts/segments.js';
import { rfmGroupOf, RFM_GRID, quintileOf } from '../../../server/segments/rfm-groups.js';
import { SEGMENT_TEMPLATES } from '../../../server/segments/segment-templates.js';
import { maskPhone } from '../../../server/segments/segment-queries.js';

function issues(input: unknown): Array<[string, string]> {
  const r = segmentDefinitionSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);
}
const and = (...conditions: unknown[]) => ({ kind: 'and', conditions });
const nest = (depth: number): unknown =>
  depth === 1 ? { kind: 'clicked', days: 3 } : { kind: 'not', condition: nest(depth - 1) };

describe('segment definition schema', () => {
  it('accepts every condition kind', () => {
    const all = and(
      { kind: 'order_count', window: { from: { daysAgo: 30 } }, compare: { op: 'gte', value: 2 } },
      { kind: 'total_spent', compare: { op: 'between', value: [10, 20.5] } },
      { kind: 'average_order_value', compare: { op: 'in', values: [1, 2] } },
      { kind: 'first_order_date', compare: { op: 'lt', value: '2024-02-29' } },
      { kind: 'last_order_date', window: { to: '2025-01-01T10:00:00+02:00' }, compare: { op: 'is_set' } },
      { kind: 'products', target: 'vendor', match: 'all', values: ['Acme'] },
      { kind: 'discount_code', code: 'SPRING' },
      { kind: 'abandoned_checkout', window: { from: { daysAgo: 7 } } },
      { kind: 'customer_tags', compare: { op: 'eq', value: 'VIP' } },
      { kind: 'customer_country', compare: { op: 'not_in', values: ['US'] } },
      { kind: 'customer_province', compare: { op: 'is_set' } },
      { kind: 'customer_locale', compare: { op: 'eq', value: 'fr' } },
      { kind: 'customer_created_date', compare: { op: 'gte', value: { daysAgo: 1 } } },
      { kind: 'consent_source', compare: { op: 'in', values: ['checkout', 'keyword'] } },
      { kind: 'subscribed_date', compare: { op: 'gte', value: { daysAgo: 30 } } },
      { kind: 'phone_country', compare: { op: 'eq', value: 'FR' } },
      { kind: 'received_message', flow: 'win_back' },
      { kind: 'clicked', days: 30 },
      { kind: 'not_clicked', days: 30 },
      { kind: 'rfm', groups: ['champions'] },
      { kind: 'top_spenders', percent: 10 },
    );
    expect(issues(all)).toEqual([]);
  });

  it('names the path and the reason of each bad node', () => {
    expect(issues(and({ kind: 'order_count', compare: { op: 'gte', value: 'two' } }))).toEqual([
      ['conditions.0.compare.value', 'Invalid input: expected number, received string'],
    ]);
    expect(issues(and({ kind: 'clicked', days: 3, colour: 'red' }))).toEqual([
      ['conditions.0', 'Unrecognized key: "colour"'],
    ]);
    expect(issues(and({ kind: 'clicked', days: 0 }))[0]?.[0]).toBe('conditions.0.days');
    expect(issues(and({ kind: 'order_count', compare: { op: 'between', value: [5, 1] } }))[0]?.[0]).toBe(
      'conditions.0.compare.value',
    );
    expect(issues(and({ kind: 'total_spent', compare: { op: 'eq', value: 1.234 } }))).toEqual([
      ['conditions.0.compare.value', 'must have at most 2 decimals'],
    ]);
    expect(issues(and({ kind: 'first_order_date', compare: { op: 'lt', value: '2023-02-29' } }))).toEqual([
      ['conditions.0.compare.value', 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time with offset'],
    ]);
    expect(issues(and({ kind: 'last_order_date', window: {}, compare: { op: 'is_set' } }))[0]?.[0]).toBe(
      'conditions.0.window',
    );
    expect(
      issues(
        and({ kind: 'products', target: 'product', match: 'any', values: ['12', 'gid://shopify/Product/1'] }),
      ),
    ).toEqual([['conditions.0.values.1', 'must be a Shopify product id (digits)']]);
    expect(issues(and({ kind: 'customer_country', compare: { op: 'eq', value: 'usa' } }))[0]?.[0]).toBe(
      'conditions.0.compare.value',
    );
    expect(issues(and({ kind: 'rfm', groups: ['vip'] }))[0]?.[0]).toBe('conditions.0.groups.0');
    expect(issues(and({ kind: 'telepathy' }))[0]?.[0]).toBe('conditions.0.kind');
    expect(issues({ kind: 'and', conditions: [] })[0]?.[0]).toBe('conditions');
  });

  it('allows depth 5 and refuses depth 6 at the node that is too deep', () => {
    expect(issues(nest(5))).toEqual([]);
    expect(issues(nest(6))).toEqual([
      ['condition.condition.condition.condition.condition', 'is nested 6 levels deep; at most 5 are allowed'],
    ]);
    expect(issues(nest(5000))).toEqual([['', 'nests deeper than 5 levels']]);
  });

  it('allows 50 conditions and refuses the 51st, wherever it is', () => {
    const leaf = { kind: 'clicked', days: 3 };
    expect(
      issues({ kind: 'or', conditions: [and(...Array(25).fill(leaf)), and(...Array(25).fill(leaf))] }),
    ).toEqual([]);
    expect(
      issues({ kind: 'or', conditions: [and(...Array(25).fill(leaf)), and(...Array(26).fill(leaf))] }),
    ).toEqual([['conditions.1.conditions.25', 'is condition 51; at most 50 are allowed']]);
  });

  it('saves need a name; unknown fields are refused', () => {
    const definition = and({ kind: 'clicked', days: 3 });
    expect(segmentInputSchema.safeParse({ name: 'A', definition }).success).toBe(true);
    expect(segmentInputSchema.safeParse({ name: ' ', definition }).success).toBe(false);
    expect(segmentInputSchema.safeParse({ name: 'A', definition, owner: 'me' }).success).toBe(false);
  });

  it('every template but "bought X but not Y" is a valid definition; that one needs exactly its toFill paths', () => {
    for (const t of SEGMENT_TEMPLATES) {
      const problems = issues(t.definition).map(([path]) => path);
      expect(problems).toEqual(t.toFill);
    }
    const filled = structuredClone(SEGMENT_TEMPLATES.find((t) => t.key === 'bought_x_not_y')!.definition) as {
      kind: 'and';
      conditions: SegmentNode[];
    };
    for (const c of filled.conditions) if (c.kind === 'products') c.values = ['1'];
    expect(issues(filled)).toEqual([]);
  });
});

describe('RFM groups', () => {
  it('the grid covers every score pair with one of the ten groups', () => {
    const groups = new Set(RFM_GRID.flat());
    expect(groups.size).toBe(10);
    expect(rfmGroupOf(5, 5, 5)).toBe('champions');
    expect(rfmGroupOf(5, 1, 1)).toBe('new');
    expect(rfmGroupOf(4, 1, 1)).toBe('promising');
    expect(rfmGroupOf(4, 5, 4)).toBe('loyal');
    expect(rfmGroupOf(3, 2, 3)).toBe('needs_attention');
    expect(rfmGroupOf(1, 5, 5)).toBe('cant_lose');
    expect(rfmGroupOf(2, 3, 4)).toBe('at_risk');
    expect(rfmGroupOf(2, 1, 2)).toBe('hibernating');
    expect(rfmGroupOf(1, 1, 1)).toBe('lost');
    expect(() => rfmGroupOf(0, 1, 1)).toThrow(RangeError);
  });

  it('quintiles of a percent rank', () => {
    expect([0, 0.19, 0.2, 0.5, 0.99, 1].map(quintileOf)).toEqual([1, 1, 2, 3, 5, 5]);
  });
});

describe('maskPhone', () => {
  it('keeps the first two and last two characters', () => {
    expect(maskPhone('+14155550142')).toBe('+1••••••••42');
    expect(maskPhone(null)).toBeNull();
  });
});
