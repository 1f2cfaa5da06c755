// Statistics for A/B reports, pure: Wilson 95% intervals for rates, a normal interval for revenue per
// recipient, and the two-proportion z-test (pooled) with its two-sided p-value.

const Z95 = 1.959963984540054;

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** Wilson score interval (95%) of `successes` out of `n`. n = 0: [0, 0]. */
export function rateInterval(successes: number, n: number): Interval {
  if (n === 0) return { estimate: 0, low: 0, high: 0 };
  const p = successes / n;
  const z2 = Z95 * Z95;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Normal 95% interval of a mean from its sum, sum of squares and n (revenue per recipient). */
export function meanInterval(sum: number, sumSquares: number, n: number): Interval {
  if (n === 0) return { estimate: 0, low: 0, high: 0 };
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (sumSquares - n * mean * mean) / (n - 1)) : 0;
  const half = Z95 * Math.sqrt(variance / n);
  return { estimate: mean, low: Math.max(0, mean - half), high: mean + half };
}

/** Two-sided p-value of the pooled two-proportion z-test; 1 when either group is empty or nothing differs. */
export function twoProportionPValue(x1: number, n1: number, x2: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 1;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return 1;
  const z = (x1 / n1 - x2 / n2) / se;
  return Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
}
