import { isAppError } from '../../../server/errors.js';
import {
  DEFAULT_PRICES_MICROS,
  estimateCost,
  formatMicrosAsUsd,
  parseUsdToMicros,
  pricePerSegment,
} from '../../../server/messaging/pricing.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return isAppError(e) ? e.code : 'not-an-app-error';
  }
  return undefined;
};

describe('pricing', () => {
  it('has integer prices for at least 20 countries and a DEFAULT', () => {
    const entries = Object.entries(DEFAULT_PRICES_MICROS);
    expect(entries.filter(([k]) => k !== 'DEFAULT').length).toBeGreaterThanOrEqual(20);
    expect(DEFAULT_PRICES_MICROS.DEFAULT).toBeGreaterThan(0);
    for (const [country, micros] of entries) {
      expect({ country, ok: Number.isSafeInteger(micros) && micros > 0 }).toEqual({ country, ok: true });
    }
  });

  it('estimates from the table in integer micros and exact decimal USD', () => {
    expect(estimateCost({ country: 'us', segments: 3 })).toEqual({
      country: 'US',
      source: 'table',
      microsPerSegment: 8_300,
      segments: 3,
      totalMicros: 24_900,
      totalUsd: '0.0249',
    });
  });

  it('does not drift over many segments (no floating point accumulation)', () => {
    const estimate = estimateCost({ country: 'US', segments: 1_000_003, overrides: { US: 7_900 } });
    expect(estimate.totalMicros).toBe(7_900_023_700);
    expect(estimate.totalUsd).toBe('7900.0237');
  });

  it('falls back to DEFAULT for unknown countries and prefers shop overrides', () => {
    expect(pricePerSegment('ZZ')).toEqual({
      country: 'ZZ',
      source: 'default',
      microsPerSegment: DEFAULT_PRICES_MICROS.DEFAULT,
    });
    expect(pricePerSegment('DE', { DE: 50_000 })).toEqual({
      country: 'DE',
      source: 'override',
      microsPerSegment: 50_000,
    });
    // A shop DEFAULT replaces the fallback for unlisted countries, not the table's own estimates.
    expect(pricePerSegment('ZZ', { DEFAULT: 12_000 })).toEqual({
      country: 'ZZ',
      source: 'override',
      microsPerSegment: 12_000,
    });
    expect(pricePerSegment('GB', { DEFAULT: 12_000 })).toEqual({
      country: 'GB',
      source: 'table',
      microsPerSegment: 40_000,
    });
    expect(pricePerSegment('toString')).toMatchObject({ source: 'default' });
    expect(estimateCost({ country: 'FR', segments: 0 }).totalUsd).toBe('0.00');
  });

  it('rejects invalid segments and overrides', () => {
    expect(codeOf(() => estimateCost({ country: 'US', segments: 1.5 }))).toBe('invalid_segments');
    expect(codeOf(() => estimateCost({ country: 'US', segments: -1 }))).toBe('invalid_segments');
    expect(codeOf(() => estimateCost({ country: 'US', segments: 1, overrides: { US: 0.0079 } }))).toBe(
      'invalid_price',
    );
  });

  it('formats and parses USD amounts exactly', () => {
    expect(formatMicrosAsUsd(0)).toBe('0.00');
    expect(formatMicrosAsUsd(1)).toBe('0.000001');
    expect(formatMicrosAsUsd(1_500_000)).toBe('1.50');
    expect(formatMicrosAsUsd(12_345_678)).toBe('12.345678');
    expect(parseUsdToMicros('0.0079')).toBe(7_900);
    expect(parseUsdToMicros(' 1.5 ')).toBe(1_500_000);
    expect(parseUsdToMicros('0.1')).toBe(100_000);
    expect(parseUsdToMicros('3')).toBe(3_000_000);
    expect(codeOf(() => parseUsdToMicros('0.0000001'))).toBe('invalid_price');
    expect(codeOf(() => parseUsdToMicros('-1'))).toBe('invalid_price');
    expect(codeOf(() => parseUsdToMicros('1e3'))).toBe('invalid_price');
  });
});
