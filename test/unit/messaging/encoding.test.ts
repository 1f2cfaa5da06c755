import { createRequire } from 'node:module';
import {
  GSM7_BASIC_CHARACTERS,
  GSM7_EXTENSION_CHARACTERS,
  analyzeSms,
  isGsm7Char,
  isGsm7ExtensionChar,
  splitSegments,
} from '../../../server/messaging/encoding.js';

// The reference calculators are CommonJS without (split-sms) or with loose types; load them through
// require and describe the small part of their API the comparison uses.
interface TwilioSegmentedMessage {
  encodingName: 'GSM-7' | 'UCS-2';
  segmentsCount: number;
  messageSize: number;
  graphemes: string[];
  getNonGsmCharacters(): string[];
}
interface SplitSmsResult {
  characterSet: 'GSM' | 'Unicode';
  parts: { content: string; bytes: number }[];
  bytes: number;
}
const require = createRequire(import.meta.url);
const { SegmentedMessage } = require('sms-segments-calculator') as {
  SegmentedMessage: new (message: string) => TwilioSegmentedMessage;
};
const splitSms = require('split-sms') as { split(message: string): SplitSmsResult };

describe('GSM 03.38 character set', () => {
  it('has 127 basic characters and 10 extension characters, disjoint', () => {
    expect([...GSM7_BASIC_CHARACTERS]).toHaveLength(127);
    expect(new Set(GSM7_BASIC_CHARACTERS).size).toBe(127);
    expect([...GSM7_EXTENSION_CHARACTERS]).toHaveLength(10);
    for (const ch of GSM7_EXTENSION_CHARACTERS) expect(GSM7_BASIC_CHARACTERS.includes(ch)).toBe(false);
  });

  it('classifies characters', () => {
    expect(isGsm7Char('@')).toBe(true);
    expect(isGsm7Char('Ç')).toBe(true);
    expect(isGsm7Char('ç')).toBe(false);
    expect(isGsm7Char('`')).toBe(false);
    expect(isGsm7Char('\t')).toBe(false);
    expect(isGsm7Char('€')).toBe(true);
    expect(isGsm7ExtensionChar('€')).toBe(true);
    expect(isGsm7ExtensionChar('\f')).toBe(true);
    expect(isGsm7ExtensionChar('a')).toBe(false);
    expect(isGsm7Char('😀')).toBe(false);
  });
});

