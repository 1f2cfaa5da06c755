// Choosing an A/B test's winner from each variant's figures, pure: the metric with its 95% interval, the
// winner (highest metric; ties go to the earlier variant), and, for rates, the two-proportion z-test of the
// winner against the runner-up. The summary says plainly when the difference is not significant.
import type { CampaignAbMetric, CampaignAbResult, CampaignVariantResult } from '../contracts/campaigns.js';
import { assertNever } from '../errors.js';
import { meanInterval, rateInterval, twoProportionPValue } from './ab-stats.js';

export interface VariantFigures {
  key: string;
  recipients: number;
  clickers: number;
  buyers: number;
  revenue: number;
  revenueSquares: number;
}

const SIGNIFICANCE = 0.05;

function resultOf(metric: CampaignAbMetric, f: VariantFigures): CampaignVariantResult {
  switch (metric) {
    case 'click_rate': {
      const i = rateInterval(f.clickers, f.recipients);
      return {
        key: f.key,
        recipients: f.recipients,
        value: f.clickers,
        metric: i.estimate,
        low: i.low,
        high: i.high,
      };
    }
    case 'order_rate': {
      const i = rateInterval(f.buyers, f.recipients);
      return {
        key: f.key,
        recipients: f.recipients,
        value: f.buyers,
        metric: i.estimate,
        low: i.low,
        high: i.high,
      };
    }
    case 'revenue_per_recipient': {
      const i = meanInterval(f.revenue, f.revenueSquares, f.recipients);
      return {
        key: f.key,
        recipients: f.recipients,
        value: f.revenue,
        metric: i.estimate,
        low: i.low,
        high: i.high,
      };
    }
    default:
      return assertNever(metric, 'A/B metric');
  }
}

const fmt = (metric: CampaignAbMetric, v: number) =>
  metric === 'revenue_per_recipient' ? v.toFixed(2) : `${(v * 100).toFixed(1)}%`;

export function chooseWinner(metric: CampaignAbMetric, figures: VariantFigures[]): CampaignAbResult {
  const variants = figures.map((f) => resultOf(metric, f));
  const ranked = [...variants].sort((a, b) => b.metric - a.metric || a.key.localeCompare(b.key));
  const winner = ranked[0]!;
  const runnerUp = ranked[1];
  let pValue: number | null = null;
  let significant = false;
  if (runnerUp) {
    if (metric === 'revenue_per_recipient') {
      significant = winner.low > runnerUp.high;
    } else {
      const w = figures.find((f) => f.key === winner.key)!;
      const r = figures.find((f) => f.key === runnerUp.key)!;
      const successes = (f: VariantFigures) => (metric === 'click_rate' ? f.clickers : f.buyers);
      pValue = twoProportionPValue(successes(w), w.recipients, successes(r), r.recipients);
      significant = pValue < SIGNIFICANCE;
    }
  }
  const p = pValue === null ? '' : ` (p = ${pValue.toFixed(3)})`;
  const summary = !runnerUp
    ? `Only ${winner.key} was tested; it was sent to the rest.`
    : significant
      ? `${winner.key} won with ${fmt(metric, winner.metric)} against ${fmt(metric, runnerUp.metric)} for ${runnerUp.key}${p}; ${winner.key} was sent to the rest.`
      : `The difference between ${winner.key} (${fmt(metric, winner.metric)}) and ${runnerUp.key} (${fmt(metric, runnerUp.metric)}) is not significant${p}; ${winner.key} was sent to the rest.`;
  return { metric, variants, winner: winner.key, pValue, significant, summary };
}
