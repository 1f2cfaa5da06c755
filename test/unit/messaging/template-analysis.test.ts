import { Liquid } from 'liquidjs';
import { isAppError } from '../../../server/errors.js';
import { analyzeSms } from '../../../server/messaging/encoding.js';
import {
  analyzeTemplate,
  parseTemplate,
  type FieldBounds,
  type TemplateAnalysis,
} from '../../../server/messaging/template-analysis.js';

describe('parseTemplate', () => {
  it('parses merge fields, filters with quoted arguments, literals and whitespace control', () => {
    const { parts, tags } = parseTemplate(
      'Hi {{ customer.first_name | default: "there, you" | upcase }}!\n{{- " x" }} {% if a %}y{% endif %}',
    );
    expect(parts).toEqual([
      { kind: 'text', text: 'Hi ' },
      {
        kind: 'field',
        path: 'customer.first_name',
        filters: [
          { name: 'default', args: ['there, you'] },
          { name: 'upcase', args: [] },
        ],
      },
      { kind: 'text', text: '!' },
      { kind: 'text', text: ' x' },
      { kind: 'text', text: ' ' },
      { kind: 'block', tag: 'if', branches: [{ condition: 'a', parts: [{ kind: 'text', text: 'y' }] }] },
    ]);
    expect(tags).toEqual([]);
  });
});

describe('analyzeTemplate', () => {
  const names: FieldBounds = { values: ['Al', 'Bartholomew', ''] };

  it('reports the exact range for a GSM-only audience, including prefix and footer', () => {
    const template = 'Hi {{ customer.first_name | default: "there" }}, order {{ order.name }} has shipped!';
    const result = analyzeTemplate(
      template,
      { 'customer.first_name': names, 'order.name': { minLength: 5, maxLength: 7, charset: 'digits' } },
      { prefix: 'Acme: ', footer: '\nReply STOP to opt out' },
    );
    const shortest = 'Acme: Hi Al, order 00000 has shipped!\nReply STOP to opt out';
    const longest = 'Acme: Hi Bartholomew, order 0000000 has shipped!\nReply STOP to opt out';
    expect(result).toMatchObject({
      encoding: 'GSM-7',
      minLength: analyzeSms(shortest).units,
      maxLength: analyzeSms(longest).units,
      minSegments: 1,
      maxSegments: 1,
      fields: ['customer.first_name', 'order.name'],
      unboundedFields: [],
      exact: true,
      suggestions: [],
    });
    expect(result.byEncoding['UCS-2']).toBeNull();
  });

  it('is variable when one audience value needs UCS-2, and reports lengths in UTF-16 units', () => {
    const body = 'x'.repeat(60);
    const result = analyzeTemplate(`{{ name }} ${body}`, { name: { values: ['Al', 'Zoë Ann'] } });
    expect(result).toMatchObject({
      encoding: 'variable',
      minLength: 63,
      maxLength: 68,
      minSegments: 1,
      maxSegments: 1,
    });
    expect(result.byEncoding['GSM-7']).toEqual({
      minLength: 63,
      maxLength: 63,
      minSegments: 1,
      maxSegments: 1,
    });
    expect(result.byEncoding['UCS-2']).toEqual({
      minLength: 68,
      maxLength: 68,
      minSegments: 1,
      maxSegments: 1,
    });
    expect(result.suggestions).toEqual([{ kind: 'unicode-in-field', field: 'name', examples: ['Zoë Ann'] }]);

    const longer = analyzeTemplate(`{{ name }} ${'x'.repeat(66)}`, { name: { values: ['Al', 'Zoë Ann'] } });
    expect(longer).toMatchObject({
      encoding: 'variable',
      minSegments: 1,
      maxSegments: 2,
      minLength: 69,
      maxLength: 74,
    });
  });

  it('counts extension characters in values twice and never splits them across segments', () => {
    // 304 literal septets; the field adds 1 or 2 (basic or extension character).
    const result = analyzeTemplate(`${'a'.repeat(152)}{{ f }}${'b'.repeat(152)}`, {
      f: { values: ['c', ']'] },
    });
    expect(result).toMatchObject({
      encoding: 'GSM-7',
      minLength: 305,
      maxLength: 306,
      minSegments: 2,
      maxSegments: 3,
    });
  });

  it('makes a unicode length-bounded field flip the message to UCS-2 and counts astral characters as 2 units', () => {
    const result = analyzeTemplate('Code: {{ code }}', { code: { minLength: 1, maxLength: 40 } });
    expect(result.encoding).toBe('variable');
    expect(result.byEncoding['GSM-7']).toEqual({
      minLength: 7,
      maxLength: 86,
      minSegments: 1,
      maxSegments: 1,
    });
    expect(result.byEncoding['UCS-2']).toEqual({
      minLength: 7,
      maxLength: 86,
      minSegments: 1,
      maxSegments: 2,
    });
    expect(result.suggestions).toEqual([{ kind: 'unicode-in-field', field: 'code', examples: [] }]);
  });

  it('gives a repeated field the same value at every occurrence', () => {
    const result = analyzeTemplate('{{ a }} {{ a }}', { a: { values: ['a'.repeat(69), 'á'] } });
    // Mixing the two values would give 71 UCS-2 units (2 segments); one consistent value never does.
    expect(result).toMatchObject({ encoding: 'variable', minSegments: 1, maxSegments: 1, exact: true });
    expect(result.byEncoding['UCS-2']).toEqual({
      minLength: 3,
      maxLength: 3,
      minSegments: 1,
      maxSegments: 1,
    });
    expect(result.byEncoding['GSM-7']).toEqual({
      minLength: 139,
      maxLength: 139,
      minSegments: 1,
      maxSegments: 1,
    });
  });

  it('counts an unbounded field as its default, reports it and marks the result inexact', () => {
    const result = analyzeTemplate('Hi {{ who | default: "friend" }} {{ x | money }}', {});
    expect(result).toMatchObject({
      minLength: 10,
      maxLength: 10,
      encoding: 'GSM-7',
      unboundedFields: ['who', 'x'],
      unsupportedFilters: ['x | money'],
      exact: false,
    });
  });

  it('suggests GSM replacements for typed characters and lists the ones without replacement', () => {
    const result = analyzeTemplate('It’s here — “50% off” 🎉 {{ n | default: "ami…" }}', {
      n: { values: ['Jo'] },
    });
    expect(result.suggestions).toEqual([
      {
        kind: 'replace-characters',
        replacements: [
          { char: '’', replacement: "'", count: 1 },
          { char: '—', replacement: '-', count: 1 },
          { char: '“', replacement: '"', count: 1 },
          { char: '”', replacement: '"', count: 1 },
          { char: '…', replacement: '...', count: 1 },
        ],
      },
      { kind: 'unicode-in-text', characters: ['🎉'] },
    ]);
    expect(result.encoding).toBe('UCS-2');
  });

  it('rejects invalid length bounds', () => {
    let caught: unknown;
    try {
      analyzeTemplate('{{ a }}', { a: { minLength: 5, maxLength: 2 } });
    } catch (e) {
      caught = e;
    }
    expect(isAppError(caught) && caught.code).toBe('invalid_field_bounds');
  });
});

