import { analyzeSms, isGsm7Char, isGsm7Text } from '../../../server/messaging/encoding.js';
import {
  applyGsmReplacements,
  becomesGsm7AfterReplacements,
  gsmReplacementFor,
  suggestGsmReplacements,
} from '../../../server/messaging/gsm-replacements.js';

describe('suggestGsmReplacements', () => {
  it('lists replaceable characters in order of first appearance with counts, without changing the text', () => {
    const text = 'We’re open — “today” only… it’s\u00a0true\u2013really';
    expect(suggestGsmReplacements(text)).toEqual([
      { char: '’', replacement: "'", count: 2 },
      { char: '—', replacement: '-', count: 1 },
      { char: '“', replacement: '"', count: 1 },
      { char: '”', replacement: '"', count: 1 },
      { char: '…', replacement: '...', count: 1 },
      { char: '\u00a0', replacement: ' ', count: 1 },
      { char: '\u2013', replacement: '-', count: 1 },
    ]);
  });

  it('suggests nothing for GSM-7 text, letters or emoji', () => {
    expect(suggestGsmReplacements('Plain "GSM" text - with {braces} & €')).toEqual([]);
    expect(suggestGsmReplacements('Zoë ç 😀 中')).toEqual([]);
    expect(gsmReplacementFor('ç')).toBeUndefined();
    expect(gsmReplacementFor('\u200d')).toBeUndefined();
  });

  it('covers backtick, tab, bullet and invisible characters', () => {
    expect(suggestGsmReplacements('`a`\t•\u200b')).toEqual([
      { char: '`', replacement: "'", count: 2 },
      { char: '\t', replacement: ' ', count: 1 },
      { char: '•', replacement: '-', count: 1 },
      { char: '\u200b', replacement: '', count: 1 },
    ]);
  });
});

describe('applyGsmReplacements', () => {
  it('turns typographic text into GSM-7 and reduces segments', () => {
    const typographic = '“Summer sale” — it’s on… ' + 'x'.repeat(60);
    expect(analyzeSms(typographic)).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    const plain = applyGsmReplacements(typographic);
    expect(plain).toBe('"Summer sale" - it\'s on... ' + 'x'.repeat(60));
    expect(analyzeSms(plain)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(becomesGsm7AfterReplacements(typographic)).toBe(true);
  });

  it('keeps the text unchanged when there is nothing to replace and leaves other characters alone', () => {
    const text = 'Hi Zoë 😀';
    expect(applyGsmReplacements(text)).toBe(text);
    expect(applyGsmReplacements('Zoë’s 😀')).toBe("Zoë's 😀");
    expect(becomesGsm7AfterReplacements('Zoë’s 😀')).toBe(false);
  });

  it('maps only non-GSM characters, always to GSM-7 text', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      const replacement = gsmReplacementFor(char);
      if (replacement === undefined) continue;
      expect({ char, gsm: isGsm7Char(char) }).toEqual({ char, gsm: false });
      expect({ char, replacement, gsm: isGsm7Text(replacement) }).toEqual({ char, replacement, gsm: true });
    }
  });
});
