// Rate limit of counted clicks per client IP and short code: a token bucket per (ip, code), in memory,
// one per HTTP app (created with it, never module-global). A click over the limit still redirects (a
// person must always get to the shop) but is not recorded, so a script cannot inflate a campaign's
// numbers. The map is bounded: when it is full, the least recently touched buckets are dropped.

export interface ClickLimits {
  /** Clicks counted at once for one IP and code (the bucket's capacity). */
  burst: number;
  /** Counted clicks regained per minute for one IP and code. */
  perMinute: number;
  /** Most (ip, code) pairs remembered. */
  maxKeys: number;
}

export const DEFAULT_CLICK_LIMITS: ClickLimits = { burst: 5, perMinute: 6, maxKeys: 50_000 };

export interface ClickLimiter {
  /** True when this click is to be counted (a token was taken). */
  take(ip: string, code: string, nowMs: number): boolean;
  /** Pairs currently remembered (for tests and metrics). */
  size(): number;
}

export function createClickLimiter(limits: ClickLimits = DEFAULT_CLICK_LIMITS): ClickLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = limits.perMinute / 60_000;
  return {
    take(ip, code, nowMs) {
      const key = `${ip}|${code}`;
      const bucket = buckets.get(key) ?? { tokens: limits.burst, at: nowMs };
      buckets.delete(key); // re-inserted below: Map order is least recently touched first
      bucket.tokens = Math.min(limits.burst, bucket.tokens + Math.max(0, nowMs - bucket.at) * perMs);
      bucket.at = Math.max(bucket.at, nowMs);
      const counted = bucket.tokens >= 1;
      if (counted) bucket.tokens -= 1;
      buckets.set(key, bucket);
      while (buckets.size > limits.maxKeys) buckets.delete(buckets.keys().next().value!);
      return counted;
    },
    size: () => buckets.size,
  };
}
