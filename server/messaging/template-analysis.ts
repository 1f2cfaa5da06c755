// Length, encoding and segment range of a Liquid-style SMS template, without rendering it: what the
// editor shows as "Length 74–124, Format variable, Segments 1–2".
//
// Message = prefix + rendered template + footer, concatenated verbatim (pass the separator, e.g.
// "\nReply STOP to opt out", as part of the footer). Each merge field takes any value its bounds
// allow; the result is the exact minimum and maximum over all combinations, including escape pairs
// and surrogate pairs that cannot be split across segments (see encoding.ts). How:
// - A field with `values` contributes those strings; `| default: "x"` adds the empty value, which
//   renders as "x" (Liquid renders the default for an empty or missing value).
// - A field with `minLength`/`maxLength` (in characters = code points, after filters) contributes
//   extreme representatives: the cheapest value (basic GSM characters, minimum length) and the
//   dearest one (extension characters in GSM-7, astral characters in UCS-2, maximum length), plus
//   the cheapest value containing a non-GSM character for charset 'unicode' (charset defaults to
//   'unicode': a field we know nothing about can always flip the message to UCS-2). Greedy segment
//   packing is monotone in character costs and length, so these extremes are exact.
// - Per encoding, a dynamic program keeps for each field the best reachable packing state
//   (segments, used units) — lexicographically smallest for the minimum, largest for the maximum;
//   by monotonicity of greedy packing this is exact. A field used several times takes one value:
//   such fields are enumerated jointly (up to MAX_JOINT_COMBINATIONS, beyond which they are treated
//   independently, which still gives a safe outer range, and `exact` is false).
// Lengths are in the units of the worst-case encoding: septets when the message is always GSM-7,
// UTF-16 units when it is always UCS-2, and UTF-16 units (= characters as billed in UCS-2) when the
// encoding is 'variable'. `byEncoding` gives each encoding's range in its own units.
// A field without bounds (or with an empty `values` list) is counted as empty (its default when it
// has one), listed in `unboundedFields`, and makes `exact` false. So do unsupported filters (skipped)
// and `{% %}` tags (the tag renders nothing; text inside a block is counted as always rendered).
import { AppError } from '../errors.js';
import { SEGMENT_LIMITS, gsm7Septets, type SmsEncoding } from './encoding.js';
import type { GsmReplacementSuggestion } from './gsm-replacements.js';
import {
  applyFilters,
  isSupported,
  parseTemplate,
  type TemplateFilter,
  type TemplatePart,
} from './template-parse.js';
import { suggest } from './template-suggestions.js';

export { parseTemplate };

export type FieldBounds =
  { values: string[] } | { minLength: number; maxLength: number; charset?: 'gsm' | 'unicode' | 'digits' };

export interface EncodingRange {
  minLength: number;
  maxLength: number;
  minSegments: number;
  maxSegments: number;
}

export type TemplateSuggestion =
  | { kind: 'replace-characters'; replacements: GsmReplacementSuggestion[] }
  | { kind: 'unicode-in-text'; characters: string[] }
  | { kind: 'unicode-in-field'; field: string; examples: string[] };

export interface TemplateAnalysis {
  minLength: number;
  maxLength: number;
  encoding: SmsEncoding | 'variable';
  minSegments: number;
  maxSegments: number;
  fields: string[];
  byEncoding: Record<SmsEncoding, EncodingRange | null>;
  unboundedFields: string[];
  unsupportedFilters: string[];
  unsupportedTags: string[];
  exact: boolean;
  suggestions: TemplateSuggestion[];
}

export const MAX_JOINT_COMBINATIONS = 1024;

function representatives(path: string, b: Extract<FieldBounds, { minLength: number }>): string[] {
  const { minLength: lo, maxLength: hi } = b;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < lo) {
    throw new AppError({
      code: 'invalid_field_bounds',
      status: 400,
      message: `Invalid length bounds for ${path}`,
    });
  }
  const charset = b.charset ?? 'unicode';
  const cheap = charset === 'digits' ? '0' : 'a';
  const dear = charset === 'digits' ? '0' : '{';
  const out = [cheap.repeat(lo), dear.repeat(hi)];
  if (lo === 0 && hi > 0) out.push(cheap); // shortest non-empty value, for when a default replaces ''
  if (charset === 'unicode' && hi > 0) out.push('á' + 'a'.repeat(Math.max(lo, 1) - 1), '😀'.repeat(hi));
  return out;
}

