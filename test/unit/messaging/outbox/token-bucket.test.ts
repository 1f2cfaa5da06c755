import { createRateLimiter, createTokenBucket } from '../../../../server/messaging/outbox/token-bucket.js';

describe('createTokenBucket', () => {
  it('starts full with one second of tokens (the burst capacity), whatever the first clock reading', () => {
    const bucket = createTokenBucket(10);
    expect(bucket.ratePerSecond).toBe(10);
    expect(bucket.available(5000)).toBe(10);
    expect(bucket.take(25, 5000)).toBe(10);
    expect(bucket.available(5000)).toBe(0);
  });

  it('gives out what it has and never goes negative', () => {
    const bucket = createTokenBucket(10);
    expect(bucket.take(4, 0)).toBe(4);
    expect(bucket.available(0)).toBe(6);
    expect(bucket.take(10, 0)).toBe(6);
    expect(bucket.take(1, 0)).toBe(0);
    expect(bucket.available(0)).toBe(0);
    expect(bucket.take(0, 0)).toBe(0);
    expect(bucket.take(-5, 0)).toBe(0);
    expect(bucket.available(0)).toBe(0);
  });

  it('refills at the rate over time, keeping fractions of a token', () => {
    const bucket = createTokenBucket(10);
    bucket.take(10, 0);
    expect(bucket.available(100)).toBe(1);
    expect(bucket.available(250)).toBe(2); // 2.5 tokens
    expect(bucket.take(5, 250)).toBe(2); // 0.5 left
    expect(bucket.available(299)).toBe(0); // 0.99
    expect(bucket.available(300)).toBe(1); // 0.5 + 0.5
  });

  it('never holds more than its capacity, however long it was idle', () => {
    const bucket = createTokenBucket(10);
    bucket.take(3, 0);
    expect(bucket.available(1_000_000)).toBe(10);
    expect(bucket.take(11, 1_000_000)).toBe(10);
  });

  it('ignores a clock going backwards (no refill, and the later reading stays the reference)', () => {
    const bucket = createTokenBucket(10);
    bucket.take(10, 1000);
    expect(bucket.available(500)).toBe(0);
    expect(bucket.take(1, 500)).toBe(0);
    // Refill counts from 1000, not from 500.
    expect(bucket.available(1099)).toBe(0);
    expect(bucket.available(1100)).toBe(1);
  });

  it('holds at least one token for rates below one per second', () => {
    const bucket = createTokenBucket(0.5);
    expect(bucket.take(3, 0)).toBe(1);
    expect(bucket.available(1000)).toBe(0);
    expect(bucket.available(2000)).toBe(1);
    expect(bucket.available(60_000)).toBe(1);
  });

  it('does not limit at all for a rate of 0 or below', () => {
    for (const rate of [0, -1]) {
      const bucket = createTokenBucket(rate);
      expect(bucket.take(1_000_000, 0)).toBe(1_000_000);
      expect(bucket.take(1_000_000, 0)).toBe(1_000_000);
      expect(bucket.available(0)).toBe(Number.POSITIVE_INFINITY);
    }
  });
});

