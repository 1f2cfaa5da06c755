// Cost estimates per SMS segment by destination country, in integer micro-dollars (1 USD =
// 1,000,000 micros) so sums never drift. The defaults are ESTIMATES of typical outbound A2P SMS
// prices per segment in USD (order of magnitude of public carrier/aggregator list prices); they are
// shown to the merchant as "estimated cost", never billed. A shop can override any country (and
// DEFAULT) with the price its own provider contract says.
import { AppError } from '../errors.js';

export type Micros = number;

export const MICROS_PER_USD = 1_000_000;

/** Estimated USD micros per segment, keyed by ISO 3166-1 alpha-2 code; DEFAULT for the rest. */
export const DEFAULT_PRICES_MICROS: Readonly<Record<string, Micros>> = Object.freeze({
  US: 8_300,
  CA: 8_300,
  GB: 40_000,
  IE: 72_000,
  DE: 95_000,
  FR: 80_000,
  NL: 105_000,
  BE: 90_000,
  LU: 60_000,
  ES: 80_000,
  IT: 85_000,
  PT: 40_000,
  AT: 100_000,
  CH: 70_000,
  SE: 60_000,
  NO: 70_000,
  DK: 50_000,
  FI: 80_000,
  PL: 40_000,
  AU: 50_000,
  NZ: 100_000,
  MX: 50_000,
  BR: 30_000,
  IN: 8_000,
  JP: 75_000,
  DEFAULT: 100_000,
});

export type PriceSource = 'override' | 'table' | 'default';

export interface CostEstimate {
  /** Upper-cased country code the price was looked up for. */
  country: string;
  source: PriceSource;
  microsPerSegment: Micros;
  segments: number;
  totalMicros: Micros;
  /** Total in USD as an exact decimal string, e.g. "0.0166". */
  totalUsd: string;
}

function assertMicros(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new AppError({
      code: 'invalid_price',
      status: 400,
      message: `${what} must be a non-negative integer number of micro-dollars`,
    });
  }
}

/** Price per segment for a country: shop override, then the table, then the shop's/table's DEFAULT. */
export function pricePerSegment(
  country: string,
  overrides: Readonly<Record<string, Micros>> = {},
): { country: string; source: PriceSource; microsPerSegment: Micros } {
  const code = country.trim().toUpperCase();
  const own = (key: string): Micros | undefined =>
    Object.hasOwn(overrides, key) ? overrides[key] : undefined;
  const override = own(code) ?? (Object.hasOwn(DEFAULT_PRICES_MICROS, code) ? undefined : own('DEFAULT'));
  if (override !== undefined) {
    assertMicros(override, `Price override for ${code}`);
    return { country: code, source: 'override', microsPerSegment: override };
  }
  const listed =
    Object.hasOwn(DEFAULT_PRICES_MICROS, code) && code !== 'DEFAULT'
      ? DEFAULT_PRICES_MICROS[code]
      : undefined;
  if (listed !== undefined) return { country: code, source: 'table', microsPerSegment: listed };
  return { country: code, source: 'default', microsPerSegment: DEFAULT_PRICES_MICROS.DEFAULT ?? 0 };
}

/** Estimated cost of sending `segments` segments (all recipients together) to one country. */
export function estimateCost(input: {
  country: string;
  segments: number;
  overrides?: Readonly<Record<string, Micros>>;
}): CostEstimate {
  if (!Number.isSafeInteger(input.segments) || input.segments < 0) {
    throw new AppError({
      code: 'invalid_segments',
      status: 400,
      message: 'segments must be a non-negative integer',
    });
  }
  const price = pricePerSegment(input.country, input.overrides);
  const totalMicros = price.microsPerSegment * input.segments;
  if (!Number.isSafeInteger(totalMicros)) {
    throw new AppError({ code: 'invalid_segments', status: 400, message: 'Estimated cost is out of range' });
  }
  return { ...price, segments: input.segments, totalMicros, totalUsd: formatMicrosAsUsd(totalMicros) };
}

/** "0.0083" for 8300 micros: exact, trailing zeros trimmed, at least two decimals. */
export function formatMicrosAsUsd(micros: Micros): string {
  assertMicros(micros, 'Amount');
  const whole = Math.floor(micros / MICROS_PER_USD);
  const frac = String(micros % MICROS_PER_USD)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${whole}.${frac}`;
}

/** Parse a merchant-entered USD price such as "0.0079" into micros, exactly; up to 6 decimals. */
export function parseUsdToMicros(input: string): Micros {
  const m = /^\s*(\d{1,9})(?:\.(\d{1,6}))?\s*$/.exec(input);
  if (!m) {
    throw new AppError({
      code: 'invalid_price',
      status: 400,
      message: 'Price must be a decimal USD amount with at most 6 decimals',
    });
  }
  return Number(m[1]) * MICROS_PER_USD + Number((m[2] ?? '').padEnd(6, '0'));
}