/** Costs of each character of `s` in `encoding`, or null when `s` cannot be sent in GSM-7. */
function costsOf(
  s: string,
  encoding: SmsEncoding,
): { costs: Uint8Array; total: number; unicode: boolean } | null {
  const costs: number[] = [];
  let total = 0;
  let unicode = false;
  for (let i = 0; i < s.length; i++) {
    const g = gsm7Septets(s.charCodeAt(i));
    if (g === 0) unicode = true;
    if (encoding === 'GSM-7') {
      if (g === 0) return null;
      costs.push(g);
      total += g;
      continue;
    }
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    costs.push(pair ? 2 : 1);
    total += pair ? 2 : 1;
    if (pair) i++;
  }
  return { costs: Uint8Array.from(costs), total, unicode };
}

type Range = EncodingRange & { minU16: number; maxU16: number };

interface Acc {
  minT: number;
  maxT: number;
  minU16: number;
  maxU16: number;
  minC: number;
  minU: number;
  maxC: number;
  maxU: number;
}
interface Option {
  costs: Uint8Array;
  total: number;
  unicode: boolean;
  u16: number;
}

function advance(c: number, u: number, costs: Uint8Array, cap: number): [number, number] {
  for (const k of costs) {
    if (u + k > cap) {
      c++;
      u = k;
    } else u += k;
  }
  return [c, u];
}

/** One pass of the DP over `steps` (each a list of alternatives) for one encoding. */
function runDp(steps: string[][], encoding: SmsEncoding): Range | null {
  const cap = SEGMENT_LIMITS[encoding].multi;
  let accs: [Acc | null, Acc | null] = [
    { minT: 0, maxT: 0, minU16: 0, maxU16: 0, minC: 1, minU: 0, maxC: 1, maxU: 0 },
    null,
  ];
  for (const alternatives of steps) {
    const options: Option[] = [];
    for (const s of alternatives) {
      const o = costsOf(s, encoding);
      if (o) options.push({ ...o, u16: s.length });
    }
    const next: [Acc | null, Acc | null] = [null, null];
    for (const f of [0, 1] as const) {
      const a = accs[f];
      if (!a) continue;
      for (const o of options) {
        const f2 = o.unicode ? 1 : f;
        const [minC, minU] = advance(a.minC, a.minU, o.costs, cap);
        const [maxC, maxU] = advance(a.maxC, a.maxU, o.costs, cap);
        const n = next[f2];
        if (!n) {
          next[f2] = {
            minT: a.minT + o.total,
            maxT: a.maxT + o.total,
            minU16: a.minU16 + o.u16,
            maxU16: a.maxU16 + o.u16,
            minC,
            minU,
            maxC,
            maxU,
          };
          continue;
        }
        n.minT = Math.min(n.minT, a.minT + o.total);
        n.maxT = Math.max(n.maxT, a.maxT + o.total);
        n.minU16 = Math.min(n.minU16, a.minU16 + o.u16);
        n.maxU16 = Math.max(n.maxU16, a.maxU16 + o.u16);
        if (minC < n.minC || (minC === n.minC && minU < n.minU)) {
          n.minC = minC;
          n.minU = minU;
        }
        if (maxC > n.maxC || (maxC === n.maxC && maxU > n.maxU)) {
          n.maxC = maxC;
          n.maxU = maxU;
        }
      }
    }
    accs = next;
  }
  const a = encoding === 'GSM-7' ? accs[0] : accs[1];
  if (!a) return null;
  const single = SEGMENT_LIMITS[encoding].single;
  // Any text of <= `single` units packs into at most 2 greedy segments, so a packing count of 2
  // only counts as a real second segment when some combination exceeds the single-segment limit.
  const minSegments = a.minT <= single ? 1 : a.minC;
  const maxSegments = a.maxT <= single ? 1 : a.maxC;
  return {
    minLength: a.minT,
    maxLength: a.maxT,
    minSegments,
    maxSegments,
    minU16: a.minU16,
    maxU16: a.maxU16,
  };
}

const merge = (x: Range | null, y: Range | null): Range | null =>
  !x
    ? y
    : !y
      ? x
      : {
          minLength: Math.min(x.minLength, y.minLength),
          maxLength: Math.max(x.maxLength, y.maxLength),
          minSegments: Math.min(x.minSegments, y.minSegments),
          maxSegments: Math.max(x.maxSegments, y.maxSegments),
          minU16: Math.min(x.minU16, y.minU16),
          maxU16: Math.max(x.maxU16, y.maxU16),
        };

