// Length, encoding and segment range of a Liquid-style SMS template, without rendering it: what the
// editor shows as "Length 74–124, Format variable, Segments 1–2".
//
// Message = prefix + rendered template + footer, concatenated verbatim (pass the separator, e.g.
// "\nReply STOP to opt out", as part of the footer). Each merge field takes any value its bounds
// allow; the result is the exact minimum and maximum over all combinations, including escape pairs
// and grapheme clusters that cannot be split across segments (see encoding.ts). How:
// - A field with `values` contributes those strings; `| default: "x"` adds the empty value, which
//   renders as "x" (Liquid renders the default for an empty or missing value).
// - A field with `minLength`/`maxLength` (in characters = code points, after filters) contributes
//   extreme representatives: the cheapest value (basic GSM characters, minimum length) and the
//   dearest one (extension characters in GSM-7, astral characters in UCS-2, maximum length), plus
//   the cheapest value containing a non-GSM character for charset 'unicode' (charset defaults to
//   'unicode': a field we know nothing about can always flip the message to UCS-2). Greedy segment
//   packing is monotone in character costs and length, so these extremes are exact.
// - `{% if %}` / `{% unless %}` / `{% case %}` branches are alternatives: at most one renders. A branch
//   that cannot apply given `knownFields` (e.g. `{% if discount.code %}` while a flow's discount is off:
//   `{ discount: 'absent' }`) is not counted; otherwise the range covers every branch, and rendering no
//   branch when there is no `else`. A field tested by several blocks is enumerated jointly; a condition
//   its field's presence does not decide, or on a field the message prints, makes `exact` false
//   (template-conditions.ts).
// - Per encoding, a dynamic program (template-packing.ts) keeps the fewest and the most segments
//   reachable after each part; by monotonicity of greedy packing this is exact. A field used several
//   times takes one value: such fields are enumerated jointly (up to MAX_JOINT_COMBINATIONS, beyond
//   which they are treated independently, which still gives a safe outer range, and `exact` is false).
// - Pieces a segment boundary cannot cut are escape pairs and grapheme clusters (see encoding.ts). The
//   clusters of literal text and of `values` are counted as they are; a length-bounded field's dearest
//   value is single-code-point emoji (2 units each), i.e. such a field is assumed to hold no emoji
//   sequence (a name, a code) — one that did could add a segment at a boundary.
// Lengths are in the units of the worst-case encoding: septets when the message is always GSM-7,
// UTF-16 units when it is always UCS-2, and UTF-16 units (= characters as billed in UCS-2) when the
// encoding is 'variable'. `byEncoding` gives each encoding's range in its own units.
// A field without bounds (or with an empty `values` list) is counted as empty (its default when it
// has one), listed in `unboundedFields`, and makes `exact` false. So do unsupported filters (skipped)
// and tags other than if/unless/case/comment/raw (the tag renders nothing; text inside it is counted).
import { AppError } from '../errors.js';
import { isGsm7Text, unbreakableUnits, type SmsEncoding } from './encoding.js';
import type { GsmReplacementSuggestion } from './gsm-replacements.js';
import {
  FIELD_PRESENCES,
  liveLeaves,
  planBranches,
  resolveBranches,
  type FieldPresence,
  type KnownFields,
  type LivePart,
} from './template-conditions.js';
import {
  applyFilters,
  isSupported,
  parseTemplate,
  type TemplateFilter,
  type TemplatePart,
} from './template-parse.js';
import {
  mergeRanges,
  packingRange,
  type PackingRange,
  type PackingStep,
  type RenderingCache,
} from './template-packing.js';
import { suggest } from './template-suggestions.js';

export { parseTemplate };
export type { KnownFields };

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

export interface AnalyzeTemplateOptions {
  footer?: string;
  prefix?: string;
  /** What is known about fields (or whole roots): decides which `{% if %}` branches can render. */
  knownFields?: KnownFields;
}

export const MAX_JOINT_COMBINATIONS = 1024;