describe('createRateLimiter', () => {
  it('grants the lesser of the shop and provider buckets and takes the grant from both', () => {
    const limiter = createRateLimiter({ perShop: 5, perProvider: 8 });
    expect(limiter.acquire('shop-a', 'messagebird', 10, 0).granted).toBe(5);
    // The provider bucket is shared: shop-b gets what shop-a left of it.
    expect(limiter.acquire('shop-b', 'messagebird', 10, 0).granted).toBe(3);
    expect(limiter.acquire('shop-c', 'messagebird', 10, 0).granted).toBe(0);
    expect(limiter.acquire('shop-a', 'messagebird', 1, 0).granted).toBe(0);
  });

  it('keeps separate buckets per shop and per provider', () => {
    const limiter = createRateLimiter({ perShop: 5, perProvider: 8 });
    expect(limiter.acquire('shop-a', 'messagebird', 10, 0).granted).toBe(5);
    expect(limiter.acquire('shop-a', 'simulator', 10, 0).granted).toBe(0);
    expect(limiter.acquire('shop-b', 'simulator', 10, 0).granted).toBe(5);
    expect(limiter.acquire('shop-c', 'simulator', 10, 0).granted).toBe(3);
  });

  it('does not spend provider tokens when the shop has none', () => {
    const limiter = createRateLimiter({ perShop: 5, perProvider: 8 });
    limiter.acquire('shop-a', 'messagebird', 5, 0);
    expect(limiter.acquire('shop-a', 'messagebird', 10, 0).granted).toBe(0);
    expect(limiter.acquire('shop-b', 'messagebird', 10, 0).granted).toBe(3);
  });

  it('grants again as the buckets refill', () => {
    const limiter = createRateLimiter({ perShop: 5, perProvider: 8 });
    limiter.acquire('shop-a', 'messagebird', 10, 0);
    expect(limiter.acquire('shop-a', 'messagebird', 10, 400).granted).toBe(2);
    expect(limiter.acquire('shop-a', 'messagebird', 10, 2000).granted).toBe(5);
  });

  it('grants fewer than asked only when a bucket runs short', () => {
    const limiter = createRateLimiter({ perShop: 5, perProvider: 8 });
    expect(limiter.acquire('shop-a', 'messagebird', 2, 0).granted).toBe(2);
    expect(limiter.acquire('shop-a', 'messagebird', 2, 0).granted).toBe(2);
    expect(limiter.acquire('shop-a', 'messagebird', 2, 0).granted).toBe(1);
  });

  it('spaces the messages it could not grant at the slower of the two rates', () => {
    const limiter = createRateLimiter({ perShop: 5, perProvider: 8 });
    const grant = limiter.acquire('shop-a', 'messagebird', 10, 0);
    expect([0, 1, 2, 3, 4].map((i) => grant.delayMs(i))).toEqual([200, 400, 600, 800, 1000]);
    const thirds = createRateLimiter({ perShop: 0, perProvider: 3 }).acquire('shop-a', 'messagebird', 10, 0);
    expect(thirds.granted).toBe(3);
    expect([0, 1, 2].map((i) => thirds.delayMs(i))).toEqual([334, 667, 1000]);
  });

  it('limits only by the configured rate when the other is 0', () => {
    const shopOnly = createRateLimiter({ perShop: 4, perProvider: 0 });
    const a = shopOnly.acquire('shop-a', 'messagebird', 10, 0);
    expect(a.granted).toBe(4);
    expect(a.delayMs(0)).toBe(250);
    expect(shopOnly.acquire('shop-b', 'messagebird', 10, 0).granted).toBe(4);
    const providerOnly = createRateLimiter({ perShop: 0, perProvider: 2 });
    const b = providerOnly.acquire('shop-a', 'messagebird', 10, 0);
    expect(b.granted).toBe(2);
    expect([b.delayMs(0), b.delayMs(1)]).toEqual([500, 1000]);
    expect(providerOnly.acquire('shop-b', 'messagebird', 10, 0).granted).toBe(0);
  });

  it('grants everything with no delay when both rates are 0', () => {
    const limiter = createRateLimiter({ perShop: 0, perProvider: 0 });
    const grant = limiter.acquire('shop-a', 'messagebird', 50_000, 0);
    expect(grant.granted).toBe(50_000);
    expect(grant.delayMs(0)).toBe(0);
    expect(grant.delayMs(49_999)).toBe(0);
  });

  it('holds one shop at rate 0 until its Retry-After passes; other shops keep theirs', () => {
    const limiter = createRateLimiter({ perShop: 0, perProvider: 0 });
    limiter.holdShop('shop-a', 30_000);
    const held = limiter.acquire('shop-a', 'messagebird', 5, 1000);
    expect(held.granted).toBe(0);
    expect([held.delayMs(0), held.delayMs(4)]).toEqual([29_000, 29_000]);
    expect(limiter.acquire('shop-b', 'messagebird', 5, 1000).granted).toBe(5);
    // A shorter second hold does not shorten the first.
    limiter.holdShop('shop-a', 10_000);
    expect(limiter.acquire('shop-a', 'messagebird', 5, 29_999).granted).toBe(0);
    expect(limiter.acquire('shop-a', 'messagebird', 5, 30_000).granted).toBe(5);
  });

  it("spaces a held shop's messages at its own rate after the hold", () => {
    const limiter = createRateLimiter({ perShop: 4, perProvider: 0 });
    limiter.holdShop('shop-a', 5000);
    const held = limiter.acquire('shop-a', 'messagebird', 3, 0);
    expect([0, 1, 2].map((i) => held.delayMs(i))).toEqual([5000, 5250, 5500]);
  });
});
