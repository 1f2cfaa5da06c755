// Token buckets limiting send rates per shop and per provider (messages per second, per dispatcher
// process). A rate of 0 means no limit. Capacity is one second's worth, so bursts stay short. A 429
// with Retry-After holds one shop's sends back for that long (holdShop).
export interface TokenBucket {
  /** Takes up to `n` tokens now; returns how many were taken. */
  take(n: number, nowMs: number): number;
  /** Tokens available at nowMs (after refill). */
  available(nowMs: number): number;
  readonly ratePerSecond: number;
}

export function createTokenBucket(ratePerSecond: number): TokenBucket {
  const capacity = Math.max(1, ratePerSecond);
  let tokens = capacity;
  let last = -1;
  const refill = (nowMs: number): void => {
    if (last >= 0 && nowMs > last)
      tokens = Math.min(capacity, tokens + ((nowMs - last) / 1000) * ratePerSecond);
    last = Math.max(last, nowMs);
  };
  return {
    ratePerSecond,
    available(nowMs) {
      if (ratePerSecond <= 0) return Infinity;
      refill(nowMs);
      return Math.floor(tokens);
    },
    take(n, nowMs) {
      if (ratePerSecond <= 0) return n;
      refill(nowMs);
      const got = Math.max(0, Math.min(n, Math.floor(tokens)));
      tokens -= got;
      return got;
    },
  };
}

export interface RateLimiter {
  /**
   * Grants up to `n` sends for this shop through this provider. The rest must wait: `delayMs(i)`
   * is when the i-th (0-based) of them may be tried, spacing them at the slower of the two rates.
   */
  acquire(
    shopId: string,
    provider: string,
    n: number,
    nowMs: number,
  ): { granted: number; delayMs(i: number): number };
  /**
   * The provider answered 429 with Retry-After for this shop: its rate is 0 until `untilMs` (then
   * back to normal); other shops keep theirs.
   */
  holdShop(shopId: string, untilMs: number): void;
}

export function createRateLimiter(rates: { perShop: number; perProvider: number }): RateLimiter {
  const shops = new Map<string, TokenBucket>();
  const providers = new Map<string, TokenBucket>();
  const heldUntil = new Map<string, number>();
  const bucket = (map: Map<string, TokenBucket>, key: string, rate: number): TokenBucket => {
    let b = map.get(key);
    if (!b) {
      b = createTokenBucket(rate);
      map.set(key, b);
    }
    return b;
  };
  return {
    acquire(shopId, provider, n, nowMs) {
      const held = heldUntil.get(shopId);
      if (held !== undefined) {
        if (held > nowMs) {
          const spacing = rates.perShop > 0 ? 1000 / rates.perShop : 0;
          return { granted: 0, delayMs: (i) => held - nowMs + Math.ceil(i * spacing) };
        }
        heldUntil.delete(shopId);
      }
      const s = bucket(shops, shopId, rates.perShop);
      const p = bucket(providers, provider, rates.perProvider);
      const granted = Math.min(n, s.available(nowMs), p.available(nowMs));
      s.take(granted, nowMs);
      p.take(granted, nowMs);
      const rates_ = [rates.perShop, rates.perProvider].filter((r) => r > 0);
      const slowest = rates_.length > 0 ? Math.min(...rates_) : Infinity;
      return {
        granted,
        delayMs: (i) => (Number.isFinite(slowest) ? Math.ceil(((i + 1) / slowest) * 1000) : 0),
      };
    },
    holdShop(shopId, untilMs) {
      heldUntil.set(shopId, Math.max(untilMs, heldUntil.get(shopId) ?? 0));
    },
  };
}