// ---- Exhaustive oracle: render every combination with liquidjs and measure it with analyzeSms. ----

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// One character of each cost class: GSM basic, GSM extension, non-GSM BMP, astral (surrogate pair).
const CLASSES = { digits: ['0'], gsm: ['a', '{'], unicode: ['a', '{', 'á', '😀'] } as const;

function allStrings(alphabet: readonly string[], lo: number, hi: number): string[] {
  const out: string[] = [];
  let level = [''];
  for (let len = 0; len <= hi; len++) {
    if (len >= lo) out.push(...level);
    level = level.flatMap((s) => alphabet.map((c) => s + c));
  }
  return out;
}

function oracle(
  template: string,
  bounds: Record<string, FieldBounds>,
  prefix: string,
  footer: string,
): Partial<TemplateAnalysis> {
  const engine = new Liquid();
  const paths = Object.keys(bounds);
  // A field used with `| default:` may also be missing: it then renders its default there and
  // nothing at its other occurrences.
  const withDefault = new Set([...template.matchAll(/\{\{\s*(\w+)\s*\|\s*default/g)].map((m) => m[1]));
  const domains = paths.map((p) => {
    const b = bounds[p]!;
    const values =
      'values' in b ? b.values : allStrings(CLASSES[b.charset ?? 'unicode'], b.minLength, b.maxLength);
    return withDefault.has(p) ? [...values, ''] : values;
  });
  const seen: { encoding: string; units: number; segments: number; u16: number }[] = [];
  const walk = (i: number, scope: Record<string, string>): void => {
    if (i === paths.length) {
      const text = prefix + (engine.parseAndRenderSync(template, scope) as string) + footer;
      const a = analyzeSms(text);
      seen.push({ encoding: a.encoding, units: a.units, segments: a.segments, u16: text.length });
      return;
    }
    for (const v of domains[i]!) walk(i + 1, { ...scope, [paths[i]!]: v });
  };
  walk(0, {});
  const encodings = [...new Set(seen.map((s) => s.encoding))];
  const encoding = encodings.length === 2 ? 'variable' : (encodings[0] as 'GSM-7' | 'UCS-2');
  const len = (s: (typeof seen)[number]): number => (encoding === 'variable' ? s.u16 : s.units);
  return {
    encoding,
    minLength: Math.min(...seen.map(len)),
    maxLength: Math.max(...seen.map(len)),
    minSegments: Math.min(...seen.map((s) => s.segments)),
    maxSegments: Math.max(...seen.map((s) => s.segments)),
  };
}

function randomCase(rand: () => number): {
  template: string;
  bounds: Record<string, FieldBounds>;
  prefix: string;
  footer: string;
} {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const literal = (n: number): string => {
    const extRate = rand() * 0.5;
    const uniRate = rand() < 0.7 ? 0 : 0.02;
    let s = '';
    for (let i = 0; i < n; i++) {
      const r = rand();
      s +=
        r < uniRate
          ? pick(['é', 'ü', '€', '中', '😀'])
          : r < extRate
            ? pick([']', '[', '€', '~', '\\', '^'])
            : pick(['a', 'b', ' ', '.', 'é']);
    }
    return s;
  };
  const value = (): string => {
    const n = int(0, 6);
    let s = '';
    for (let i = 0; i < n; i++) s += pick(['x', 'y', ']', '€', 'á', '😀', 'x', 'y']);
    return s;
  };
  const paths = ['a', 'b', 'c'].slice(0, int(1, 3));
  const bounds: Record<string, FieldBounds> = {};
  let lengthFields = 0;
  for (const p of paths) {
    if (lengthFields === 0 && rand() < 0.35) {
      lengthFields++;
      const lo = int(0, 2);
      bounds[p] = {
        minLength: lo,
        maxLength: int(lo, 3),
        charset: pick(['digits', 'gsm', 'unicode'] as const),
      };
    } else bounds[p] = { values: Array.from({ length: int(1, 4) }, value) };
  }
  const target = pick([int(50, 80), int(130, 170), int(280, 320)]);
  const occurrences = int(1, 4);
  const chunks: string[] = [];
  for (let i = 0; i < occurrences; i++) {
    const p = pick(paths);
    const filter = rand() < 0.3 ? ` | default: "${pick(['there', '😀!', '{x}'])}"` : '';
    chunks.push(literal(Math.floor(target / (occurrences + 1))), `{{ ${p}${filter} }}`);
  }
  chunks.push(literal(Math.floor(target / (occurrences + 1))));
  return {
    template: chunks.join(''),
    bounds,
    prefix: rand() < 0.5 ? 'Acme: ' : '',
    footer: rand() < 0.5 ? pick(['\nReply STOP to opt out', '\nSTOP→stop']) : '',
  };
}

describe('analyzeTemplate against an exhaustive oracle', () => {
  it('matches the min/max over every rendered combination on random templates', () => {
    const rand = mulberry32(20240605);
    const failures: unknown[] = [];
    const coverage = { variable: 0, segmentRange: 0, threePlus: 0, lengthBounded: 0 };
    for (let i = 0; i < 400; i++) {
      const c = randomCase(rand);
      const expected = oracle(c.template, c.bounds, c.prefix, c.footer);
      if (expected.encoding === 'variable') coverage.variable++;
      if (expected.minSegments !== expected.maxSegments) coverage.segmentRange++;
      if ((expected.maxSegments ?? 0) >= 3) coverage.threePlus++;
      if (Object.values(c.bounds).some((b) => 'minLength' in b)) coverage.lengthBounded++;
      const actual = analyzeTemplate(c.template, c.bounds, { prefix: c.prefix, footer: c.footer });
      const got = {
        encoding: actual.encoding,
        minLength: actual.minLength,
        maxLength: actual.maxLength,
        minSegments: actual.minSegments,
        maxSegments: actual.maxSegments,
      };
      if (JSON.stringify(got) !== JSON.stringify(expected) && failures.length < 3)
        failures.push({ ...c, expected, got });
      if (!actual.exact) failures.push({ ...c, inexact: actual });
    }
    expect(failures).toEqual([]);
    // The sample exercises what makes the problem hard.
    for (const n of Object.values(coverage)) expect(n).toBeGreaterThanOrEqual(30);
  }, 120_000);
});
