// `{% if %}` / `{% unless %}` / `{% case %}` branches are alternatives in the template analysis: a branch that
// cannot apply (the discount sentence while a flow's discount is off) is not counted, and otherwise the range
// covers every branch. Checked by hand on small cases and against liquidjs on random templates.
import { Liquid } from 'liquidjs';
import { analyzeSms } from '../../../server/messaging/encoding.js';
import {
  analyzeTemplate,
  parseTemplate,
  type FieldBounds,
} from '../../../server/messaging/template-analysis.js';
import {
  applicableBranches,
  evaluateCondition,
  type FieldPresence,
} from '../../../server/messaging/template-conditions.js';

describe('parseTemplate blocks', () => {
  it('turns if/elsif/else, unless and case/when into blocks of branches', () => {
    const { parts, tags } = parseTemplate(
      '{% if a %}A{% elsif b == "x" %}B{% else %}C{% endif %}{% unless c %}U{% endunless %}' +
        '{% case d %} ignored {% when "1", "2" %}one{% else %}other{% endcase %}',
    );
    expect(tags).toEqual([]);
    expect(parts).toEqual([
      {
        kind: 'block',
        tag: 'if',
        branches: [
          { condition: 'a', parts: [{ kind: 'text', text: 'A' }] },
          { condition: 'b == "x"', parts: [{ kind: 'text', text: 'B' }] },
          { condition: null, parts: [{ kind: 'text', text: 'C' }] },
        ],
      },
      { kind: 'block', tag: 'unless', branches: [{ condition: 'c', parts: [{ kind: 'text', text: 'U' }] }] },
      {
        kind: 'block',
        tag: 'case',
        branches: [
          { condition: 'd == "1" or d == "2"', parts: [{ kind: 'text', text: 'one' }] },
          { condition: null, parts: [{ kind: 'text', text: 'other' }] },
        ],
      },
    ]);
  });

  it('drops comments, keeps raw content as text and lists tags it cannot model', () => {
    const { parts, tags } = parseTemplate(
      'a{% comment %}{{ x }} gone{% endcomment %}b{% # note %}{% raw %}{{ y }}{% endraw %}{% for i in l %}z{% endfor %}',
    );
    expect(parts).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'text', text: 'b' },
      { kind: 'text', text: '{{ y }}' },
      { kind: 'text', text: 'z' },
    ]);
    expect(tags).toEqual(['for', 'endfor']);
  });
});

describe('evaluateCondition', () => {
  const known = { discount: 'absent', 'customer.first_name': 'present' } as const;
  it.each([
    ['discount.code', false],
    ['discount.code == blank', true],
    ['discount.code != empty', true],
    ['discount.code == nil', true],
    ['discount.code == ""', false],
    ['discount.code == "X"', false],
    ['discount.code != "X"', true],
    ['customer.first_name', true],
    ['customer.first_name == blank', false],
    ['customer.first_name == "Al"', undefined],
    ['order.name', undefined],
    ['order.name and discount.code', false],
    ['order.name or customer.first_name', true],
    ['order.name or discount.code', undefined],
    ['discount.code or order.name and customer.first_name', undefined],
    ['customer.first_name or discount.code and order.name', true],
    ['order.total > 10', undefined],
    ['order.name == empty', undefined],
    ['order.name != nil or order.name == nil', undefined],
    ['discount.code == empty or customer.first_name != blank', true],
  ] as const)('%s → %s', (condition, expected) => {
    expect(evaluateCondition(condition, known)).toBe(expected);
  });

  it('keeps the branches that can render, and "none" when no branch is certain and there is no else', () => {
    const block = (template: string) => {
      const part = parseTemplate(template).parts[0];
      if (part?.kind !== 'block') throw new Error('not a block');
      return part;
    };
    const texts = (branches: ReturnType<typeof applicableBranches>) =>
      branches.map((b) => b.map((p) => (p.kind === 'text' ? p.text : '?')).join(''));
    const guarded = block('{% if discount.code %}D{% endif %}');
    expect(texts(applicableBranches(guarded, { discount: 'absent' }))).toEqual(['']);
    expect(texts(applicableBranches(guarded, { discount: 'present' }))).toEqual(['D']);
    expect(texts(applicableBranches(guarded, {}))).toEqual(['D', '']);
    const chain = block('{% if a %}A{% elsif discount.code %}D{% else %}E{% endif %}');
    expect(texts(applicableBranches(chain, { discount: 'absent' }))).toEqual(['A', 'E']);
    expect(texts(applicableBranches(chain, { discount: 'present' }))).toEqual(['A', 'D']);
    expect(texts(applicableBranches(chain, { a: 'present' }))).toEqual(['A']);
    const unless = block('{% unless discount.code %}N{% else %}D{% endunless %}');
    expect(texts(applicableBranches(unless, { discount: 'absent' }))).toEqual(['N']);
    expect(texts(applicableBranches(unless, { discount: 'present' }))).toEqual(['D']);
  });
});

