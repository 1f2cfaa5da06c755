// Whether a soak process's memory or open handles grow without bound, judged so that a 2.5-minute run and
// a long one agree. Samples from the warm-up (JIT, caches and pools filling, the first campaign) are left
// out, and growth counts only when it is both
// - steady: a least-squares line over the rest of the run fits (r² >= minR2) and is not levelling off (its
//   slope over the window's second half is at least half its slope over the whole window: a process still
//   warming up rises fast and then flattens; a leak keeps its pace), and
// - material: it rises at least minSlopePerMin a minute AND at least minTotal over the judged window.
// The heap is measured after a forced full collection, so garbage not yet collected and allocator slack
// (what made RSS look like a leak in a 3-minute run: +8 MB/min, r² 0.7) do not count. What a run can tell
// from noise is therefore max(minSlopePerMin, minTotal / judged minutes): with the heap bounds below, about
// 2 MB a minute in a 2.5-minute run (90 s judged) and 1 MB a minute in a 10-minute one.

export interface Point {
  /** Minutes since the run's steady phase began. */
  minute: number;
  value: number;
}

export interface Bound {
  minR2: number;
  minSlopePerMin: number;
  minTotal: number;
}

export interface Growth {
  /** Samples judged (those after the warm-up). */
  samples: number;
  first: number;
  last: number;
  slopePerMin: number;
  /** Slope over the second half of the judged window. */
  lateSlopePerMin: number;
  r2: number;
  /** Rise of the fitted line over the judged window (slope × its length in minutes). */
  total: number;
  growing: boolean;
}

/** The soak's bounds. */
export const BOUNDS = {
  /** V8 heap in use after a full collection, MB (noise about ±0.3 MB: soak-10 in RESULTS.md). */
  heapMb: { minR2: 0.8, minSlopePerMin: 1, minTotal: 3 },
  /** Buffers and other memory outside the heap after the same collection, MB (noisy: sockets' buffers). */
  externalMb: { minR2: 0.8, minSlopePerMin: 1, minTotal: 3 },
  /** RSS, MB: reported, judged loosely (allocator slack and warm-up move it by tens of MB). */
  rssMb: { minR2: 0.8, minSlopePerMin: 2, minTotal: 64 },
  /** Active handles (sockets, timers, ...). */
  handles: { minR2: 0.8, minSlopePerMin: 0.5, minTotal: 5 },
} as const satisfies Record<string, Bound>;

/** Fewer samples than this after the warm-up cannot be judged (the run is too short for its warm-up). */
export const MIN_SAMPLES = 6;

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Least-squares slope per minute and r² of the points. */
export function trend(points: readonly Point[]): { slopePerMin: number; r2: number } {
  const n = points.length;
  if (n < 2) return { slopePerMin: 0, r2: 0 };
  const mx = points.reduce((a, p) => a + p.minute, 0) / n;
  const my = points.reduce((a, p) => a + p.value, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const p of points) {
    sxy += (p.minute - mx) * (p.value - my);
    sxx += (p.minute - mx) ** 2;
    syy += (p.value - my) ** 2;
  }
  const slopePerMin = sxx === 0 ? 0 : sxy / sxx;
  const r2 = sxx === 0 || syy === 0 ? 0 : (sxy * sxy) / (sxx * syy);
  return { slopePerMin, r2 };
}

/** Judges the points at or after `warmupMinutes` against `bound`. */
export function judgeGrowth(points: readonly Point[], warmupMinutes: number, bound: Bound): Growth {
  const judged = points.filter((p) => p.minute >= warmupMinutes);
  const { slopePerMin, r2 } = trend(judged);
  const from = judged[0]?.minute ?? 0;
  const span = judged.length > 1 ? judged.at(-1)!.minute - from : 0;
  const late = trend(judged.filter((p) => p.minute >= from + span / 2)).slopePerMin;
  const total = slopePerMin * span;
  return {
    samples: judged.length,
    first: judged[0]?.value ?? NaN,
    last: judged.at(-1)?.value ?? NaN,
    slopePerMin: round2(slopePerMin),
    lateSlopePerMin: round2(late),
    r2: round2(r2),
    total: round2(total),
    growing:
      judged.length >= MIN_SAMPLES &&
      r2 >= bound.minR2 &&
      late >= slopePerMin / 2 &&
      slopePerMin >= bound.minSlopePerMin &&
      total >= bound.minTotal,
  };
}

/** The warm-up left out of the verdict: a minute, or a fifth of a longer run. */
export function defaultWarmupSeconds(minutes: number): number {
  return Math.max(60, Math.round((minutes * 60) / 5));
}