describe('analyzeSms', () => {
  it('fits 160 GSM characters in one segment and splits 161 into 2 × 153', () => {
    expect(analyzeSms('a'.repeat(160))).toEqual({
      encoding: 'GSM-7',
      units: 160,
      segments: 1,
      perSegment: 160,
      nonGsmCharacters: [],
    });
    expect(analyzeSms('a'.repeat(161))).toEqual({
      encoding: 'GSM-7',
      units: 161,
      segments: 2,
      perSegment: 153,
      nonGsmCharacters: [],
    });
    expect(analyzeSms('a'.repeat(306)).segments).toBe(2);
    expect(analyzeSms('a'.repeat(307)).segments).toBe(3);
  });

  it('never splits an escape pair: 153 "]" are 306 septets but 3 segments', () => {
    expect(analyzeSms(']'.repeat(153))).toMatchObject({
      encoding: 'GSM-7',
      units: 306,
      segments: 3,
      perSegment: 153,
    });
    expect(splitSegments(']'.repeat(153)).map((s) => s.length)).toEqual([76, 76, 1]);
    expect(analyzeSms(']'.repeat(80))).toMatchObject({ units: 160, segments: 1 });
    expect(analyzeSms('a' + ']'.repeat(80))).toMatchObject({ units: 161, segments: 2 });
  });

  it('moves an escape pair that straddles a boundary to the next segment', () => {
    const text = 'a'.repeat(152) + '[' + 'b'.repeat(10);
    expect(analyzeSms(text)).toMatchObject({ units: 164, segments: 2 });
    expect(splitSegments(text)).toEqual(['a'.repeat(152), '[' + 'b'.repeat(10)]);
    // A segment filled to exactly 153 septets: the escape pair plus 151 characters fill the next one.
    const exact = 'a'.repeat(153) + '{' + 'c'.repeat(152);
    expect(splitSegments(exact)).toEqual(['a'.repeat(153), '{' + 'c'.repeat(151), 'c']);
  });

  it('counts € and form feed as 2-septet GSM-7 characters', () => {
    expect(analyzeSms('€')).toEqual({
      encoding: 'GSM-7',
      units: 2,
      segments: 1,
      perSegment: 160,
      nonGsmCharacters: [],
    });
    expect(analyzeSms('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(analyzeSms('a€'.repeat(54))).toMatchObject({ units: 162, segments: 2 });
    expect(analyzeSms('Page\fbreak')).toMatchObject({ encoding: 'GSM-7', units: 11 });
  });

  it('fits 70 UCS-2 units in one segment and splits 71 into 2 × 67', () => {
    expect(analyzeSms('á'.repeat(70))).toEqual({
      encoding: 'UCS-2',
      units: 70,
      segments: 1,
      perSegment: 70,
      nonGsmCharacters: ['á'],
    });
    expect(analyzeSms('á'.repeat(71))).toEqual({
      encoding: 'UCS-2',
      units: 71,
      segments: 2,
      perSegment: 67,
      nonGsmCharacters: ['á'],
    });
    expect(analyzeSms('á'.repeat(134)).segments).toBe(2);
    expect(analyzeSms('á'.repeat(135)).segments).toBe(3);
  });

  it('counts extension characters as one unit in UCS-2', () => {
    expect(analyzeSms('á' + '€'.repeat(69))).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1 });
  });

  it('never splits a surrogate pair at a segment boundary', () => {
    const text = 'á' + 'a'.repeat(65) + '😀' + 'a'.repeat(65) + 'x';
    // 134 units = 2 × 67, but the emoji cannot start at unit 67 of the first segment.
    expect(analyzeSms(text)).toMatchObject({ encoding: 'UCS-2', units: 134, segments: 3, perSegment: 67 });
    expect(splitSegments(text)).toEqual(['á' + 'a'.repeat(65), '😀' + 'a'.repeat(65), 'x']);
    expect(analyzeSms('😀'.repeat(35))).toMatchObject({ units: 70, segments: 1 });
    expect(analyzeSms('😀'.repeat(36))).toMatchObject({ units: 72, segments: 2 });
    expect(splitSegments('😀'.repeat(36)).map((s) => s.length)).toEqual([66, 6]);
  });

  it('keeps a grapheme cluster (skin tone, ZWJ sequence, flag, keycap, combining accent) in one segment', () => {
    // 66 units, then a cluster of 2 units or more: it does not fit in the first 67, so it moves whole.
    for (const cluster of ['👍🏽', '🇫🇷', '👩‍💻', '1️⃣', '❤️', 'e\u0301\u0301\u0301']) {
      const text = 'á' + 'a'.repeat(65) + cluster + 'b'.repeat(70);
      const parts = splitSegments(text);
      expect(parts[0]).toBe('á' + 'a'.repeat(65));
      expect(parts[1]!.startsWith(cluster)).toBe(true);
      expect(analyzeSms(text).segments).toBe(parts.length);
      expect(parts.join('')).toBe(text);
    }
    // 134 units = 2 × 67 exactly, but the family emoji (8 units) cannot start at unit 63 of the first segment.
    const family = 'á' + 'a'.repeat(61) + '👨‍👩‍👧' + 'a'.repeat(64);
    expect(analyzeSms(family)).toMatchObject({ encoding: 'UCS-2', units: 134, segments: 3 });
  });

  it('cuts CR LF and a cluster longer than a segment, like the reference calculator', () => {
    const crlf = 'á' + 'a'.repeat(65) + '\r\n' + 'a'.repeat(65);
    expect(splitSegments(crlf)).toEqual(['á' + 'a'.repeat(65) + '\r', '\n' + 'a'.repeat(65)]);
    const huge = 'e' + '\u0301'.repeat(99);
    expect(splitSegments(huge).map((s) => s.length)).toEqual([67, 33]);
  });

  it('bills an empty message as one empty GSM-7 segment', () => {
    expect(analyzeSms('')).toEqual({
      encoding: 'GSM-7',
      units: 0,
      segments: 1,
      perSegment: 160,
      nonGsmCharacters: [],
    });
    expect(splitSegments('')).toEqual(['']);
  });

  it('lists distinct non-GSM characters in order of first appearance, emoji whole', () => {
    expect(analyzeSms('Zoë ❤ café 😀 ñ ë 😀 中 ç').nonGsmCharacters).toEqual(['ë', '❤', '😀', '中', 'ç']);
  });
});

