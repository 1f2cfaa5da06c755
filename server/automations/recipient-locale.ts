// Which language an automation speaks to a recipient: the subscriber's own locale when it is English or
// French; otherwise French in France (and its overseas departments), Belgium, Monaco, Luxembourg and
// Québec (by province, or by Québec area code when the address is unknown), English everywhere else.
// Switzerland is multilingual: French only when the shopper's locale says so.
import type { AutomationLocale } from '../contracts/automations.js';

/** Countries and territories whose texts go out in French (the consent replies use the same list). */
export const FRENCH_COUNTRIES: ReadonlySet<string> = new Set([
  'FR',
  'BE',
  'MC',
  'LU',
  'GP',
  'MQ',
  'GF',
  'RE',
  'YT',
  'PM',
  'BL',
  'MF',
  'NC',
  'PF',
  'WF',
]);
/** Area codes of Québec (NANP). */
const QUEBEC_AREA_CODES = new Set([
  '263',
  '354',
  '367',
  '418',
  '438',
  '450',
  '468',
  '514',
  '579',
  '581',
  '819',
  '873',
]);

export interface LocaleFacts {
  /** The shopper's locale (customer_locale, subscriber.locale), e.g. "fr-CA". */
  locale?: string | null;
  countryCode?: string | null;
  provinceCode?: string | null;
  phone?: string | null;
}

export function recipientLocale(facts: LocaleFacts): AutomationLocale {
  const lang = facts.locale?.trim().toLowerCase().slice(0, 2);
  if (lang === 'fr') return 'fr';
  if (lang === 'en') return 'en';
  const country = facts.countryCode?.trim().toUpperCase() ?? null;
  if (country && FRENCH_COUNTRIES.has(country)) return 'fr';
  if (country === 'CA') {
    const province = facts.provinceCode?.trim().toUpperCase();
    if (province) return province === 'QC' ? 'fr' : 'en';
    const m = /^\+1(\d{3})/.exec(facts.phone ?? '');
    return m && QUEBEC_AREA_CODES.has(m[1]!) ? 'fr' : 'en';
  }
  if (!country && facts.phone) {
    if (/^\+33|^\+32|^\+377|^\+352/.test(facts.phone)) return 'fr';
  }
  return 'en';
}
