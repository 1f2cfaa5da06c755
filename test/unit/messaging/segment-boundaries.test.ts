// 10,000 seeded random messages that put multi-code-point emoji, combining accents and escape pairs right
// at the 67/70/153/160 unit boundaries, compared with Twilio's sms-segments-calculator: encoding, length
// and segment count must all agree (a count below the provider's would under-estimate the bill).
import { createRequire } from 'node:module';
import { GSM7_EXTENSION_CHARACTERS, analyzeSms, splitSegments } from '../../../server/messaging/encoding.js';

interface TwilioSegmentedMessage {
  encodingName: 'GSM-7' | 'UCS-2';
  segmentsCount: number;
  messageSize: number;
  graphemes: string[];
}
const require = createRequire(import.meta.url);
const { SegmentedMessage } = require('sms-segments-calculator') as {
  SegmentedMessage: new (message: string) => TwilioSegmentedMessage;
};

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Clusters of several code points (UTF-16 width 2 to 11): skin tones, ZWJ sequences, variation selectors,
// flags, keycaps, combining accents. Only clusters that the calculator's grapheme splitter (Unicode 10 era)
// and Intl.Segmenter cut alike, which the first test checks.
const CLUSTERS = [
  '👍🏽',
  '👩🏿',
  '🧑🏻',
  '👨‍👩‍👧',
  '👨‍👩‍👧‍👦',
  '👩‍💻',
  '🧑🏽‍🚀',
  '🤷‍♀️',
  '🙋🏻‍♂️',
  '👩‍❤️‍👨',
  '👁️‍🗨️',
  '🏳️‍🌈',
  '❤️',
  '☺️',
  '✌️',
  '🇫🇷',
  '🇺🇸',
  '🇬🇧',
  '1️⃣',
  '#️⃣',
  '*️⃣',
  'e\u0301',
  'a\u0308\u0323',
  'n\u0303',
  'o\u0302\u0301',
  'A\u030a',
];
// Single code points: precomposed accented letters, BMP symbols and CJK, astral emoji.
const SINGLES = [...'áçëíñóüÿčřšžőłąęÁÈÍÓÚ€中日한✓★'].concat(['😀', '🎉', '🔥', '🛒']);
const GSM_BASIC = [...'abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,!?-@£$¥èéùìòÇØøÅåÄÖÑÜäöñüà'];
const GSM_EXTENSION = [...GSM7_EXTENSION_CHARACTERS];
// Where a message changes segment count: 67/134 (concatenated UCS-2), 70 (single UCS-2), 153/160 (GSM-7).
const UCS2_BOUNDARIES = [67, 70, 134];
const GSM7_BOUNDARIES = [153, 160];

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });
const intlGraphemes = (s: string): string[] => Array.from(segmenter.segment(s), (g) => g.segment);

function randomMessage(rand: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  // GSM-7 messages (basic letters, accented ones of the GSM set, escape pairs) near 153/160; the others
  // get emoji sequences and accents right at the UCS-2 boundaries.
  const gsmOnly = rand() < 0.3;
  const boundary = pick(gsmOnly ? GSM7_BOUNDARIES : UCS2_BOUNDARIES);
  // The filler is what the boundary is measured in: UTF-16 units for UCS-2 text, septets for GSM-7.
  const extensionRate = rand() < 0.5 ? 0 : rand() * 0.3;
  const filler = (): string => (rand() < extensionRate ? pick(GSM_EXTENSION) : pick(GSM_BASIC));
  const special = (): string => {
    const r = rand();
    return r < 0.6 ? pick(CLUSTERS) : r < 0.9 ? pick(SINGLES) : '\r\n';
  };
  const specialRate = gsmOnly ? 0 : rand() < 0.5 ? 0.02 : 0.15;
  let s = '';
  const length = (): number => (gsmOnly ? analyzeSms(s).units : s.length);
  // Up to the boundary minus a few units, then specials (or escapes) right across it, then a tail.
  const approach = boundary - 1 - Math.floor(rand() * 12);
  while (length() < approach) s += rand() < specialRate ? special() : filler();
  const straddle = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < straddle; i++) s += gsmOnly ? pick(GSM_EXTENSION) : special();
  const tail = Math.floor(rand() * (rand() < 0.8 ? 8 : 40));
  for (let i = 0; i < tail; i++) s += rand() < specialRate ? special() : filler();
  return s;
}

