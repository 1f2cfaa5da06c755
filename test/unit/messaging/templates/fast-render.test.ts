// The direct renderer must produce exactly what liquidjs produces: random templates over its subset
// (and a few outside it, which must fall back), random values, compared with the engine's output.
import {
  compileTemplate,
  renderTemplate,
  renderWithLiquid,
  validateTemplate,
} from '../../../../server/messaging/templates/index.js';
import type { MergeVariables } from '../../../../server/contracts/templates.js';

// Small deterministic PRNG (mulberry32) so a failure can be replayed.
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELDS = [
  'customer.first_name',
  'subscriber.last_name',
  'order.name',
  'order.total_price',
  'order.currency',
  'discount.code',
  'shop.name',
];
const VALUES: (string | number | null | undefined)[] = [
  undefined,
  null,
  '',
  '   ',
  'camille',
  'ÉLODIE',
  'o’neil',
  'Zoë-Anne',
  '12.5',
  '0',
  0,
  42,
  3.75,
  -1,
  '😀 party 🎉',
  'a'.repeat(60),
  ' padded ',
  'EUR',
  'usd',
  'x|y',
  'ß',
];
const FILTERS = [
  '',
  ' | default: "there"',
  " | default: 'friend'",
  ' | default: 7',
  ' | default: shop.name',
  ' | upcase',
  ' | downcase',
  ' | capitalize',
  ' | strip',
  ' | truncate: 5',
  ' | truncate: 0',
  ' | truncate: 3, "…"',
  ' | truncate: 4, ""',
  ' | truncate: 6, "👉"',
  ' | truncate',
  ' | money',
  ' | money: "EUR"',
  ' | money: order.currency',
];
const TEXTS = ['Hi ', '', '!', ' & <b> ', '\n', 'Prix : ', '😀', ' {not liquid} '];

describe('fast renderer', () => {
  it('matches liquidjs on thousands of random templates and values', () => {
    const r = rng(20250601);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    let fastPaths = 0;
    for (let n = 0; n < 3000; n++) {
      let source = '';
      const outputs = 1 + Math.floor(r() * 3);
      for (let i = 0; i < outputs; i++) {
        const filters = Array.from({ length: Math.floor(r() * 3) }, () => pick(FILTERS)).join('');
        const expr = r() < 0.1 ? pick(['"literal"', "'q'", '5']) : pick(FIELDS);
        source += pick(TEXTS) + `{{ ${expr}${filters} }}`;
      }
      source += pick(TEXTS);
      const vars: Record<string, Record<string, unknown>> = {};
      for (const f of FIELDS) {
        if (r() < 0.2) continue;
        const [root, name] = f.split('.') as [string, string];
        vars[root] ??= {};
        vars[root]![name] = pick(VALUES);
      }
      const compiled = compileTemplate(source);
      if (compiled.fast) fastPaths++;
      expect(`${source} => ${renderTemplate(compiled, vars as MergeVariables)}`).toBe(
        `${source} => ${renderWithLiquid(compiled, vars as MergeVariables)}`,
      );
    }
    expect(fastPaths).toBe(3000);
  });

  it('leaves tags, whitespace control and other forms to liquidjs, with the same result', () => {
    const vars: MergeVariables = { customer: { first_name: 'Ana' }, order: { name: '#1' } };
    const cases = [
      ['{% if customer.first_name %}Hi {{ customer.first_name }}{% endif %}', 'Hi Ana'],
      ['A  {{- customer.first_name -}}  B', 'AAnaB'],
      ['{{ order["name"] }}', '#1'],
      ['{{ customer.first_name | default: "x", allow_false: true }}', 'Ana'],
      ['{{ "now" | date: "%Y" }}', String(new Date().getFullYear())],
    ] as const;
    for (const [source, expected] of cases) {
      expect(validateTemplate(source, { kind: 'marketing' }).ok).toBe(true);
      const compiled = compileTemplate(source);
      expect(compiled.fast).toBeNull();
      expect(renderTemplate(compiled, vars)).toBe(expected);
    }
  });
});
