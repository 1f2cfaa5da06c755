// Where a recipient is, for quiet hours and state rules: candidate time zones, country, province.
// Resolving from a phone number parses it with libphonenumber (tens of µs), far too slow to do per
// message at 10,000 messages/s, so results are memoized on what actually determines them: the
// address fields and the number's prefix. For NANP (+1) numbers the area code decides everything
// (country, state, zones); elsewhere only the country comes from the number, which its calling
// code and first national digits decide, provided the number is valid: libphonenumber names no
// country for an invalid one (e.g. a UK number one digit short), so the length is part of the key.
import { resolveRegionFromPhone, resolveTimeZones } from '../compliance/index.js';

export interface RecipientAddress {
  countryCode?: string | null;
  provinceCode?: string | null;
  zip?: string | null;
}

export interface RecipientLocation {
  zones: readonly string[];
  countryCode: string | null;
  /** Province/state without country prefix, e.g. 'FL'. */
  provinceCode: string | null;
  /** 'US-FL' style, or null when the province is unknown. */
  regionCode: string | null;
}

const MAX_ENTRIES = 100_000;
const cache = new Map<string, RecipientLocation>();

/** The part of a number that decides its location (see the header). */
export function phonePrefixKey(phone: string): string {
  return phone.startsWith('+1') ? phone.slice(0, 5) : `${phone.slice(0, 8)}|${phone.length}`;
}

function compute(phone: string, address: RecipientAddress): RecipientLocation {
  const zones = resolveTimeZones({ phoneE164: phone, address });
  const addressCountry = address.countryCode?.trim().toUpperCase() || null;
  const fromPhone = resolveRegionFromPhone(phone);
  const countryCode = addressCountry ?? fromPhone?.countryCode ?? null;
  let provinceCode = address.provinceCode?.trim().toUpperCase() || null;
  if (provinceCode && countryCode && provinceCode.startsWith(`${countryCode}-`))
    provinceCode = provinceCode.slice(countryCode.length + 1);
  if (!provinceCode && fromPhone && fromPhone.countryCode === countryCode)
    provinceCode = fromPhone.provinceCode;
  return {
    zones,
    countryCode,
    provinceCode,
    regionCode: countryCode && provinceCode ? `${countryCode}-${provinceCode}` : null,
  };
}

export function locateRecipient(phone: string, address: RecipientAddress = {}): RecipientLocation {
  const key = `${address.countryCode ?? ''}|${address.provinceCode ?? ''}|${address.zip ?? ''}|${phonePrefixKey(phone)}`;
  let hit = cache.get(key);
  if (!hit) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    hit = compute(phone, address);
    cache.set(key, hit);
  }
  return hit;
}
