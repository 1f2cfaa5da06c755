// The billing rules that need no database: the marketing gate against the cap and against a shop's no-plan
// allowance (transactional never blocked),
// money conversions, the 30-day period, the 75/90/100% warnings and the app_subscriptions/update schema.
import { periodOf, PERIOD_MS } from '../../../server/billing/billing-repository.js';
import { recipientsThatFit } from '../../../server/billing/billing-service.js';
import { warningOf } from '../../../server/billing/billing-summary.js';
import { decimalToMicros, moneyInput, withMargin } from '../../../server/billing/plans.js';
import { createGateEvaluator, type GateSubject } from '../../../server/messaging/outbox/gates.js';
import type { RecipientFacts } from '../../../server/messaging/outbox/recipient-facts.js';
import type { ShopSendingSettings } from '../../../server/messaging/outbox/shop-sending-settings.js';
import { parseWebhookPayload } from '../../../server/webhooks/schemas/index.js';

const SHOP: ShopSendingSettings = {
  shopId: 's',
  name: 'Acme',
  senderId: 'Acme',
  countryCode: 'US',
  testPhone: null,
  caps: {},
  quietHours: null,
  pricesMicros: {},
};
const FACTS: RecipientFacts = {
  subscriberId: 'sub',
  marketingState: 'subscribed',
  transactionalState: 'subscribed',
  countryCode: null,
  provinceCode: null,
  zip: null,
};
/** Tuesday 16 January 2024, 12:00 in New York. */
const NOON_ET = new Date('2024-01-16T17:00:00Z');
const subject = (kind: 'marketing' | 'transactional', i: number): GateSubject => ({
  phone: `+1212555${1000 + i}`,
  kind,
  costMicros: () => 8_300,
});

describe('billing gate', () => {
  it('spends the cap on marketing (with the margin) and suppresses the rest with billing_cap; transactional always goes', () => {
    // 10,375 micros per text with 25%: 3 fit in 40,000.
    const gates = createGateEvaluator(SHOP, {
      billing: { kind: 'plan', active: true, remainingMicros: 40_000, marginPercent: 25 },
    });
    const decisions = [0, 1, 2, 3, 4].map((i) => gates.evaluate(subject('marketing', i), FACTS, [], NOON_ET));
    expect(decisions).toEqual([
      { ok: true },
      { ok: true },
      { ok: true },
      { suppress: 'billing_cap' },
      { suppress: 'billing_cap' },
    ]);
    expect(gates.evaluate(subject('transactional', 9), FACTS, [], NOON_ET)).toEqual({ ok: true });
  });

  it('suppresses all marketing with billing_inactive when the plan is not active, never transactional', () => {
    const gates = createGateEvaluator(SHOP, {
      billing: { kind: 'plan', active: false, remainingMicros: 0, marginPercent: 25 },
    });
    expect(gates.evaluate(subject('marketing', 0), FACTS, [], NOON_ET)).toEqual({
      suppress: 'billing_inactive',
    });
    expect(gates.evaluate(subject('transactional', 0), FACTS, [], NOON_ET)).toEqual({ ok: true });
  });

  it('holds a shop without a plan to the segments its allowance leaves (billing_cap beyond), transactional always goes', () => {
    // 5 segments left: a 2-segment text, a 1-segment one, a 3-segment one (over), then 2 more fit exactly.
    const gates = createGateEvaluator(SHOP, { billing: { kind: 'no_plan', remainingSegments: 5 } });
    const sized = (i: number, segments: number): GateSubject => ({ ...subject('marketing', i), segments });
    expect(
      [sized(0, 2), sized(1, 1), sized(2, 3), sized(3, 2), sized(4, 1)].map((s) =>
        gates.evaluate(s, FACTS, [], NOON_ET),
      ),
    ).toEqual([
      { ok: true },
      { ok: true },
      { suppress: 'billing_cap' },
      { ok: true },
      { suppress: 'billing_cap' },
    ]);
    expect(gates.evaluate({ ...subject('transactional', 9), segments: 4 }, FACTS, [], NOON_ET)).toEqual({
      ok: true,
    });
  });

  it('does not gate a shop without a subscription, and charges nothing for a message another gate suppresses', () => {
    const open = createGateEvaluator(SHOP, { billing: null });
    expect([0, 1, 2].map((i) => open.evaluate(subject('marketing', i), FACTS, [], NOON_ET))).toEqual([
      { ok: true },
      { ok: true },
      { ok: true },
    ]);
    const gates = createGateEvaluator(SHOP, {
      billing: { kind: 'plan', active: true, remainingMicros: 10_375, marginPercent: 25 },
    });
    expect(
      gates.evaluate(subject('marketing', 0), { ...FACTS, marketingState: 'unsubscribed' }, [], NOON_ET),
    ).toEqual({ suppress: 'opted_out' });
    expect(gates.evaluate(subject('marketing', 1), FACTS, [], NOON_ET)).toEqual({ ok: true });
  });
});