/** Extreme values of a length-bounded field (see the header). */
function representatives(path: string, lengthBounds: Extract<FieldBounds, { minLength: number }>): string[] {
  const { minLength: lo, maxLength: hi } = lengthBounds;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < lo) {
    throw new AppError({
      code: 'invalid_field_bounds',
      status: 400,
      message: `Invalid length bounds for ${path}`,
    });
  }
  const charset = lengthBounds.charset ?? 'unicode';
  const cheap = charset === 'digits' ? '0' : 'a';
  const dear = charset === 'digits' ? '0' : '{';
  const out = [cheap.repeat(lo), dear.repeat(hi)];
  if (lo === 0 && hi > 0) out.push(cheap); // shortest non-empty value, for when a default replaces ''
  if (charset === 'unicode' && hi > 0) out.push('á' + 'a'.repeat(Math.max(lo, 1) - 1), '😀'.repeat(hi));
  return out;
}

/** What a rendering costs wherever it lands: its pieces in GSM-7 (or that it forces UCS-2) and in UCS-2. */
function costProfile(s: string): string {
  const gsm = isGsm7Text(s) ? unbreakableUnits(s, 'GSM-7').join('') : 'U';
  return `${gsm}/${unbreakableUnits(s, 'UCS-2').join(',')}`;
}

/** Whether `path` is known to render "" (missing or empty). */
function knownBlank(path: string, known: KnownFields): boolean {
  const root = path.split('.')[0] ?? path;
  const presence = Object.hasOwn(known, path)
    ? known[path]
    : Object.hasOwn(known, root)
      ? known[root]
      : undefined;
  return presence === 'absent' || presence === 'empty';
}

interface ResolvedRanges {
  gsm: PackingRange | null;
  ucs: PackingRange | null;
  unboundedFields: string[];
  /** False when repeated fields were too many to enumerate jointly. */
  jointComplete: boolean;
}

/** Ranges of the messages one resolved template can produce, per encoding. */
function rangesOf(
  live: LivePart[],
  bounds: Record<string, FieldBounds>,
  known: KnownFields,
  cache: RenderingCache,
): ResolvedRanges {
  const occurrences = new Map<string, TemplateFilter[][]>();
  for (const leaf of liveLeaves(live))
    if (leaf.kind === 'field')
      occurrences.set(leaf.path, [...(occurrences.get(leaf.path) ?? []), leaf.filters]);
  const unboundedFields: string[] = [];
  const candidates = new Map<string, string[]>();
  for (const [path, filterLists] of occurrences) {
    const fieldBounds = Object.hasOwn(bounds, path) ? bounds[path] : undefined;
    let values: string[];
    if (knownBlank(path, known)) values = [''];
    else if (!fieldBounds || ('values' in fieldBounds && fieldBounds.values.length === 0)) {
      unboundedFields.push(path);
      values = [''];
    } else
      values =
        'values' in fieldBounds ? [...new Set(fieldBounds.values)] : representatives(path, fieldBounds);
    if (filterLists.some((filters) => filters.some((f) => f.name === 'default')) && !values.includes(''))
      values.push('');
    // One candidate per cost profile of its renderings: values that cost the same everywhere are interchangeable.
    const byProfile = new Map<string, string>();
    for (const value of values) {
      const key = filterLists.map((filters) => costProfile(applyFilters(value, filters))).join('|');
      if (!byProfile.has(key)) byProfile.set(key, value);
    }
    candidates.set(path, [...byProfile.values()]);
  }

  // A field used more than once takes the same value everywhere: such fields are enumerated jointly.
  const repeated = [...occurrences.keys()].filter((p) => (occurrences.get(p)?.length ?? 0) > 1);
  let combinations = 1;
  for (const p of repeated) combinations *= candidates.get(p)?.length ?? 1;
  const joint = combinations <= MAX_JOINT_COMBINATIONS ? repeated : [];
  const toSteps = (partsToPack: LivePart[], chosen: Map<string, string>): PackingStep[] =>
    partsToPack.map((part): PackingStep => {
      if (part.kind === 'branches')
        return { kind: 'branches', branches: part.branches.map((b) => toSteps(b, chosen)) };
      if (part.kind === 'text') return { kind: 'choice', renderings: [part.text] };
      const value = chosen.get(part.path);
      const values = value !== undefined ? [value] : (candidates.get(part.path) ?? ['']);
      return { kind: 'choice', renderings: values.map((v) => applyFilters(v, part.filters)) };
    });

  let gsm: PackingRange | null = null;
  let ucs: PackingRange | null = null;
  const rounds = joint.length ? combinations : 1;
  for (let round = 0; round < rounds; round++) {
    const chosen = new Map<string, string>();
    let rest = round;
    for (const p of joint) {
      const values = candidates.get(p) ?? [''];
      chosen.set(p, values[rest % values.length] ?? '');
      rest = Math.floor(rest / values.length);
    }
    const steps = toSteps(live, chosen);
    gsm = mergeRanges(gsm, packingRange(steps, 'GSM-7', cache));
    ucs = mergeRanges(ucs, packingRange(steps, 'UCS-2', cache));
  }
  return { gsm, ucs, unboundedFields, jointComplete: joint.length === repeated.length };
}

