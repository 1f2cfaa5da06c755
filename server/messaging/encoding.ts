// SMS encoding and segment arithmetic, per GSM 03.38 / 3GPP TS 23.038 and TS 23.040, counted the way
// carriers bill it.
//
// - GSM-7: every character of the basic set costs 1 septet; every character of the extension
//   table (form feed ^ { } \ [ ] ~ | €) is sent as ESC + code and costs 2 septets.
// - UCS-2 (as sent by every SMSC today, i.e. UTF-16): units are UTF-16 code units, so a character
//   outside the BMP (most emoji) costs 2 units as a surrogate pair.
// - One segment carries 160 septets / 70 units. A concatenated message spends 6 octets of each
//   segment on the user data header, leaving 153 septets / 67 units per segment.
// - A segment boundary never splits an escape pair, and in UCS-2 never splits an extended grapheme
//   cluster (Unicode UAX #29, via `Intl.Segmenter`): an emoji with a skin tone or a variation
//   selector, a ZWJ sequence (👩‍💻), a flag (two regional indicators), a keycap (1️⃣), a letter with
//   combining accents (e + U+0301). A piece that does not fit whole in the current segment starts
//   the next one (so 153 × "]" = 306 septets = 3 segments).
//   Why clusters and not just code points: GSM 03.38 alone would allow a cut between the code points
//   of an emoji, but providers keep a cluster in one segment so that no handset shows half an emoji
//   (Twilio's open-source `sms-segments-calculator` does). Such a provider bills
//   one segment more than a code-point split whenever a cluster straddles a boundary, and an
//   estimate must never be lower than the bill. Where `Intl.Segmenter` (current Unicode) joins more
//   than an older segmenter does (e.g. ❤️‍🔥, 🫶🏼), the count here can only be higher, never lower.
//   Two exceptions, as in that calculator: CR LF is two pieces (a line break is not an emoji), and a
//   cluster longer than a whole segment (67 units, only in contrived text) is cut between code points.
//   In GSM-7 no character combines with another, so only escape pairs matter there.
//
// Empty message: billed as 1 segment of length 0. Providers accept and bill an empty body as one
// message, and the reference calculators agree; `analyzeSms('')` therefore reports 1 segment and
// `splitSegments('')` returns `['']`.

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsAnalysis {
  encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
  /** Capacity of each segment in `units`: 160/70 for a single segment, 153/67 when concatenated. */
  perSegment: number;
  /** Distinct characters (whole code points) forcing UCS-2, in order of first appearance. */
  nonGsmCharacters: string[];
}

export const SEGMENT_LIMITS = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
} as const satisfies Record<SmsEncoding, { single: number; multi: number }>;

/** GSM 03.38 default alphabet (0x1B, the escape, is not a character). Order = GSM code 0x00..0x7F. */
export const GSM7_BASIC_CHARACTERS =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** GSM 03.38 default alphabet extension table (each sent as ESC + code: 2 septets). */
export const GSM7_EXTENSION_CHARACTERS = '\f^{}\\[~]|€';

// Septet cost per UTF-16 code unit: 0 = not in GSM-7, 1 = basic, 2 = extension. Every GSM-7
// character is in the BMP below U+20AD, so the table stops there.
const SEPTETS = new Uint8Array(0x20ad);
for (const ch of GSM7_BASIC_CHARACTERS) SEPTETS[ch.charCodeAt(0)] = 1;
for (const ch of GSM7_EXTENSION_CHARACTERS) SEPTETS[ch.charCodeAt(0)] = 2;

/** Septets a UTF-16 code unit costs in GSM-7: 0 when it is not representable. */
export function gsm7Septets(codeUnit: number): 0 | 1 | 2 {
  return codeUnit < SEPTETS.length ? (SEPTETS[codeUnit] as 0 | 1 | 2) : 0;
}

/** True when `char` (one character) is in the GSM-7 basic set or its extension table. */
export function isGsm7Char(char: string): boolean {
  return char.length === 1 && gsm7Septets(char.charCodeAt(0)) !== 0;
}

