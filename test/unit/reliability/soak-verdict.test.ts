// The soak's growth verdict (test/reliability/soak-verdict.ts) on series shaped like real runs: a flat heap
// with noise, a worker warming up (fast rise that levels off, as in RESULTS.md's soak runs) and the same
// with a leak on top, at the CI size (2.5 minutes, 1 minute of warm-up, a sample every 5 s) and at 10
// minutes (2 minutes of warm-up).
import {
  BOUNDS,
  defaultWarmupSeconds,
  judgeGrowth,
  type Point,
} from '../../../test/reliability/soak-verdict.js';

/** Deterministic noise in [-amplitude, amplitude]. */
function noise(i: number, amplitude: number): number {
  const x = Math.sin(i * 12.9898) * 43758.5453;
  return (x - Math.floor(x) - 0.5) * 2 * amplitude;
}

/** A sample every 5 s for `minutes`, valued f(minute) plus ±0.3 MB of noise. */
function series(minutes: number, f: (minute: number) => number): Point[] {
  return Array.from({ length: (minutes * 60) / 5 }, (_, i) => {
    const minute = ((i + 1) * 5) / 60;
    return { minute, value: f(minute) + noise(i, 0.3) };
  });
}

/** A worker's heap warming up: +6 MB, most of it in the first two minutes (soak-10 in RESULTS.md). */
const warmingUp = (minute: number) => 35 + 6 * (1 - Math.exp(-minute / 0.9));

describe('soak growth verdict', () => {
  it.each([
    ['2.5 minutes', 2.5],
    ['10 minutes', 10],
  ])('passes a flat heap and a warm-up that levels off (%s)', (_label, minutes) => {
    const warmup = defaultWarmupSeconds(minutes) / 60;
    expect(
      judgeGrowth(
        series(minutes, () => 31.5),
        warmup,
        BOUNDS.heapMb,
      ).growing,
    ).toBe(false);
    expect(judgeGrowth(series(minutes, warmingUp), warmup, BOUNDS.heapMb).growing).toBe(false);
  });

  it('fails a warm-up with a 2 MB/min leak on top at the CI size, and 1.2 MB/min in 10 minutes', () => {
    const short = judgeGrowth(
      series(2.5, (m) => warmingUp(m) + 2 * m),
      1,
      BOUNDS.heapMb,
    );
    expect(short).toMatchObject({ growing: true, samples: 19 });
    expect(short.slopePerMin).toBeGreaterThan(2);
    const long = judgeGrowth(
      series(10, (m) => warmingUp(m) + 1.2 * m),
      2,
      BOUNDS.heapMb,
    );
    expect(long.growing).toBe(true);
  });

  it('does not call a steady rise below the bounds a leak (0.5 MB/min for 10 minutes)', () => {
    const g = judgeGrowth(
      series(10, (m) => 31.5 + 0.5 * m),
      2,
      BOUNDS.heapMb,
    );
    expect(g.r2).toBeGreaterThan(0.9);
    expect(g.growing).toBe(false);
  });

  it('does not judge a run too short for its warm-up', () => {
    expect(
      judgeGrowth(
        series(1.25, (m) => 31.5 + 10 * m),
        1,
        BOUNDS.heapMb,
      ),
    ).toMatchObject({ samples: 4, growing: false });
  });
});
