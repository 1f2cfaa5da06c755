// Keyword classification of inbound texts: case-, accent- and punctuation-insensitive. Opt-out wins over
// everything: a message that is an opt-out keyword, or that contains the word STOP (or UNSUBSCRIBE)
// anywhere, is an opt-out, as US carriers require. Help and opt-in keywords must be the whole message.

export const OPT_OUT_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
  'REMOVE',
  'ARRET',
] as const;
/** Words that make any message an opt-out wherever they appear ("please stop", "stop texting me"). */
export const OPT_OUT_WORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'ARRET'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO', 'AIDE'] as const;
/** START/UNSTOP resubscribe; YES/Y/OUI confirm a pending double opt-in; JOIN subscribes a new number. */
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES', 'Y', 'OUI', 'JOIN'] as const;

export type OptOutKeyword = (typeof OPT_OUT_KEYWORDS)[number];
export type HelpKeyword = (typeof HELP_KEYWORDS)[number];
export type OptInKeyword = (typeof OPT_IN_KEYWORDS)[number];

export type InboundIntent =
  | { kind: 'opt_out'; keyword: OptOutKeyword; match: 'exact' | 'contains' }
  | { kind: 'help'; keyword: HelpKeyword }
  | { kind: 'opt_in'; keyword: OptInKeyword }
  | { kind: 'none' };

/** Upper case, accents removed, anything that is not a letter or digit turned into a single space. */
export function normalizeKeywordText(body: string): string {
  return body
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const includes = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

export function classifyInbound(body: string): InboundIntent {
  const text = normalizeKeywordText(body);
  if (text === '') return { kind: 'none' };
  // "opt-out", "Opt Out", "stop all" all collapse to one keyword.
  const compact = text.replaceAll(' ', '');
  if (includes(OPT_OUT_KEYWORDS, compact)) return { kind: 'opt_out', keyword: compact, match: 'exact' };
  const word = text.split(' ').find((w) => includes(OPT_OUT_WORDS, w));
  if (word !== undefined && includes(OPT_OUT_KEYWORDS, word))
    return { kind: 'opt_out', keyword: word, match: 'contains' };
  if (includes(HELP_KEYWORDS, compact)) return { kind: 'help', keyword: compact };
  if (includes(OPT_IN_KEYWORDS, compact)) return { kind: 'opt_in', keyword: compact };
  return { kind: 'none' };
}
