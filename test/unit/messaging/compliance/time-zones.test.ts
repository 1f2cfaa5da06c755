import { COUNTRY_ZONES } from '../../../../server/messaging/compliance/country-zones.js';
import { lookupAreaCode } from '../../../../server/messaging/compliance/nanp-area-codes.js';
import {
  countryTimeZones,
  resolveRegionFromPhone,
  resolveTimeZones,
} from '../../../../server/messaging/compliance/time-zones.js';
import { isKnownTimeZone } from '../../../../server/messaging/compliance/zoned-time.js';

const NY = 'America/New_York';
const CHICAGO = 'America/Chicago';
const us = (provinceCode: string, zip?: string): string[] =>
  resolveTimeZones({ address: { countryCode: 'US', provinceCode, zip } });

describe('resolveTimeZones from an address', () => {
  it('splits Florida at the Apalachicola River by ZIP', () => {
    expect(us('FL', '32501')).toEqual([CHICAGO]); // Pensacola
    expect(us('FL', '32401')).toEqual([CHICAGO]); // Panama City
    expect(us('FL', '32456')).toEqual([NY]); // Port St. Joe, Gulf County's Eastern part
    expect(us('FL', '32301')).toEqual([NY]); // Tallahassee
    expect(us('FL', '33101')).toEqual([NY]); // Miami
    expect(us('FL', '33101-1234')).toEqual([NY]);
  });

  it('returns every candidate when a split state has no usable ZIP', () => {
    expect(us('FL')).toEqual([NY, CHICAGO]);
    expect(us('FL', '3')).toEqual([NY, CHICAGO]);
    expect(us('TX', '79830')).toEqual([CHICAGO, 'America/Denver']); // 798xx straddles the line
  });

  it('disambiguates other split states', () => {
    expect(us('TX', '79901')).toEqual(['America/Denver']); // El Paso
    expect(us('TX', '77002')).toEqual([CHICAGO]); // Houston
    expect(us('AK', '99546')).toEqual(['America/Adak']);
    expect(us('AK', '99501')).toEqual(['America/Anchorage']);
    expect(us('ID', '83814')).toEqual(['America/Los_Angeles']); // Coeur d'Alene
    expect(us('ID', '83702')).toEqual(['America/Boise']);
    expect(us('IN', '46402')).toEqual([CHICAGO]); // Gary
    expect(us('IN', '46204')).toEqual(['America/Indiana/Indianapolis']);
    expect(us('TN', '37902')).toEqual([NY]); // Knoxville
    expect(us('TN', '37203')).toEqual([CHICAGO]); // Nashville
    expect(us('MI', '48226')).toEqual(['America/Detroit']);
  });

  it('accepts ISO-style and lower-case province codes', () => {
    expect(resolveTimeZones({ address: { countryCode: 'us', provinceCode: 'us-fl', zip: '32501' } })).toEqual(
      [CHICAGO],
    );
    expect(us('NY')).toEqual([NY]);
    expect(us('CA')).toEqual(['America/Los_Angeles']);
  });

  it('maps Canadian provinces, using the postal code in Ontario', () => {
    const ca = (provinceCode: string, zip?: string): string[] =>
      resolveTimeZones({ address: { countryCode: 'CA', provinceCode, zip } });
    expect(ca('ON', 'M5V 2T6')).toEqual(['America/Toronto']);
    expect(ca('ON', 'P9N 1A1')).toEqual(['America/Winnipeg']); // Kenora
    expect(ca('ON')).toEqual(['America/Toronto', 'America/Winnipeg']);
    expect(ca('AB')).toEqual(['America/Edmonton']);
    expect(ca('BC', 'V6B 1A1')).toEqual(['America/Vancouver']);
  });

  it('maps other multi-zone countries by province or postal code', () => {
    const at = (countryCode: string, provinceCode?: string, zip?: string): string[] =>
      resolveTimeZones({ address: { countryCode, provinceCode, zip } });
    expect(at('MX', 'JAL')).toEqual(['America/Mexico_City']);
    expect(at('MX', 'BC')).toEqual(['America/Tijuana']);
    expect(at('BR', 'SP')).toEqual(['America/Sao_Paulo']);
    expect(at('BR', 'AM')).toEqual(['America/Manaus', 'America/Eirunepe']);
    expect(at('AU', 'VIC')).toEqual(['Australia/Melbourne']);
    expect(at('AU', 'NSW', '2880')).toEqual(['Australia/Broken_Hill']);
    expect(at('AU', 'NSW', '2000')).toEqual(['Australia/Sydney']);
    expect(at('ES', 'TF')).toEqual(['Atlantic/Canary']);
    expect(at('ES', undefined, '35001')).toEqual(['Atlantic/Canary']);
    expect(at('ES', 'M', '28001')).toEqual(['Europe/Madrid']);
    expect(at('PT', undefined, '9500-123')).toEqual(['Atlantic/Azores']);
    expect(at('PT', 'PT-30')).toEqual(['Atlantic/Madeira']);
    expect(at('PT', undefined, '1100-148')).toEqual(['Europe/Lisbon']);
    expect(at('NZ', undefined, '1010')).toEqual(['Pacific/Auckland']);
  });

  it.each([
    ['GB', 'Europe/London'],
    ['IE', 'Europe/Dublin'],
    ['FR', 'Europe/Paris'],
    ['DE', 'Europe/Berlin'],
    ['IT', 'Europe/Rome'],
    ['NL', 'Europe/Amsterdam'],
    ['BE', 'Europe/Brussels'],
    ['CH', 'Europe/Zurich'],
    ['AT', 'Europe/Vienna'],
    ['SE', 'Europe/Stockholm'],
    ['NO', 'Europe/Oslo'],
    ['DK', 'Europe/Copenhagen'],
    ['FI', 'Europe/Helsinki'],
    ['PL', 'Europe/Warsaw'],
    ['JP', 'Asia/Tokyo'],
    ['IN', 'Asia/Kolkata'],
    ['ZA', 'Africa/Johannesburg'],
  ])('single-zone country %s → %s', (countryCode, zone) => {
    expect(resolveTimeZones({ address: { countryCode } })).toEqual([zone]);
  });

  it('returns [] when nothing is known', () => {
    expect(resolveTimeZones({})).toEqual([]);
    expect(resolveTimeZones({ address: { countryCode: 'ZZ' } })).toEqual([]);
    expect(resolveTimeZones({ address: { countryCode: null }, phoneE164: 'not a number' })).toEqual([]);
  });
});