describe('analyzeTemplate with branches', () => {
  const sentence = ' Use code {{ discount.code }} for {{ discount.value }} off.';
  const template = `Hi {{ name }}, your cart is waiting.{% if discount.code %}${sentence}{% endif %}`;
  const bounds: Record<string, FieldBounds> = {
    name: { values: ['Al'] },
    'discount.code': { values: ['WELCOME15'] },
    'discount.value': { values: ['10%'] },
  };

  it('does not count the discount sentence while the discount is off', () => {
    const off = analyzeTemplate(template, bounds, { knownFields: { discount: 'absent' } });
    const bare = 'Hi Al, your cart is waiting.'.length;
    expect(off).toMatchObject({ minLength: bare, maxLength: bare, exact: true, fields: ['name'] });
    const on = analyzeTemplate(template, bounds, { knownFields: { discount: 'present' } });
    const full = 'Hi Al, your cart is waiting. Use code WELCOME15 for 10% off.'.length;
    expect(on).toMatchObject({ minLength: full, maxLength: full, exact: true });
    // Not knowing the option: both, and only an outer bound, as the tested field is also printed.
    expect(analyzeTemplate(template, bounds)).toMatchObject({
      minLength: bare,
      maxLength: full,
      exact: false,
    });
  });

  it('covers both branches of an if/else, and a branch that tips the message into a second segment', () => {
    const long = 'x'.repeat(150);
    const result = analyzeTemplate(`{% if vip %}${long} {{ name }}{% else %}Hello{% endif %}!`, bounds);
    expect(result).toMatchObject({ minLength: 6, maxLength: 154, minSegments: 1, maxSegments: 1 });
    const longer = analyzeTemplate(
      `{% if vip %}${long}{{ name }}{{ name }}{% else %}Hello{% endif %}!!!!!!!!`,
      bounds,
    );
    expect(longer).toMatchObject({ minLength: 13, maxLength: 162, minSegments: 1, maxSegments: 2 });
    expect(
      analyzeTemplate(`{% if vip %}${long}{% else %}Hello{% endif %}`, bounds, {
        knownFields: { vip: 'absent' },
      }),
    ).toMatchObject({
      minLength: 5,
      maxLength: 5,
    });
  });

  it('counts a branch that forces UCS-2 in the UCS-2 range only', () => {
    const result = analyzeTemplate('{% if vip %}Merci 🎉{% else %}Thanks{% endif %}', {});
    expect(result.encoding).toBe('variable');
    expect(result.byEncoding['GSM-7']).toEqual({
      minLength: 6,
      maxLength: 6,
      minSegments: 1,
      maxSegments: 1,
    });
    expect(result.byEncoding['UCS-2']).toEqual({
      minLength: 8,
      maxLength: 8,
      minSegments: 1,
      maxSegments: 1,
    });
  });

  it('keeps a grapheme cluster of a field value whole at a segment boundary', () => {
    // 66 units of text, then a 4-unit cluster: it cannot start in the first segment's last unit.
    const result = analyzeTemplate(`á${'a'.repeat(65)}{{ e }}${'b'.repeat(5)}`, {
      e: { values: ['👍🏽', 'é'] },
    });
    expect(result.byEncoding['UCS-2']).toEqual({
      minLength: 72,
      maxLength: 75,
      minSegments: 2,
      maxSegments: 2,
    });
    expect(analyzeSms(`á${'a'.repeat(65)}👍🏽${'b'.repeat(5)}`).segments).toBe(2);
    const edge = analyzeTemplate(`á${'a'.repeat(64)}{{ e }}${'b'.repeat(65)}`, { e: { values: ['👍🏽'] } });
    // 134 units fit 2 × 67 if the cluster could be cut after 👍; kept whole it needs 3.
    expect(edge.byEncoding['UCS-2']).toMatchObject({ maxLength: 134, maxSegments: 3 });
    expect(analyzeSms(`á${'a'.repeat(64)}👍🏽${'b'.repeat(65)}`).segments).toBe(3);
  });
});

// ---- Oracle: render every combination with liquidjs and measure it with analyzeSms. ----

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  template: string;
  bounds: Record<string, FieldBounds>;
  /** Condition-only fields: each is missing or set, independently. */
  flags: string[];
}

