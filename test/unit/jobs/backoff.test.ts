import { retryDelayMs, type BackoffPolicy } from '../../../server/jobs/backoff.js';

const POLICY: BackoffPolicy = { baseMs: 1000, maxMs: 60_000 };
const fixed = (value: number) => (): number => value;

describe('retryDelayMs', () => {
  it('doubles the delay with each attempt (lowest jitter: half the exponential delay)', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, POLICY, fixed(0)))).toEqual([
      500, 1000, 2000, 4000, 8000, 16_000,
    ]);
  });

  it('adds up to the other half at random ("equal jitter")', () => {
    expect(retryDelayMs(1, POLICY, fixed(0.5))).toBe(750);
    expect(retryDelayMs(1, POLICY, fixed(0.75))).toBe(875);
    expect(retryDelayMs(3, POLICY, fixed(0.5))).toBe(3000);
    expect(retryDelayMs(3, POLICY, fixed(0.999))).toBe(3998);
  });

  it('caps the exponential delay at maxMs before the jitter', () => {
    // 1000 · 2^6 = 64,000 > 60,000: the cap applies, jitter is taken from the capped value.
    expect(retryDelayMs(7, POLICY, fixed(0))).toBe(30_000);
    expect(retryDelayMs(7, POLICY, fixed(0.5))).toBe(45_000);
    expect(retryDelayMs(50, POLICY, fixed(0.999))).toBe(59_970);
  });

  it('treats attempt 0 and below like the first attempt', () => {
    expect(retryDelayMs(0, POLICY, fixed(0))).toBe(500);
    expect(retryDelayMs(-3, POLICY, fixed(0.5))).toBe(750);
  });

  it('stops doubling after 30 doublings even without a cap', () => {
    const uncapped: BackoffPolicy = { baseMs: 1, maxMs: Number.POSITIVE_INFINITY };
    expect(retryDelayMs(31, uncapped, fixed(0))).toBe(2 ** 29);
    expect(retryDelayMs(1000, uncapped, fixed(0))).toBe(2 ** 29);
  });

  it('rounds to whole milliseconds', () => {
    // baseMs 3, attempt 1: 1.5 + r · 1.5
    expect(retryDelayMs(1, { baseMs: 3, maxMs: 100 }, fixed(0))).toBe(2);
    expect(retryDelayMs(1, { baseMs: 3, maxMs: 100 }, fixed(0.2))).toBe(2);
    expect(retryDelayMs(1, { baseMs: 3, maxMs: 100 }, fixed(0.4))).toBe(2);
    expect(retryDelayMs(1, { baseMs: 3, maxMs: 100 }, fixed(0.8))).toBe(3);
  });

  it("never goes below the provider's Retry-After, even past the cap", () => {
    expect(retryDelayMs(1, POLICY, fixed(0), 5000)).toBe(5000);
    expect(retryDelayMs(1, POLICY, fixed(0), 100)).toBe(500);
    expect(retryDelayMs(1, POLICY, fixed(0), 0)).toBe(500);
    expect(retryDelayMs(10, POLICY, fixed(0), 120_000)).toBe(120_000);
  });

  it('spans [exp/2, exp] from the lowest to the highest random value, capped at maxMs', () => {
    const b = { baseMs: 1000, maxMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, b, () => 0))).toEqual([
      500, 1000, 2000, 4000, 5000, 5000,
    ]);
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, b, () => 0.999999))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('is deterministic for an injected random source', () => {
    const sequence = (values: number[]) => {
      let i = 0;
      return (): number => values[i++ % values.length]!;
    };
    const run = () => {
      const random = sequence([0.1, 0.9, 0.25, 0.6]);
      return [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => retryDelayMs(attempt, POLICY, random));
    };
    const expected = [550, 1900, 2500, 6400, 8800, 30_400, 37_500, 48_000];
    expect(run()).toEqual(expected);
    expect(run()).toEqual(expected);
  });

  it('uses Math.random by default, staying within [exp/2, exp]', () => {
    const delays = Array.from({ length: 500 }, () => retryDelayMs(4, POLICY));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(4000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8000);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });
});
