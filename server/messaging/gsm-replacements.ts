// Characters that force a message into UCS-2 (70 units per segment instead of 160) although a
// GSM-7 character says the same thing: typographic quotes and dashes pasted from a word processor,
// exotic spaces, the ellipsis. We only ever *suggest* these; the text changes only when the
// merchant explicitly asks for it (`applyGsmReplacements`). Letters are never mapped (replacing
// "ç" by "c" or "Ç" changes the word), and neither are joiners that are part of emoji or scripts.
import { isGsm7Text } from './encoding.js';

export interface GsmReplacementSuggestion {
  char: string;
  replacement: string;
  count: number;
}

const map = new Map<string, string>();
const add = (chars: string, replacement: string): void => {
  for (const ch of chars) map.set(ch, replacement);
};

// Single quotes, apostrophes, primes and accents used as apostrophes.
add('\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u02b9\u00b4\u0060\uff07', "'");
// Double quotes and guillemets.
add('\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\uff02', '"');
add('\u2039', '<');
add('\u203a', '>');
// Hyphens, dashes and the minus sign.
add('\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d', '-');
// Spaces: no-break, en/em/thin/hair and the rest of the Zs category, plus tab.
add('\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t', ' ');
// Invisible characters that carry nothing in an SMS.
add('\u200b\u2060\ufeff\u00ad', '');
// Line and paragraph separators.
add('\u2028\u2029', '\n');
add('\u2026', '...');
add('\u2022\u2023\u2043\u25e6', '-');
add('\u2044\u2215', '/');
add('\u2217', '*');
add('\u02c6', '^');
add('\u02dc\u223c', '~');
add('\u203c', '!!');

/** The GSM-7 replacement for one character, or undefined when there is no safe one. */
export function gsmReplacementFor(char: string): string | undefined {
  return map.get(char);
}

/**
 * Characters in `text` forcing UCS-2 that have a safe GSM-7 equivalent, in order of first
 * appearance, with how often each occurs. Does not change the text.
 */
export function suggestGsmReplacements(text: string): GsmReplacementSuggestion[] {
  const found = new Map<string, GsmReplacementSuggestion>();
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const replacement = map.get(char);
    if (replacement === undefined) continue;
    const existing = found.get(char);
    if (existing) existing.count++;
    else found.set(char, { char, replacement, count: 1 });
  }
  return [...found.values()];
}

/** Replace every character that has a safe GSM-7 equivalent (the merchant's explicit action). */
export function applyGsmReplacements(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const replacement = map.get(text[i]!);
    if (replacement === undefined) continue;
    out += text.slice(start, i) + replacement;
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}

/** Whether applying the replacements would make the whole text GSM-7. */
export function becomesGsm7AfterReplacements(text: string): boolean {
  return isGsm7Text(applyGsmReplacements(text));
}