describe('resolveTimeZones from a phone number', () => {
  it('maps area code 850 (Florida panhandle) to both Eastern and Central', () => {
    expect(resolveTimeZones({ phoneE164: '+18506441234' })).toEqual([NY, CHICAGO]);
  });

  it('maps single-zone area codes to one zone', () => {
    expect(resolveTimeZones({ phoneE164: '+12125550123' })).toEqual([NY]);
    expect(resolveTimeZones({ phoneE164: '+13055550123' })).toEqual([NY]); // Miami
    expect(resolveTimeZones({ phoneE164: '+19155550123' })).toEqual(['America/Denver']); // El Paso
    expect(resolveTimeZones({ phoneE164: '+14165550123' })).toEqual(['America/Toronto']);
    expect(resolveTimeZones({ phoneE164: '+16045550123' })).toEqual(['America/Vancouver']);
    expect(resolveTimeZones({ phoneE164: '+17875550123' })).toEqual(['America/Puerto_Rico']);
  });

  it('falls back to every zone of the country for non-geographic or non-NANP numbers', () => {
    expect(resolveTimeZones({ phoneE164: '+18005550123' })).toEqual(countryTimeZones('US'));
    expect(resolveTimeZones({ phoneE164: '+61412345678' })).toEqual(countryTimeZones('AU'));
    expect(resolveTimeZones({ phoneE164: '+447400123456' })).toEqual(['Europe/London']);
    expect(resolveTimeZones({ phoneE164: '+33612345678' })).toEqual(['Europe/Paris']);
  });

  it('prefers the address, but uses the phone when the address names only a multi-zone country', () => {
    expect(
      resolveTimeZones({
        address: { countryCode: 'US', provinceCode: 'FL', zip: '32501' },
        phoneE164: '+12125550123',
      }),
    ).toEqual([CHICAGO]);
    expect(resolveTimeZones({ address: { countryCode: 'US' }, phoneE164: '+12125550123' })).toEqual([NY]);
    expect(resolveTimeZones({ address: { countryCode: 'US' }, phoneE164: '+447400123456' })).toEqual(
      countryTimeZones('US'),
    );
  });
});

describe('resolveRegionFromPhone', () => {
  it('gives the state for NANP numbers and the country otherwise', () => {
    expect(resolveRegionFromPhone('+18506441234')).toEqual({ countryCode: 'US', provinceCode: 'FL' });
    expect(resolveRegionFromPhone('+14165550123')).toEqual({ countryCode: 'CA', provinceCode: 'ON' });
    expect(resolveRegionFromPhone('+19025550123')).toEqual({ countryCode: 'CA', provinceCode: null });
    expect(resolveRegionFromPhone('+33612345678')).toEqual({ countryCode: 'FR', provinceCode: null });
    expect(resolveRegionFromPhone('')).toBeNull();
  });
});

describe('table integrity', () => {
  it('only names zones the runtime knows', () => {
    const zones = new Set<string>();
    for (const country of Object.values(COUNTRY_ZONES)) {
      for (const z of country.zones) zones.add(z);
      for (const z of country.otherProvinces ?? []) zones.add(z);
      for (const region of [country, ...Object.values(country.provinces ?? {})]) {
        for (const z of region.zones) zones.add(z);
        for (const list of Object.values(region.postal?.prefixes ?? {})) for (const z of list) zones.add(z);
        for (const z of region.postal?.otherwise ?? []) zones.add(z);
      }
    }
    for (let code = 200; code <= 999; code++)
      for (const z of lookupAreaCode(String(code))?.zones ?? []) zones.add(z);
    expect([...zones].filter((z) => !isKnownTimeZone(z))).toEqual([]);
    expect(zones.size).toBeGreaterThan(60);
  });

  it('gives every known area code at least one zone, each within its country’s zones', () => {
    let known = 0;
    for (let code = 200; code <= 999; code++) {
      const info = lookupAreaCode(String(code));
      if (!info) continue;
      known++;
      expect(info.zones.length).toBeGreaterThan(0);
    }
    expect(known).toBeGreaterThan(380);
  });
});
