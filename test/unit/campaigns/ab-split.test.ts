import { randomUUID } from 'node:crypto';
import type { CampaignAb } from '../../../server/contracts/campaigns.js';
import { assignBucket, assignRecipient, bucketOf, BUCKETS } from '../../../server/campaigns/ab-split.js';

const ab = (variants: number, testPercent: number): CampaignAb => ({
  kind: 'content',
  variants: (['A', 'B', 'C', 'D'] as const)
    .slice(0, variants)
    .map((key) => ({ key, templates: { en: `Variant ${key}` } })),
  testPercent,
  metric: 'click_rate',
  waitHours: 4,
});

describe('A/B assignment', () => {
  it('is deterministic for a (campaign, subscriber) pair and differs across campaigns', () => {
    const sub = randomUUID();
    const a = randomUUID();
    expect(bucketOf(a, sub)).toBe(bucketOf(a, sub));
    const buckets = new Set(Array.from({ length: 20 }, () => bucketOf(randomUUID(), sub)));
    expect(buckets.size).toBeGreaterThan(15);
  });

  it('covers the bucket range exactly: 10% holdout, 20% of the rest in the test split evenly over 3 variants', () => {
    const counts: Record<string, number> = {};
    for (let b = 0; b < BUCKETS; b++) {
      const a = assignBucket(b, 10, ab(3, 20));
      const key = `${a.group}:${a.variant}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    expect(counts['holdout:holdout']).toBe(1000);
    expect(counts['test:A']! + counts['test:B']! + counts['test:C']!).toBe(1800);
    for (const k of ['A', 'B', 'C']) expect(Math.abs(counts[`test:${k}`]! - 600)).toBeLessThanOrEqual(1);
    expect(counts['rest:null']).toBe(7200);
  });

  it('without A/B everyone not held out is in the rest with the main templates', () => {
    expect(assignBucket(5000, 0, null)).toEqual({ group: 'rest', variant: null });
    expect(assignBucket(0, 1, null)).toEqual({ group: 'holdout', variant: 'holdout' });
  });

  it('splits 20,000 random recipients within 1.5 points of the configured shares', () => {
    const campaign = randomUUID();
    const n = 20_000;
    const counts: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      const a = assignRecipient(campaign, randomUUID(), 10, ab(2, 30));
      counts[a.variant ?? 'rest'] = (counts[a.variant ?? 'rest'] ?? 0) + 1;
    }
    // holdout 10%; test 30% of the remaining 90% = 27%, so 13.5% each; rest 63%.
    expect(counts.holdout! / n).toBeCloseTo(0.1, 1);
    expect(Math.abs(counts.A! / n - 0.135)).toBeLessThan(0.015);
    expect(Math.abs(counts.B! / n - 0.135)).toBeLessThan(0.015);
    expect(Math.abs(counts.rest! / n - 0.63)).toBeLessThan(0.015);
  });
});