describe('segment counts against sms-segments-calculator at the 67/70/153/160 boundaries', () => {
  it('uses only clusters that both grapheme segmenters cut the same way', () => {
    for (const cluster of CLUSTERS) {
      expect(intlGraphemes(cluster)).toEqual([cluster]);
      expect(new SegmentedMessage(cluster).graphemes).toEqual([cluster]);
    }
  });

  it('agrees on encoding, length and segment count for 10,000 random messages', () => {
    const rand = mulberry32(0xc1a5e9);
    const mismatches: { text: string; ours: unknown; reference: unknown }[] = [];
    const coverage = new Map<string, number>();
    let clusterStraddles = 0;
    for (let n = 0; n < 10_000; n++) {
      const text = randomMessage(rand);
      const ours = analyzeSms(text);
      const ref = new SegmentedMessage(text);
      const got = { encoding: ours.encoding, units: ours.units, segments: ours.segments };
      const expected = {
        encoding: ref.encodingName,
        units: ref.messageSize / (ref.encodingName === 'GSM-7' ? 7 : 16),
        segments: ref.segmentsCount,
      };
      if (JSON.stringify(got) !== JSON.stringify(expected) && mismatches.length < 5)
        mismatches.push({ text, ours: got, reference: expected });
      const key = `${ours.encoding}/${Math.min(ours.segments, 3)}`;
      coverage.set(key, (coverage.get(key) ?? 0) + 1);
      // Messages where a code-point split (the old behaviour) would cut through a cluster: the cases
      // this test is about. Our own parts never do.
      if (ours.encoding === 'UCS-2' && ours.segments > 1 && codePointSplitCutsCluster(text))
        clusterStraddles++;
      if (ours.segments === 1) continue;
      const parts = splitSegments(text);
      if (parts.join('') !== text || parts.length !== ours.segments)
        mismatches.push({ text, ours: parts, reference: 'parts joining to the text, one per segment' });
      if (ours.encoding === 'UCS-2' && cutsACluster(parts))
        mismatches.push({ text, ours: parts, reference: 'no cluster cut' });
    }
    expect(mismatches).toEqual([]);
    for (const key of ['GSM-7/1', 'GSM-7/2', 'UCS-2/1', 'UCS-2/2', 'UCS-2/3'])
      expect(coverage.get(key) ?? 0).toBeGreaterThan(100);
    expect(clusterStraddles).toBeGreaterThan(500);
  }, 300_000);
});

/** Whether some boundary between `parts` falls inside a grapheme cluster (other than CR LF). */
function cutsACluster(parts: string[]): boolean {
  for (let i = 1; i < parts.length; i++) {
    const joined = intlGraphemes(parts[i - 1]!.slice(-12) + parts[i]!.slice(0, 12));
    let at = 0;
    const cut = Math.min(parts[i - 1]!.length, 12);
    let onBoundary = false;
    for (const g of joined) {
      if (at === cut) onBoundary = true;
      at += g.length;
    }
    if (!onBoundary && !(parts[i - 1]!.endsWith('\r') && parts[i]!.startsWith('\n'))) return true;
  }
  return false;
}

/** Whether packing code points (surrogate pairs whole) into 67-unit segments would cut a cluster. */
function codePointSplitCutsCluster(text: string): boolean {
  const starts = new Set<number>();
  let at = 0;
  for (const g of intlGraphemes(text)) {
    starts.add(at);
    at += g.length;
  }
  let used = 0;
  at = 0;
  for (const cp of text) {
    if (used + cp.length > 67) {
      if (!starts.has(at)) return true;
      used = 0;
    }
    used += cp.length;
    at += cp.length;
  }
  return false;
}
