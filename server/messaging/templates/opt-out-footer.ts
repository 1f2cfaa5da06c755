// The opt-out hint every marketing SMS ends with, in the recipient's language (chosen by the country of
// the recipient's number or address). English is the default.
//
// France: the convention (CNIL, operators' short-code charter) is "STOP au <number>": the recipient texts
// STOP to the short code (36xxx) or number the message came from. We never print a short code the shop
// does not own (a STOP sent to someone else's 36xxx would not reach us), so <number> is the shop's own
// short code or number, or its sender ID when that is numeric. Without one, the hint falls back to
// "Répondez STOP pour vous désabonner"; French merchants should configure their number.
// All hints are GSM-7 (é is in the GSM basic set), so they never force UCS-2.
import { assertNever } from '../../errors.js';

export type OptOutLanguage = 'en' | 'fr' | 'es' | 'de';

const LANGUAGE_BY_COUNTRY: Readonly<Record<string, OptOutLanguage>> = {
  // French: France, Monaco and the overseas departments and collectivities.
  ...Object.fromEntries(
    ['FR', 'MC', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF', 'NC', 'PF', 'WF'].map((c) => [
      c,
      'fr' as const,
    ]),
  ),
  ...Object.fromEntries(
    [
      'ES',
      'MX',
      'AR',
      'CO',
      'CL',
      'PE',
      'VE',
      'EC',
      'GT',
      'CU',
      'BO',
      'DO',
      'HN',
      'PY',
      'SV',
      'NI',
      'CR',
      'PA',
      'UY',
    ].map((c) => [c, 'es' as const]),
  ),
  ...Object.fromEntries(['DE', 'AT', 'LI'].map((c) => [c, 'de' as const])),
};

/** Separator between the message and its footer. */
export const FOOTER_SEPARATOR = '\n';

export function optOutLanguage(recipientCountry: string | null | undefined): OptOutLanguage {
  const code = (recipientCountry ?? '').trim().toUpperCase();
  return LANGUAGE_BY_COUNTRY[code] ?? 'en';
}

/** A sender ID recipients can text back: a short code (3–8 digits) or an E.164 number. */
export function replyableNumber(senderId: string | null | undefined): string | undefined {
  const v = (senderId ?? '').replace(/\s+/g, '');
  return /^\d{3,8}$/.test(v) || /^\+[1-9]\d{6,14}$/.test(v) ? v : undefined;
}

export interface OptOutHintInput {
  recipientCountry: string | null | undefined;
  /** The shop's short code or number, when it has one. */
  shopNumber?: string | null;
  /** Used as the number when it is numeric and no shopNumber is given. */
  senderId?: string | null;
}

/** The opt-out hint alone, e.g. "Reply STOP to opt out" or "STOP au 36111". */
export function optOutHint(input: OptOutHintInput): string {
  const number = input.shopNumber?.trim() || replyableNumber(input.senderId);
  const language = optOutLanguage(input.recipientCountry);
  switch (language) {
    case 'en':
      return 'Reply STOP to opt out';
    case 'fr':
      return number ? `STOP au ${number}` : 'Répondez STOP pour vous désabonner';
    case 'es':
      return 'Responde STOP para darte de baja';
    case 'de':
      return 'Antworte STOP zum Abmelden';
    default:
      return assertNever(language, 'opt-out language');
  }
}

/** The footer appended to a marketing message: separator + hint. */
export function buildOptOutFooter(input: OptOutHintInput): string {
  return FOOTER_SEPARATOR + optOutHint(input);
}