export function analyzeTemplate(
  template: string,
  bounds: Record<string, FieldBounds>,
  options: AnalyzeTemplateOptions = {},
): TemplateAnalysis {
  const known = options.knownFields ?? {};
  const { parts, tags } = parseTemplate(template);
  const items: TemplatePart[] = [
    ...(options.prefix ? [{ kind: 'text' as const, text: options.prefix }] : []),
    ...parts,
    ...(options.footer ? [{ kind: 'text' as const, text: options.footer }] : []),
  ];
  // Everything that may render, for the field list, filters and suggestions.
  const leaves = liveLeaves(resolveBranches(items, known));
  const occurrences = new Map<string, TemplateFilter[][]>();
  const unsupportedFilters: string[] = [];
  for (const leaf of leaves) {
    if (leaf.kind !== 'field') continue;
    occurrences.set(leaf.path, [...(occurrences.get(leaf.path) ?? []), leaf.filters]);
    for (const f of leaf.filters) {
      const label = `${leaf.path} | ${f.name}`;
      if (!isSupported(f) && !unsupportedFilters.includes(label)) unsupportedFilters.push(label);
    }
  }
  const fields = [...occurrences.keys()];

  // Fields tested by several blocks are in the same state for all of them: one pass per combination.
  const plan = planBranches(items, known, new Set(fields));
  const cache: RenderingCache = new Map();
  let gsm: PackingRange | null = null;
  let ucs: PackingRange | null = null;
  const unboundedFields: string[] = [];
  let jointComplete = true;
  const states = FIELD_PRESENCES.length;
  for (let round = 0; round < states ** plan.correlated.length; round++) {
    const assumed: Record<string, FieldPresence> = { ...known };
    let rest = round;
    for (const path of plan.correlated) {
      assumed[path] = FIELD_PRESENCES[rest % states] ?? 'present';
      rest = Math.floor(rest / states);
    }
    const ranges = rangesOf(resolveBranches(items, assumed), bounds, assumed, cache);
    gsm = mergeRanges(gsm, ranges.gsm);
    ucs = mergeRanges(ucs, ranges.ucs);
    for (const path of ranges.unboundedFields)
      if (!unboundedFields.includes(path)) unboundedFields.push(path);
    jointComplete &&= ranges.jointComplete;
  }

  const encoding: TemplateAnalysis['encoding'] = gsm && ucs ? 'variable' : gsm ? 'GSM-7' : 'UCS-2';
  const both = [gsm, ucs].filter((r): r is PackingRange => r !== null);
  const strip = (r: PackingRange | null): EncodingRange | null =>
    r && {
      minLength: r.minLength,
      maxLength: r.maxLength,
      minSegments: r.minSegments,
      maxSegments: r.maxSegments,
    };
  return {
    minLength: encoding === 'variable' ? Math.min(...both.map((r) => r.minUtf16)) : (both[0]?.minLength ?? 0),
    maxLength: encoding === 'variable' ? Math.max(...both.map((r) => r.maxUtf16)) : (both[0]?.maxLength ?? 0),
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
      jointComplete &&
      plan.exact,
    suggestions: suggest(leaves, bounds, occurrences),
  };
}
