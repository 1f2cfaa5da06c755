// Retry delays after a transient failure: exponential (base · 2^(attempt−1), capped) with "equal
// jitter" (half fixed, half random) so retries of one burst spread out instead of stampeding.
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** Delay before the next try after `attempt` tries (1-based); never below the provider's retryAfterMs. */
export function retryDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}
