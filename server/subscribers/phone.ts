// Phone numbers → E.164 with libphonenumber-js (max metadata, which knows mobile vs fixed-line
// ranges). A number that is invalid or cannot receive SMS is an expected outcome, returned as a value.
import {
  type CountryCode,
  type NumberType,
  isSupportedCountry,
  parsePhoneNumberWithError,
  ParseError,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';

export type PhoneRejection =
  'empty' | 'not_a_number' | 'missing_country' | 'too_short' | 'too_long' | 'invalid' | 'not_mobile';

export type NormalizedPhone =
  | { ok: true; e164: string; country: string | null; type: NumberType | null }
  | { ok: false; reason: PhoneRejection; message: string };

/** Number types that cannot receive a text message. FIXED_LINE_OR_MOBILE (all of NANP) is accepted. */
const NOT_SMS_CAPABLE: ReadonlySet<NonNullable<NumberType>> = new Set<NonNullable<NumberType>>([
  'FIXED_LINE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'PAGER',
  'UAN',
  'VOICEMAIL',
]);

const TYPE_WORDS: Partial<Record<NonNullable<NumberType>, string>> = {
  FIXED_LINE: 'a landline',
  TOLL_FREE: 'a toll-free number',
  PREMIUM_RATE: 'a premium-rate number',
  SHARED_COST: 'a shared-cost number',
  PAGER: 'a pager number',
  UAN: 'a universal access number',
  VOICEMAIL: 'a voicemail access number',
};

function reject(reason: PhoneRejection, message: string): NormalizedPhone {
  return { ok: false, reason, message };
}

export interface NormalizeOptions {
  /**
   * Where to read a national number (no leading +): the first known code of the list, e.g.
   * [customer's address country, shop's country]. Unknown or empty codes are skipped.
   */
  defaultCountry?: string | null | ReadonlyArray<string | null | undefined>;
}

/** The first known country of the list: one reading only, so a number never silently becomes another country's. */
function defaultCountryOf(option: NormalizeOptions['defaultCountry']): CountryCode | undefined {
  const list = option === undefined || option === null ? [] : typeof option === 'string' ? [option] : option;
  for (const raw of list) {
    const code = raw?.trim().toUpperCase();
    if (code && isSupportedCountry(code)) return code;
  }
  return undefined;
}

function parseOnce(raw: string, country: CountryCode | undefined): NormalizedPhone {
  try {
    const parsed = parsePhoneNumberWithError(raw, country ? { defaultCountry: country } : {});
    const lengthProblem = validatePhoneNumberLength(raw, country ? { defaultCountry: country } : {});
    if (lengthProblem === 'TOO_SHORT' || lengthProblem === 'NOT_A_NUMBER')
      return reject('too_short', `${raw} is too short to be a phone number`);
    if (lengthProblem === 'TOO_LONG') return reject('too_long', `${raw} is too long to be a phone number`);
    if (!parsed.isValid())
      return reject(
        'invalid',
        `${raw} is not a valid phone number${parsed.country ? ` for ${parsed.country}` : ''}`,
      );
    const type = parsed.getType() ?? null;
    if (type !== null && NOT_SMS_CAPABLE.has(type)) {
      return reject(
        'not_mobile',
        `${parsed.number} is ${TYPE_WORDS[type] ?? 'not a mobile number'} and cannot receive text messages`,
      );
    }
    return { ok: true, e164: parsed.number, country: parsed.country ?? null, type };
  } catch (err) {
    if (err instanceof ParseError) {
      switch (err.message) {
        case 'INVALID_COUNTRY':
          return reject(
            'missing_country',
            `${raw} has no country code and no default country is known; write it as +<country code><number>`,
          );
        case 'TOO_SHORT':
          return reject('too_short', `${raw} is too short to be a phone number`);
        case 'TOO_LONG':
          return reject('too_long', `${raw} is too long to be a phone number`);
        default:
          return reject('not_a_number', `${raw} is not a phone number`);
      }
    }
    throw err;
  }
}

/** Parses a phone number as typed by a person or sent by an API into E.164, or says why it cannot. */
export function normalizePhone(
  raw: string | null | undefined,
  options: NormalizeOptions = {},
): NormalizedPhone {
  const text = (raw ?? '').trim();
  if (text === '') return reject('empty', 'A phone number is required');
  return parseOnce(text, defaultCountryOf(options.defaultCountry));
}
