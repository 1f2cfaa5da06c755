// Shapes and shared constants of the zone tables (country → province → postal prefix → zones).

/** Zones keyed by postal-code prefix (longest prefix wins); `otherwise` applies to any other postal code. */
export interface PostalTable {
  readonly prefixes: Readonly<Record<string, readonly string[]>>;
  readonly otherwise: readonly string[];
}

export interface RegionZones {
  /** Every zone the region can be in (used when the postal code is missing or unreadable). */
  readonly zones: readonly string[];
  readonly postal?: PostalTable;
}

export interface CountryZones extends RegionZones {
  /** Province/state code (Shopify's, without the country prefix) → zones. */
  readonly provinces?: Readonly<Record<string, RegionZones>>;
  /** Zones for a known province code that is not listed in `provinces`. */
  readonly otherProvinces?: readonly string[];
}

export const ZONE = {
  ET: 'America/New_York',
  CT: 'America/Chicago',
  MT: 'America/Denver',
  MST: 'America/Phoenix',
  PT: 'America/Los_Angeles',
  AKT: 'America/Anchorage',
  HAT: 'America/Adak',
  HT: 'Pacific/Honolulu',
  BOISE: 'America/Boise',
  INDY: 'America/Indiana/Indianapolis',
  DETROIT: 'America/Detroit',
  MENOMINEE: 'America/Menominee',
  TORONTO: 'America/Toronto',
  WINNIPEG: 'America/Winnipeg',
  HALIFAX: 'America/Halifax',
  ST_JOHNS: 'America/St_Johns',
  GOOSE_BAY: 'America/Goose_Bay',
  VANCOUVER: 'America/Vancouver',
  EDMONTON: 'America/Edmonton',
  DAWSON_CREEK: 'America/Dawson_Creek',
  REGINA: 'America/Regina',
} as const;

export const one = (zone: string): RegionZones => ({ zones: [zone] });
export const split = (
  zones: readonly string[],
  otherwise: readonly string[],
  prefixes: Record<string, readonly string[]>,
): RegionZones => ({
  zones,
  postal: { prefixes, otherwise },
});
