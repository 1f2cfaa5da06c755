// Candidate IANA time zones for a recipient, from their address first, then their phone number.
// More than one zone means "could be any of these": callers must satisfy all of them.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { COUNTRY_ZONES, type CountryZones, type RegionZones } from './country-zones.js';
import { lookupAreaCode } from './nanp-area-codes.js';

export interface RecipientLocationInput {
  address?: { countryCode?: string | null; provinceCode?: string | null; zip?: string | null };
  phoneE164?: string | null;
}

export interface RecipientRegion {
  countryCode: string;
  /** State/province code without the country prefix (e.g. 'FL'), or null when unknown. */
  provinceCode: string | null;
}

function normalizeCountry(code: string | null | undefined): string | null {
  const cc = code?.trim().toUpperCase();
  return cc && /^[A-Z]{2}$/.test(cc) ? cc : null;
}

/** Uppercases and strips a leading country prefix ('US-FL' → 'FL'). */
export function normalizeProvince(
  countryCode: string,
  provinceCode: string | null | undefined,
): string | null {
  const code = provinceCode?.trim().toUpperCase();
  if (!code) return null;
  return code.startsWith(`${countryCode}-`) ? code.slice(countryCode.length + 1) : code;
}

function normalizePostal(zip: string | null | undefined): string {
  return (zip ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function byPostal(region: RegionZones, postal: string): readonly string[] | null {
  if (!region.postal || postal === '') return null;
  for (let len = Math.min(postal.length, 6); len >= 1; len--) {
    const hit = region.postal.prefixes[postal.slice(0, len)];
    if (hit) return hit;
  }
  // A US ZIP needs at least 3 digits before we trust the "otherwise" branch.
  return postal.length >= 3 ? region.postal.otherwise : null;
}

interface AddressResolution {
  zones: readonly string[];
  /** True when only the country was usable for a multi-zone country. */
  countryLevelOnly: boolean;
}

function fromAddress(address: RecipientLocationInput['address']): AddressResolution {
  const cc = normalizeCountry(address?.countryCode);
  const country: CountryZones | undefined = cc ? COUNTRY_ZONES[cc] : undefined;
  if (!cc || !country) return { zones: [], countryLevelOnly: false };
  if (country.zones.length <= 1) return { zones: country.zones, countryLevelOnly: false };
  const province = normalizeProvince(cc, address?.provinceCode);
  const postal = normalizePostal(address?.zip);
  const region = province ? country.provinces?.[province] : undefined;
  if (region) return { zones: byPostal(region, postal) ?? region.zones, countryLevelOnly: false };
  const postalZones = byPostal(country, postal);
  if (postalZones) return { zones: postalZones, countryLevelOnly: false };
  if (province && country.otherProvinces) return { zones: country.otherProvinces, countryLevelOnly: false };
  return { zones: country.zones, countryLevelOnly: true };
}

interface PhoneResolution {
  region: RecipientRegion;
  zones: readonly string[];
}

function fromPhone(phoneE164: string | null | undefined): PhoneResolution | null {
  const raw = phoneE164?.trim();
  if (!raw || !raw.startsWith('+')) return null;
  const parsed = parsePhoneNumberFromString(raw);
  if (!parsed) return null;
  if (parsed.countryCallingCode === '1') {
    const info = lookupAreaCode(parsed.nationalNumber.slice(0, 3));
    if (info)
      return {
        region: { countryCode: info.countryCode, provinceCode: info.provinceCode },
        zones: info.zones,
      };
  }
  const possible = parsed.getPossibleCountries();
  const cc = parsed.country ?? (possible.length === 1 ? possible[0] : undefined);
  if (!cc) return null;
  return { region: { countryCode: cc, provinceCode: null }, zones: COUNTRY_ZONES[cc]?.zones ?? [] };
}

/**
 * Candidate IANA zones for a recipient (deduplicated, stable order). The address wins when it
 * resolves; when the address only names a multi-zone country (no usable state/postal code) and
 * the phone number is from the same country, the phone's (narrower) answer is used. Unknown → [].
 */
export function resolveTimeZones(input: RecipientLocationInput): string[] {
  const address = fromAddress(input.address);
  const phone = fromPhone(input.phoneE164);
  const addressCountry = normalizeCountry(input.address?.countryCode);
  let zones = address.zones;
  if (
    zones.length === 0 ||
    (address.countryLevelOnly && phone && phone.region.countryCode === addressCountry)
  ) {
    zones = phone && phone.zones.length > 0 ? phone.zones : zones;
  }
  return [...new Set(zones)];
}

/** Every candidate zone of a country (for when nothing narrower is known), or [] if unknown. */
export function countryTimeZones(countryCode: string | null | undefined): string[] {
  const cc = normalizeCountry(countryCode);
  return cc ? [...(COUNTRY_ZONES[cc]?.zones ?? [])] : [];
}

/**
 * Country and, for NANP numbers, state/province implied by a phone number. US law (e.g. Florida's
 * FTSA) presumes residence from the area code, so this is a legitimate fallback for quiet-hours
 * and frequency-cap rules when no address is known.
 */
export function resolveRegionFromPhone(phoneE164: string | null | undefined): RecipientRegion | null {
  return fromPhone(phoneE164)?.region ?? null;
}
