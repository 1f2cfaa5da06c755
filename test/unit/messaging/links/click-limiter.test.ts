// Counted clicks per IP and short code: a burst, then a steady refill; separate per pair and per limiter.
import { createClickLimiter } from '../../../../server/messaging/links/click-limiter.js';

const takeN = (take: () => boolean, n: number): boolean[] => Array.from({ length: n }, take);

describe('click limiter', () => {
  it('counts a burst, then one click per refill interval', () => {
    const limiter = createClickLimiter({ burst: 3, perMinute: 6, maxKeys: 100 });
    const t0 = 1_000_000;
    expect(takeN(() => limiter.take('203.0.113.9', 'abc12345', t0), 5)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(limiter.take('203.0.113.9', 'abc12345', t0 + 9_999)).toBe(false);
    expect(limiter.take('203.0.113.9', 'abc12345', t0 + 10_000)).toBe(true);
    expect(limiter.take('203.0.113.9', 'abc12345', t0 + 10_000)).toBe(false);
    // Never more than the burst after a long pause; a clock going backwards refills nothing.
    expect(takeN(() => limiter.take('203.0.113.9', 'abc12345', t0 + 3_600_000), 4)).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(limiter.take('203.0.113.9', 'abc12345', t0)).toBe(false);
  });

  it('keeps separate buckets per IP, per code and per limiter (no module-global state)', () => {
    const a = createClickLimiter({ burst: 1, perMinute: 1, maxKeys: 100 });
    const b = createClickLimiter({ burst: 1, perMinute: 1, maxKeys: 100 });
    expect(a.take('203.0.113.9', 'code0001', 0)).toBe(true);
    expect(a.take('203.0.113.9', 'code0001', 0)).toBe(false);
    expect(a.take('203.0.113.10', 'code0001', 0)).toBe(true);
    expect(a.take('203.0.113.9', 'code0002', 0)).toBe(true);
    expect(b.take('203.0.113.9', 'code0001', 0)).toBe(true);
  });

  it('remembers at most maxKeys pairs, dropping the least recently touched', () => {
    const limiter = createClickLimiter({ burst: 1, perMinute: 1, maxKeys: 2 });
    expect(limiter.take('ip1', 'c', 0)).toBe(true);
    expect(limiter.take('ip2', 'c', 0)).toBe(true);
    expect(limiter.take('ip1', 'c', 0)).toBe(false); // ip1 touched last now
    expect(limiter.take('ip3', 'c', 0)).toBe(true); // evicts ip2
    expect(limiter.size()).toBe(2);
    expect(limiter.take('ip1', 'c', 0)).toBe(false); // still remembered
    expect(limiter.take('ip2', 'c', 0)).toBe(true); // forgotten: a fresh bucket
  });
});
