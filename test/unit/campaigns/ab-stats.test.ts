import {
  meanInterval,
  normalCdf,
  rateInterval,
  twoProportionPValue,
} from '../../../server/campaigns/ab-stats.js';
import { chooseWinner, type VariantFigures } from '../../../server/campaigns/ab-winner.js';

const figures = (
  key: string,
  recipients: number,
  clickers: number,
  buyers = 0,
  revenue = 0,
  revenueSquares = 0,
): VariantFigures => ({
  key,
  recipients,
  clickers,
  buyers,
  revenue,
  revenueSquares,
});

describe('A/B statistics', () => {
  it('normal CDF matches known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 5);
  });

  it('two-proportion z-test: 120/1000 vs 90/1000 (z ≈ 2.19, p ≈ 0.029)', () => {
    expect(twoProportionPValue(120, 1000, 90, 1000)).toBeCloseTo(0.0288, 3);
    expect(twoProportionPValue(50, 1000, 50, 1000)).toBeCloseTo(1, 6);
    expect(twoProportionPValue(1, 0, 1, 10)).toBe(1);
  });

  it('Wilson interval of 50/100 is about [0.404, 0.596]; of 0/0 is [0, 0]', () => {
    const i = rateInterval(50, 100);
    expect(i.estimate).toBe(0.5);
    expect(i.low).toBeCloseTo(0.4038, 3);
    expect(i.high).toBeCloseTo(0.5962, 3);
    expect(rateInterval(0, 0)).toEqual({ estimate: 0, low: 0, high: 0 });
    expect(rateInterval(0, 20).low).toBe(0);
  });

  it('mean interval from sums: values 10, 20, 30 → mean 20 ± 1.96·10/√3', () => {
    const i = meanInterval(60, 100 + 400 + 900, 3);
    expect(i.estimate).toBe(20);
    expect(i.high - 20).toBeCloseTo((1.959964 * 10) / Math.sqrt(3), 3);
  });
});

describe('chooseWinner', () => {
  it('picks the higher click rate and reports significance', () => {
    const r = chooseWinner('click_rate', [figures('A', 1000, 90), figures('B', 1000, 120)]);
    expect(r.winner).toBe('B');
    expect(r.pValue).toBeCloseTo(0.0288, 3);
    expect(r.significant).toBe(true);
    expect(r.variants.map((v) => v.metric)).toEqual([0.09, 0.12]);
    expect(r.summary).toMatch(/^B won/);
  });

  it('says when the difference is not significant', () => {
    const r = chooseWinner('order_rate', [
      figures('A', 100, 0, 5),
      figures('B', 100, 0, 4),
      figures('C', 100, 0, 3),
    ]);
    expect(r.winner).toBe('A');
    expect(r.significant).toBe(false);
    expect(r.summary).toMatch(
      /^The difference between A \(5\.0%\) and B \(4\.0%\) is not significant \(p = 0\.\d{3}\); A was sent to the rest\.$/,
    );
  });

  it('revenue per recipient: no p-value, significance from the intervals; ties go to the earlier variant', () => {
    const r = chooseWinner('revenue_per_recipient', [
      figures('A', 10, 0, 1, 50, 2500),
      figures('B', 10, 0, 1, 50, 2500),
    ]);
    expect(r.winner).toBe('A');
    expect(r.pValue).toBeNull();
    expect(r.significant).toBe(false);
    expect(r.variants[0]!.metric).toBe(5);
  });
});
