// A per-shop estimate of Shopify's GraphQL leaky bucket, fed by `extensions.cost.throttleStatus`
// ({maximumAvailable, currentlyAvailable, restoreRate}) of every response. Before a query we ask how
// long to wait so that its (requested) cost fits, instead of spending a round trip on a THROTTLED error.

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  /** Points restored per second. */
  restoreRate: number;
}

export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export class CostBucket {
  private status: ThrottleStatus | null = null;
  private observedAt = 0;

  /** Points available at `nowMs`, extrapolated from the last observation; null before the first response. */
  available(nowMs: number): number | null {
    if (!this.status) return null;
    const elapsed = Math.max(0, nowMs - this.observedAt) / 1000;
    return Math.min(
      this.status.maximumAvailable,
      this.status.currentlyAvailable + elapsed * this.status.restoreRate,
    );
  }

  /** Milliseconds to wait before a query of `cost` points fits in the bucket (0: go now). */
  waitMsFor(cost: number, nowMs: number): number {
    const available = this.available(nowMs);
    if (available === null || !this.status || this.status.restoreRate <= 0) return 0;
    // A query costlier than the whole bucket can only run when the bucket is full.
    const needed = Math.min(cost, this.status.maximumAvailable);
    if (needed <= available) return 0;
    return Math.ceil(((needed - available) / this.status.restoreRate) * 1000);
  }

  /** Spends `cost` from the estimate so concurrent callers see it before Shopify's answer arrives. */
  reserve(cost: number, nowMs: number): void {
    const available = this.available(nowMs);
    if (available === null || !this.status) return;
    this.status = { ...this.status, currentlyAvailable: available - cost };
    this.observedAt = nowMs;
  }

  /** Replaces the estimate with what Shopify reported. */
  observe(status: ThrottleStatus, nowMs: number): void {
    this.status = { ...status };
    this.observedAt = nowMs;
  }
}

/** Milliseconds until a THROTTLED query of `requestedQueryCost` would fit, from the throttled response's status. */
export function throttledWaitMs(cost: QueryCost): number {
  const { currentlyAvailable, restoreRate, maximumAvailable } = cost.throttleStatus;
  if (restoreRate <= 0) return 1000;
  const needed = Math.min(cost.requestedQueryCost, maximumAvailable) - currentlyAvailable;
  return Math.max(0, Math.ceil((needed / restoreRate) * 1000));
}