// Seeded PRNG (mulberry32) so a failure reproduces.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOLS = {
  basic: [...GSM7_BASIC_CHARACTERS],
  extension: [...GSM7_EXTENSION_CHARACTERS],
  accented: [...'áâãçêëíîïóôõúûýÿčďěňřšťžőűłśźżąęÁÂÃÈÊËÍÎÏÓÔÕÚÛÝ'],
  emoji: [...'😀😂🎉👍🔥🚀💯🛒🎁🥳❤☀✓★'],
  cjk: [...'中文日本語한국어漢字販売'],
  // Code points that join the previous one into a multi-code-point grapheme cluster.
  clusters: ['\u0301', '\u200d', '\ufe0f', '\u{1F3FB}', '\u{1F1EB}', '\u{1F1F7}'],
};

function randomMessage(rand: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const targets = [
    Math.floor(rand() * 330),
    150 + Math.floor(rand() * 20),
    60 + Math.floor(rand() * 20),
    296 + Math.floor(rand() * 20),
    128 + Math.floor(rand() * 12),
  ];
  const length = pick(targets);
  // Some messages stay GSM-7; the others get non-GSM characters at a random density.
  const nonGsmRate = rand() < 0.4 ? 0 : rand() * (rand() < 0.5 ? 0.05 : 0.6);
  const extensionRate = rand() * 0.4;
  const clusterRate = rand() < 0.7 ? 0 : 0.15;
  let s = '';
  for (let i = 0; i < length; i++) {
    const r = rand();
    if (r < nonGsmRate) {
      const kind = rand();
      s +=
        kind < clusterRate
          ? pick(POOLS.clusters)
          : kind < 0.55
            ? pick(POOLS.accented)
            : kind < 0.8
              ? pick(POOLS.emoji)
              : pick(POOLS.cjk);
    } else {
      s += rand() < extensionRate ? pick(POOLS.extension) : pick(POOLS.basic);
    }
  }
  return s;
}

// Whether a code point is GSM-7 according to the reference itself (not our table).
const referenceGsm = new Map<string, boolean>();
const isGsmPerReference = (cp: string): boolean => {
  let v = referenceGsm.get(cp);
  if (v === undefined) {
    v = new SegmentedMessage(cp).getNonGsmCharacters().length === 0;
    referenceGsm.set(cp, v);
  }
  return v;
};