describe('money and periods', () => {
  it('converts Shopify decimals and applies the margin exactly', () => {
    expect(decimalToMicros('20.0')).toBe(20_000_000);
    expect(decimalToMicros('0.10')).toBe(100_000);
    expect(decimalToMicros('12.3456789')).toBe(12_345_679);
    expect(withMargin(8_300, 25)).toBe(10_375);
    expect(withMargin(8_300, 0)).toBe(8_300);
    expect(moneyInput(520_000, 'USD')).toEqual({ amount: '0.52', currencyCode: 'USD' });
  });

  it('counts the recipients that fit the cap exactly: N charged with the margin fit, N + 1 do not', () => {
    // The 10-cent cap of the Shopify tests: 9 one-segment US texts (0.0083 + 25%) fit, not 10.
    expect(recipientsThatFit(8_300, 25, 100_000, 30)).toBe(9);
    expect(recipientsThatFit(16_600, 25, 100_000, 30)).toBe(4);
    expect(recipientsThatFit(8_300, 25, 100_000, 5)).toBe(5);
    expect(recipientsThatFit(0, 25, 0, 7)).toBe(7);
    for (const perRecipient of [1, 3, 8_300, 16_600, 80_000, 333_333])
      for (const margin of [0, 25, 33])
        for (const remaining of [0, 1, 10_374, 10_375, 99_999, 100_000, 7_777_777]) {
          const n = recipientsThatFit(perRecipient, margin, remaining, 1_000);
          const charge = (k: number) => withMargin(k * perRecipient, margin);
          expect(charge(n)).toBeLessThanOrEqual(remaining);
          if (n < 1_000) expect(charge(n + 1)).toBeGreaterThan(remaining);
        }
  });

  it('places now in the 30-day period ending at Shopify currentPeriodEnd, or counted from activation', () => {
    const now = new Date('2026-12-06T08:00:00Z');
    const end = new Date('2027-01-01T00:00:00Z');
    expect(periodOf({ periodEnd: end, activatedAt: null, createdAt: now }, now)).toEqual({
      start: new Date(end.getTime() - PERIOD_MS),
      end,
    });
    const past = new Date(end.getTime() - 3 * PERIOD_MS);
    expect(periodOf({ periodEnd: past, activatedAt: null, createdAt: now }, now).end).toEqual(end);
    const activated = new Date('2026-11-01T00:00:00Z');
    expect(periodOf({ periodEnd: null, activatedAt: activated, createdAt: activated }, now)).toEqual({
      start: new Date(activated.getTime() + PERIOD_MS),
      end: new Date(activated.getTime() + 2 * PERIOD_MS),
    });
  });

  it('warns at 75% and 90%, and at the cap', () => {
    expect([0, 74, 75, 89, 90, 99, 100].map(warningOf)).toEqual([null, null, 75, 75, 90, 90, 100]);
  });
});

describe('app_subscriptions/update payload', () => {
  const valid = {
    app_subscription: {
      admin_graphql_api_id: 'gid://shopify/AppSubscription/1',
      status: 'FROZEN',
      capped_amount: '20.0',
    },
  };

  it('accepts Shopify payload shape with only the id and status required', () => {
    expect(parseWebhookPayload('app_subscriptions/update', valid).ok).toBe(true);
    expect(
      parseWebhookPayload('app_subscriptions/update', {
        app_subscription: { admin_graphql_api_id: 'gid://shopify/AppSubscription/1', status: 'ACTIVE' },
      }).ok,
    ).toBe(true);
  });

  it('names the missing or malformed field', () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'app_subscription: is required'],
      [{ app_subscription: { status: 'ACTIVE' } }, 'app_subscription.admin_graphql_api_id: is required'],
      [
        { app_subscription: { admin_graphql_api_id: 'gid://shopify/AppSubscription/1' } },
        'app_subscription.status: is required',
      ],
      [{ app_subscription: { ...valid.app_subscription, status: 'PAUSED' } }, 'app_subscription.status'],
      [
        { app_subscription: { ...valid.app_subscription, capped_amount: 'lots' } },
        'app_subscription.capped_amount: must be a decimal string',
      ],
    ];
    for (const [payload, message] of cases) {
      const result = parseWebhookPayload('app_subscriptions/update', payload);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain(message);
    }
  });
});