/** True when `char` is one of the extension-table characters that cost 2 septets. */
export function isGsm7ExtensionChar(char: string): boolean {
  return char.length === 1 && gsm7Septets(char.charCodeAt(0)) === 2;
}

/** True when the whole text can be sent as GSM-7. */
export function isGsm7Text(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (gsm7Septets(text.charCodeAt(i)) === 0) return false;
  }
  return true;
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Width in UTF-16 code units of the character starting at `i` (2 for a well-formed surrogate pair). */
function charWidth(text: string, i: number): 1 | 2 {
  return isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))
    ? 2
    : 1;
}

// Grapheme segmentation does not depend on the locale (UAX #29 default rules).
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * The pieces a segment boundary may not cut, in order, as their cost in the encoding's units (the
 * width of each piece in code units is its cost in UCS-2, 1 in GSM-7 where the cost is in septets).
 * GSM-7: one piece per character (1 or 2 septets). UCS-2: one piece per extended grapheme cluster,
 * except that CR LF is two pieces and a cluster longer than one concatenated segment is cut into
 * code points. `text` must be representable in `encoding`.
 */
export function unbreakableUnits(text: string, encoding: SmsEncoding): number[] {
  const costs: number[] = [];
  if (encoding === 'GSM-7') {
    for (let i = 0; i < text.length; i++) costs.push(gsm7Septets(text.charCodeAt(i)));
    return costs;
  }
  const longest = SEGMENT_LIMITS['UCS-2'].multi;
  for (const { segment } of graphemes.segment(text)) {
    if (segment.length <= longest && segment !== '\r\n') {
      costs.push(segment.length);
      continue;
    }
    for (let i = 0; i < segment.length;) {
      const width = charWidth(segment, i);
      costs.push(width);
      i += width;
    }
  }
  return costs;
}

/**
 * Greedy packing into `multi`-sized segments of the unbreakable pieces. Returns the segment count
 * and, when `cuts` is given, pushes the code-unit index at which each segment after the first starts.
 */
function packSegments(text: string, encoding: SmsEncoding, cuts?: number[]): number {
  const capacity = SEGMENT_LIMITS[encoding].multi;
  let count = 1;
  let used = 0;
  let index = 0;
  for (const cost of unbreakableUnits(text, encoding)) {
    if (used + cost > capacity) {
      count++;
      used = 0;
      cuts?.push(index);
    }
    used += cost;
    index += encoding === 'GSM-7' ? 1 : cost;
  }
  return count;
}

/** Encoding, length, segment count and offending characters of one message body. */
export function analyzeSms(text: string): SmsAnalysis {
  let septets = 0;
  let seen: Set<string> | undefined;
  const nonGsmCharacters: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const cost = gsm7Septets(text.charCodeAt(i));
    if (cost !== 0) {
      septets += cost;
      continue;
    }
    const width = charWidth(text, i);
    const char = width === 2 ? text.slice(i, i + 2) : text[i]!;
    seen ??= new Set();
    if (!seen.has(char)) {
      seen.add(char);
      nonGsmCharacters.push(char);
    }
    i += width - 1;
  }
  const encoding: SmsEncoding = nonGsmCharacters.length === 0 ? 'GSM-7' : 'UCS-2';
  const units = encoding === 'GSM-7' ? septets : text.length;
  const limits = SEGMENT_LIMITS[encoding];
  const segments = units <= limits.single ? 1 : packSegments(text, encoding);
  return {
    encoding,
    units,
    segments,
    perSegment: segments === 1 ? limits.single : limits.multi,
    nonGsmCharacters,
  };
}

/** The actual segment bodies the message is split into (concatenating them gives back `text`). */
export function splitSegments(text: string): string[] {
  const { encoding, units } = analyzeSms(text);
  if (units <= SEGMENT_LIMITS[encoding].single) return [text];
  const cuts: number[] = [];
  packSegments(text, encoding, cuts);
  const parts: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    parts.push(text.slice(start, cut));
    start = cut;
  }
  parts.push(text.slice(start));
  return parts;
}