describe('randomized comparison with reference calculators', () => {
  const rand = mulberry32(0x5eed5);
  const messages = Array.from({ length: 3000 }, () => randomMessage(rand));
  // Mismatches are collected (first few kept) and asserted once, so a failure shows the inputs.
  const mismatches: { text: string; field: string; ours: unknown; reference: unknown }[] = [];
  const check = (text: string, field: string, ours: unknown, reference: unknown): void => {
    if (JSON.stringify(ours) !== JSON.stringify(reference) && mismatches.length < 5)
      mismatches.push({ text, field, ours, reference });
  };
  beforeEach(() => {
    mismatches.length = 0;
  });

  it('agrees with sms-segments-calculator (Twilio) on encoding, units, segments and non-GSM characters', () => {
    let compared = 0;
    let segmenterDisagreements = 0;
    const covered = new Set<string>();
    for (const text of messages) {
      const ours = analyzeSms(text);
      const ref = new SegmentedMessage(text);
      check(text, 'encoding', ours.encoding, ref.encodingName);
      check(text, 'units', ours.units, ref.messageSize / (ref.encodingName === 'GSM-7' ? 7 : 16));
      // The reference lists every non-GSM grapheme occurrence; GSM 03.38 works per code point, so
      // reduce its list to the distinct non-GSM code points in order (same information, no loosening).
      const expectedNonGsm = [
        ...new Set(ref.getNonGsmCharacters().flatMap((g) => [...g].filter((cp) => !isGsmPerReference(cp)))),
      ];
      check(text, 'nonGsmCharacters', ours.nonGsmCharacters, expectedNonGsm);

      // Both keep grapheme clusters whole. Where the reference's segmenter (Unicode 10 era) and
      // Intl.Segmenter disagree (stray skin tones, ZWJ or regional indicators, newer emoji), ours
      // joins more, so it may need more segments, never fewer.
      if (!sameGraphemes(text, ref.graphemes)) {
        segmenterDisagreements++;
        if (ours.segments < ref.segmentsCount)
          check(text, 'segments (segmenters differ)', ours.segments, ref.segmentsCount);
        continue;
      }
      check(text, 'segments', ours.segments, ref.segmentsCount);
      compared++;
      covered.add(`${ours.encoding}/${Math.min(ours.segments, 3)}`);
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(2800);
    expect(segmenterDisagreements).toBeGreaterThan(0);
    expect(segmenterDisagreements).toBeLessThan(200);
    // The sample covers both encodings with 1, 2 and 3+ segments.
    expect([...covered].sort()).toEqual(['GSM-7/1', 'GSM-7/2', 'GSM-7/3', 'UCS-2/1', 'UCS-2/2', 'UCS-2/3']);
  }, 120_000);

  it('agrees with split-sms on encoding, units and the exact segment contents unless it cuts a cluster', () => {
    let clusterCuts = 0;
    for (const text of messages) {
      const ours = analyzeSms(text);
      const ref = splitSms.split(text);
      check(text, 'encoding', ours.encoding, ref.characterSet === 'GSM' ? 'GSM-7' : 'UCS-2');
      check(text, 'units', ours.units, ours.encoding === 'GSM-7' ? ref.bytes : ref.bytes / 2);
      const parts = splitSegments(text);
      const refParts = ref.parts.map((p) => p.content);
      // split-sms cuts between code points; where that cuts a cluster ours keeps it whole, later.
      if (ours.encoding === 'UCS-2' && cutsInsideCluster(text, refParts)) {
        clusterCuts++;
        if (parts.length < refParts.length)
          check(text, 'parts count (cluster cut)', parts.length, refParts.length);
      } else check(text, 'parts', parts, refParts);
      check(text, 'parts join', parts.join(''), text);
      check(text, 'parts count', parts.length, ours.segments);
      for (const part of parts) {
        const units = ours.encoding === 'UCS-2' ? part.length : analyzeSms(part).units;
        if (units > ours.perSegment) check(text, 'part size', units, ours.perSegment);
      }
      if (cutsInsideCluster(text, parts)) check(text, 'cluster cut', parts, 'no cut inside a cluster');
    }
    expect(mismatches).toEqual([]);
    expect(clusterCuts).toBeGreaterThan(0);
  }, 60_000);
});

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Intl.Segmenter's clusters of `text`, CR LF as two, as the reference splits them. */
const intlGraphemes = (text: string): string[] =>
  Array.from(segmenter.segment(text), (g) => g.segment).flatMap((g) => (g === '\r\n' ? ['\r', '\n'] : [g]));

const sameGraphemes = (text: string, reference: string[]): boolean =>
  JSON.stringify(intlGraphemes(text)) === JSON.stringify(reference);

/** Whether a boundary between `parts` (which concatenate to `text`) falls inside a grapheme cluster. */
function cutsInsideCluster(text: string, parts: string[]): boolean {
  const clusterStarts = new Set<number>();
  let offset = 0;
  for (const g of intlGraphemes(text)) {
    clusterStarts.add(offset);
    offset += g.length;
  }
  let at = 0;
  for (const part of parts.slice(0, -1)) {
    at += part.length;
    if (!clusterStarts.has(at)) return true;
  }
  return false;
}
