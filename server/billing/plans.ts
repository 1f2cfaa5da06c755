// The app's plans, declared here and nowhere else. Each plan has a usage line item: every delivered segment is
// charged at the destination country's price (server/messaging/pricing.ts) plus the operator's margin
// (BILLING_MARGIN_PERCENT), up to a capped amount per 30 days that the merchant approves on Shopify's
// confirmation page. The first `includedSegments` of a period are not charged. Paid plans add a recurring
// price. Amounts are integer micros of USD, the currency the subscriptions are created in.
import { planIds, type PlanId } from '../contracts/billing.js';
import { MICROS_PER_USD, formatMicrosAsUsd, pricePerSegment, type Micros } from '../messaging/pricing.js';

export { planIds, type PlanId };

export interface Plan {
  id: PlanId;
  /** Shown on Shopify's confirmation page and the invoice. */
  name: string;
  /** Recurring price per 30 days (0: usage only, no recurring line item). */
  recurringMicros: Micros;
  /** Segments per 30-day period not charged. */
  includedSegments: number;
  /** The capped amount proposed when subscribing (the merchant can raise it later). */
  defaultCapMicros: Micros;
}

export const PLANS: Readonly<Record<PlanId, Plan>> = Object.freeze({
  free: {
    id: 'free',
    name: 'Textlane Free',
    recurringMicros: 0,
    includedSegments: 100,
    defaultCapMicros: 20 * MICROS_PER_USD,
  },
  growth: {
    id: 'growth',
    name: 'Textlane Growth',
    recurringMicros: 19 * MICROS_PER_USD,
    includedSegments: 1_000,
    defaultCapMicros: 200 * MICROS_PER_USD,
  },
  scale: {
    id: 'scale',
    name: 'Textlane Scale',
    recurringMicros: 99 * MICROS_PER_USD,
    includedSegments: 10_000,
    defaultCapMicros: 1_000 * MICROS_PER_USD,
  },
});

export const BILLING_CURRENCY = 'USD';

/** The usage line item's terms, shown to the merchant on Shopify's confirmation page. */
export function usageTerms(plan: Plan, marginPercent: number): string {
  const us = withMargin(pricePerSegment('US').microsPerSegment, marginPercent);
  return `${plan.includedSegments} SMS segments included every 30 days, then the price per segment of the destination country (from $${formatMicrosAsUsd(us)} per segment to the US and Canada)`;
}

/** The price charged for `costMicros` of provider cost: the table price plus the margin, rounded to the micro. */
export function withMargin(costMicros: Micros, marginPercent: number): Micros {
  return Math.round((costMicros * (100 + marginPercent)) / 100);
}

/** A money amount in Shopify's MoneyInput form ("12.5" USD → { amount: '12.5', currencyCode: 'USD' }). */
export function moneyInput(micros: Micros, currencyCode: string): { amount: string; currencyCode: string } {
  return { amount: formatMicrosAsUsd(micros), currencyCode };
}

/** Shopify's Decimal string ("20.0", "12.345") to micros, exactly (more than 6 decimals are rounded). */
export function decimalToMicros(value: string | number): Micros {
  const m = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(String(value));
  if (!m) return 0;
  const frac = (m[2] ?? '').padEnd(7, '0');
  return Number(m[1]) * MICROS_PER_USD + Math.round(Number(frac.slice(0, 7)) / 10);
}
