// The dynamic program behind the template analysis: the best and worst segment packing reachable by a
// message made of a sequence of steps, each either a choice between renderings of one part (a merge
// field's candidate values) or a choice between branches (the alternatives of an `{% if %}` block, each
// a sequence of steps). Messages are packed greedily into `multi`-sized segments of unbreakable pieces
// (escape pairs, grapheme clusters: see encoding.ts).
//
// For each encoding and each "charset so far" (only GSM characters yet / some character forces UCS-2),
// the program keeps the fewest and the most segments reachable, each with the units used in its last
// segment: lexicographically smallest for the fewest, largest for the most. Greedy packing is monotone
// (starting from a packing that is no further along never ends further along), so keeping only these
// two extremes is exact. Lengths are tracked alongside as plain sums.
// A grapheme cluster that would form across two parts (a field's value ending in an emoji followed by a
// skin tone typed in the text) is counted as two pieces.
import { SEGMENT_LIMITS, isGsm7Text, unbreakableUnits, type SmsEncoding } from './encoding.js';

export type PackingStep =
  { kind: 'choice'; renderings: string[] } | { kind: 'branches'; branches: PackingStep[][] };

/** Where greedy packing stands: segments opened so far and units used in the last one. */
interface Packing {
  segments: number;
  used: number;
}

/** What the messages with one charset so far can reach: length ranges and extreme packings. */
interface Reach {
  /** In the encoding's units (septets or UTF-16 units). */
  minUnits: number;
  maxUnits: number;
  minUtf16: number;
  maxUtf16: number;
  fewest: Packing;
  most: Packing;
}

/** Indexed by "some character so far forces UCS-2": 0 = GSM characters only, 1 = not. */
type ReachByCharset = [Reach | null, Reach | null];

interface Rendering {
  pieces: number[];
  units: number;
  forcesUcs2: boolean;
  utf16: number;
}

export interface PackingRange {
  minLength: number;
  maxLength: number;
  minSegments: number;
  maxSegments: number;
  minUtf16: number;
  maxUtf16: number;
}

/** Renderings measured once per analysis (a template is packed once per joint field combination). */
export type RenderingCache = Map<string, Rendering | null>;

function measure(text: string, encoding: SmsEncoding, cache: RenderingCache): Rendering | null {
  const key = `${encoding}\u0000${text}`;
  if (cache.has(key)) return cache.get(key) ?? null;
  const forcesUcs2 = !isGsm7Text(text);
  let rendering: Rendering | null = null;
  if (encoding === 'UCS-2' || !forcesUcs2) {
    const pieces = unbreakableUnits(text, encoding);
    rendering = {
      pieces,
      units: pieces.reduce((sum, cost) => sum + cost, 0),
      forcesUcs2,
      utf16: text.length,
    };
  }
  cache.set(key, rendering);
  return rendering;
}

function packOnto(from: Packing, pieces: number[], capacity: number): Packing {
  let { segments, used } = from;
  for (const cost of pieces) {
    if (used + cost > capacity) {
      segments++;
      used = cost;
    } else used += cost;
  }
  return { segments, used };
}

/** Whether `first` is not as far along as `second` (fewer segments, or as many with less used). */
const fewer = (first: Packing, second: Packing): boolean =>
  first.segments < second.segments || (first.segments === second.segments && first.used < second.used);

/** `into` widened to also cover `other` (both reach the same charset). */
function widen(into: Reach | null, other: Reach): Reach {
  if (!into) return { ...other };
  return {
    minUnits: Math.min(into.minUnits, other.minUnits),
    maxUnits: Math.max(into.maxUnits, other.maxUnits),
    minUtf16: Math.min(into.minUtf16, other.minUtf16),
    maxUtf16: Math.max(into.maxUtf16, other.maxUtf16),
    fewest: fewer(other.fewest, into.fewest) ? other.fewest : into.fewest,
    most: fewer(into.most, other.most) ? other.most : into.most,
  };
}

function stepChoice(reach: ReachByCharset, renderings: Rendering[], capacity: number): ReachByCharset {
  const next: ReachByCharset = [null, null];
  for (const charset of [0, 1] as const) {
    const current = reach[charset];
    if (!current) continue;
    for (const rendering of renderings) {
      const nextCharset = rendering.forcesUcs2 ? 1 : charset;
      next[nextCharset] = widen(next[nextCharset], {
        minUnits: current.minUnits + rendering.units,
        maxUnits: current.maxUnits + rendering.units,
        minUtf16: current.minUtf16 + rendering.utf16,
        maxUtf16: current.maxUtf16 + rendering.utf16,
        fewest: packOnto(current.fewest, rendering.pieces, capacity),
        most: packOnto(current.most, rendering.pieces, capacity),
      });
    }
  }
  return next;
}

function stepAll(
  reach: ReachByCharset,
  steps: PackingStep[],
  encoding: SmsEncoding,
  cache: RenderingCache,
): ReachByCharset {
  const capacity = SEGMENT_LIMITS[encoding].multi;
  let current = reach;
  for (const step of steps) {
    if (step.kind === 'choice') {
      const renderings = step.renderings
        .map((text) => measure(text, encoding, cache))
        .filter((rendering): rendering is Rendering => rendering !== null);
      current = stepChoice(current, renderings, capacity);
      continue;
    }
    const next: ReachByCharset = [null, null];
    for (const branch of step.branches) {
      const after = stepAll(current, branch, encoding, cache);
      for (const charset of [0, 1] as const) {
        const reached = after[charset];
        if (reached) next[charset] = widen(next[charset], reached);
      }
    }
    current = next;
  }
  return current;
}

/** Range of the messages the steps can produce that are sent in `encoding`; null when there are none. */
export function packingRange(
  steps: PackingStep[],
  encoding: SmsEncoding,
  cache: RenderingCache,
): PackingRange | null {
  const start: Reach = {
    minUnits: 0,
    maxUnits: 0,
    minUtf16: 0,
    maxUtf16: 0,
    fewest: { segments: 1, used: 0 },
    most: { segments: 1, used: 0 },
  };
  const reach = stepAll([start, null], steps, encoding, cache);
  const sent = encoding === 'GSM-7' ? reach[0] : reach[1];
  if (!sent) return null;
  const single = SEGMENT_LIMITS[encoding].single;
  // Any text of <= `single` units is one segment whatever greedy packing into `multi` says, and a
  // packing of 3 or more segments needs more than `single` units (up to clusters longer than 64 units,
  // which can only raise the maximum), so these are the real extremes.
  return {
    minLength: sent.minUnits,
    maxLength: sent.maxUnits,
    minSegments: sent.minUnits <= single ? 1 : sent.fewest.segments,
    maxSegments: sent.maxUnits <= single ? 1 : sent.most.segments,
    minUtf16: sent.minUtf16,
    maxUtf16: sent.maxUtf16,
  };
}

/** The range covering both (null stands for "no message in this encoding"). */
export function mergeRanges(first: PackingRange | null, second: PackingRange | null): PackingRange | null {
  if (!first) return second;
  if (!second) return first;
  return {
    minLength: Math.min(first.minLength, second.minLength),
    maxLength: Math.max(first.maxLength, second.maxLength),
    minSegments: Math.min(first.minSegments, second.minSegments),
    maxSegments: Math.max(first.maxSegments, second.maxSegments),
    minUtf16: Math.min(first.minUtf16, second.minUtf16),
    maxUtf16: Math.max(first.maxUtf16, second.maxUtf16),
  };
}