function randomCase(rand: () => number): Case {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const pieces = ['a', 'b', ' ', '.', ']', '€', 'é', '👍🏽', '🇫🇷', '👩‍💻', 'ñ'];
  const uniRate = rand() < 0.5 ? 0 : 0.04;
  const literal = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += rand() < uniRate ? pick(pieces.slice(6)) : pick(pieces.slice(0, 6));
    return s;
  };
  const value = (): string =>
    Array.from({ length: int(0, 4) }, () => pick(['x', ']', 'é', '👍🏽', '1️⃣', 'y'])).join('');
  const bounds: Record<string, FieldBounds> = {
    f: { values: Array.from({ length: int(1, 3) }, value) },
    g: { values: Array.from({ length: int(1, 3) }, value) },
  };
  const flags = ['p', 'q'];
  const target = pick([int(50, 80), int(130, 170), int(280, 320)]);
  const chunk = (): string =>
    literal(Math.floor(target / 6)) + (rand() < 0.6 ? `{{ ${pick(['f', 'g'])} }}` : '');
  const condition = (): string =>
    pick(['p', 'q', 'p and q', 'p or q', 'p == blank', 'q != blank', 'q == empty', 'p != nil']);
  const block = (): string => {
    const r = rand();
    if (r < 0.4) return `{% if ${condition()} %}${chunk()}{% endif %}`;
    if (r < 0.7) return `{% if ${condition()} %}${chunk()}{% else %}${chunk()}{% endif %}`;
    if (r < 0.85) return `{% if p %}${chunk()}{% elsif q %}${chunk()}{% endif %}`;
    return `{% unless ${condition()} %}${chunk()}{% endunless %}`;
  };
  let template = '';
  const blocks = int(1, 3);
  for (let i = 0; i < blocks; i++) template += chunk() + block();
  template += chunk();
  return { template, bounds, flags };
}

function oracle(c: Case, known: Record<string, FieldPresence>) {
  const engine = new Liquid();
  const paths = Object.keys(c.bounds);
  const seen: { encoding: string; units: number; segments: number; u16: number }[] = [];
  const states = { absent: undefined, empty: '', present: 'yes' };
  const flagStates = c.flags.map((flag) => {
    const state = known[flag];
    return state ? [states[state]] : Object.values(states);
  });
  const walkFlags = (i: number, scope: Record<string, string | undefined>): void => {
    if (i < c.flags.length) {
      for (const v of flagStates[i]!) walkFlags(i + 1, { ...scope, [c.flags[i]!]: v });
      return;
    }
    const walk = (j: number, s: Record<string, string | undefined>): void => {
      if (j === paths.length) {
        const text = engine.parseAndRenderSync(c.template, s) as string;
        const a = analyzeSms(text);
        seen.push({ encoding: a.encoding, units: a.units, segments: a.segments, u16: text.length });
        return;
      }
      const b = c.bounds[paths[j]!]!;
      for (const v of 'values' in b ? b.values : []) walk(j + 1, { ...s, [paths[j]!]: v });
    };
    walk(0, scope);
  };
  walkFlags(0, {});
  const encodings = [...new Set(seen.map((s) => s.encoding))];
  const encoding = encodings.length === 2 ? 'variable' : encodings[0];
  const len = (s: (typeof seen)[number]): number => (encoding === 'variable' ? s.u16 : s.units);
  return {
    encoding,
    minLength: Math.min(...seen.map(len)),
    maxLength: Math.max(...seen.map(len)),
    minSegments: Math.min(...seen.map((s) => s.segments)),
    maxSegments: Math.max(...seen.map((s) => s.segments)),
  };
}

describe('analyzeTemplate with branches against liquidjs', () => {
  it('matches the min/max over every rendering, with condition fields unknown, absent or present', () => {
    const rand = mulberry32(0xb4a9c4);
    const failures: unknown[] = [];
    let segmentRanges = 0;
    let variable = 0;
    for (let i = 0; i < 300; i++) {
      const c = randomCase(rand);
      const known: Record<string, FieldPresence> = {};
      for (const flag of c.flags) {
        const r = rand();
        if (r < 0.2) known[flag] = 'absent';
        else if (r < 0.3) known[flag] = 'empty';
        else if (r < 0.5) known[flag] = 'present';
      }
      const expected = oracle(c, known);
      if (expected.minSegments !== expected.maxSegments) segmentRanges++;
      if (expected.encoding === 'variable') variable++;
      const actual = analyzeTemplate(c.template, c.bounds, { knownFields: known });
      const got = {
        encoding: actual.encoding,
        minLength: actual.minLength,
        maxLength: actual.maxLength,
        minSegments: actual.minSegments,
        maxSegments: actual.maxSegments,
      };
      if (JSON.stringify(got) !== JSON.stringify(expected) && failures.length < 3)
        failures.push({ ...c, known, expected, got });
      if (!actual.exact) failures.push({ ...c, inexact: actual });
    }
    expect(failures).toEqual([]);
    expect(segmentRanges).toBeGreaterThanOrEqual(30);
    expect(variable).toBeGreaterThanOrEqual(30);
  }, 120_000);
});