function profile(s: string): string {
  let key = '';
  for (let i = 0; i < s.length; i++) {
    const g = gsm7Septets(s.charCodeAt(i));
    const pair =
      g === 0 && (s.charCodeAt(i) & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    key += g === 1 ? 'a' : g === 2 ? 'b' : pair ? 'd' : 'c';
    if (pair) i++;
  }
  return key;
}

export function analyzeTemplate(
  template: string,
  bounds: Record<string, FieldBounds>,
  options: { footer?: string; prefix?: string } = {},
): TemplateAnalysis {
  const { parts, tags } = parseTemplate(template);
  const items: TemplatePart[] = [
    ...(options.prefix ? [{ kind: 'text' as const, text: options.prefix }] : []),
    ...parts,
    ...(options.footer ? [{ kind: 'text' as const, text: options.footer }] : []),
  ];
  const occurrences = new Map<string, TemplateFilter[][]>();
  const unsupportedFilters: string[] = [];
  for (const it of items) {
    if (it.kind !== 'field') continue;
    occurrences.set(it.path, [...(occurrences.get(it.path) ?? []), it.filters]);
    for (const f of it.filters) {
      const label = `${it.path} | ${f.name}`;
      if (!isSupported(f) && !unsupportedFilters.includes(label)) unsupportedFilters.push(label);
    }
  }
  const fields = [...occurrences.keys()];
  const unboundedFields: string[] = [];
  const raw = new Map<string, string[]>();
  for (const [path, filterLists] of occurrences) {
    const b = Object.hasOwn(bounds, path) ? bounds[path] : undefined;
    let values: string[];
    if (!b || ('values' in b && b.values.length === 0)) {
      unboundedFields.push(path);
      values = [''];
    } else values = 'values' in b ? [...new Set(b.values)] : representatives(path, b);
    if (filterLists.some((fl) => fl.some((f) => f.name === 'default')) && !values.includes(''))
      values.push('');
    // One candidate per cost profile of its renderings: values that cost the same everywhere are interchangeable.
    const byProfile = new Map<string, string>();
    for (const v of values) {
      const key = filterLists.map((fl) => profile(applyFilters(v, fl))).join('|');
      if (!byProfile.has(key)) byProfile.set(key, v);
    }
    raw.set(path, [...byProfile.values()]);
  }

  const pinned = fields.filter((p) => (occurrences.get(p)?.length ?? 0) > 1);
  let combos = 1;
  for (const p of pinned) combos *= raw.get(p)?.length ?? 1;
  const joint = combos <= MAX_JOINT_COMBINATIONS ? pinned : [];
  const free = (it: TemplatePart): string[] =>
    it.kind === 'text' ? [it.text] : (raw.get(it.path) ?? ['']).map((v) => applyFilters(v, it.filters));
  const freeSteps = items.map(free);

  let gsm: Range | null = null;
  let ucs: Range | null = null;
  const total = joint.length ? combos : 1;
  for (let n = 0; n < total; n++) {
    const chosen = new Map<string, string>();
    let rest = n;
    for (const p of joint) {
      const cands = raw.get(p) ?? [''];
      chosen.set(p, cands[rest % cands.length] ?? '');
      rest = Math.floor(rest / cands.length);
    }
    const steps = items.map((it, i) => {
      const v = it.kind === 'field' ? chosen.get(it.path) : undefined;
      return it.kind === 'field' && v !== undefined ? [applyFilters(v, it.filters)] : (freeSteps[i] ?? []);
    });
    gsm = merge(gsm, runDp(steps, 'GSM-7'));
    ucs = merge(ucs, runDp(steps, 'UCS-2'));
  }

  const encoding: TemplateAnalysis['encoding'] = gsm && ucs ? 'variable' : gsm ? 'GSM-7' : 'UCS-2';
  const both = [gsm, ucs].filter((r): r is Range => r !== null);
  const strip = (r: Range | null): EncodingRange | null =>
    r && {
      minLength: r.minLength,
      maxLength: r.maxLength,
      minSegments: r.minSegments,
      maxSegments: r.maxSegments,
    };
  return {
    minLength: encoding === 'variable' ? Math.min(...both.map((r) => r.minU16)) : (both[0]?.minLength ?? 0),
    maxLength: encoding === 'variable' ? Math.max(...both.map((r) => r.maxU16)) : (both[0]?.maxLength ?? 0),
    encoding,
    minSegments: Math.min(...both.map((r) => r.minSegments)),
    maxSegments: Math.max(...both.map((r) => r.maxSegments)),
    fields,
    byEncoding: { 'GSM-7': strip(gsm), 'UCS-2': strip(ucs) },
    unboundedFields,
    unsupportedFilters,
    unsupportedTags: tags,
    exact:
      unboundedFields.length === 0 &&
      unsupportedFilters.length === 0 &&
      tags.length === 0 &&
      joint.length === pinned.length,
    suggestions: suggest(items, bounds, occurrences),
  };
}
