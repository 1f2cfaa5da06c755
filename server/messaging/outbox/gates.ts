// The compliance gates, evaluated when a message is created and again just before it is handed to
// the provider. Pure: the caller loads facts and history for the whole batch (recipient-facts.ts).
//
// Consent
//   marketing:      the subscriber's marketing_state must be 'subscribed'.
//   transactional:  no opt-out on either channel (STOP stops everything), and consent to be texted:
//                   transactional_state 'subscribed', or marketing consent (which includes it).
//   A number with no subscriber row has given us nothing: suppressed.
//   Exception: a test to the shop's own (verified) test number, and the one-time code that verifies it,
//   skip consent, quiet hours and caps, but never a STOP from that number nor the phone number checks.
// Flagged numbers: once the provider refused a number for good (invalid, blocked) or the network reported
//   it undeliverable, every later message to it is suppressed with 'undeliverable_number' (any kind, tests too).
// Test messages: the number must be one that can receive texts (not premium-rate, toll-free, landline...).
// Daily ceiling (creation only, when the caller passes the shop's remaining budget: new shops): once
//   spent, every further message but a keyword reply (STOP/HELP confirmations are owed) is suppressed.
// Billing (creation only, when the caller passes the shop's budget): with a subscription, marketing is
//   suppressed with 'billing_inactive' unless it is active, and with 'billing_cap' once its charge would
//   exceed what the capped amount leaves; a shop that never chose a plan, with 'billing_cap' once its segments
//   would exceed what its allowance leaves. Transactional messages are never blocked by billing.
// Frequency caps (compliance/frequency-caps.ts): min interval and weekly cap for marketing, Florida's
//   same-topic cap for any kind. Failing → suppressed with the cap as reason, unless the message's campaign
//   chose to hold blocked recipients (whenBlocked 'hold'): then deferred to when the caps allow it (and quiet
//   hours too); a cap that never allows it (a weekly maximum of 0) still suppresses.
// Quiet hours (marketing only; a transactional message answers something the shopper did and goes
//   at once): outside the recipient's window → deferred to the next allowed minute, never dropped, unless
//   the message's campaign chose to skip blocked recipients (whenBlocked 'skip': suppressed, 'quiet_hours');
//   only when no window exists at all (unknown zone, no common window) → suppressed with that reason.
import { assertNever } from '../../errors.js';
import { normalizePhone } from '../../subscribers/phone.js';
import {
  evaluateFrequencyCaps,
  nextAllowedSendTime,
  type FrequencyCapReason,
  type SentMessage,
} from '../compliance/index.js';
import type { RecipientFacts } from './recipient-facts.js';
import { locateRecipient, type RecipientLocation } from './recipient-location.js';
import type { ShopSendingSettings } from './shop-sending-settings.js';
import type { GateDecision, MessageKind, SuppressReason, WhenBlocked } from './types.js';
import type { BillingBudget } from '../../billing/billing-spend.js';
import { withMargin } from '../../billing/plans.js';

const E164 = /^\+[1-9]\d{6,14}$/;

/** source_type of the one-time code that verifies a shop's test number (sent as a test, to that number). */
export const TEST_PHONE_CODE_SOURCE = 'test_phone_code';

export interface GateSubject {
  phone: string;
  kind: MessageKind;
  topic?: string | null;
  isTest?: boolean;
  sourceType?: string | null;
  /** The message's provider cost in micros (segments × the country's price), asked only when billing applies. */
  costMicros?: () => number;
  /** The message's SMS segments (a shop without a plan spends its allowance in segments); 1 when absent. */
  segments?: number;
  /** A campaign's choice for recipients quiet hours or a cap block (types.ts WhenBlocked). */
  whenBlocked?: WhenBlocked | null;
}

/** Rounds of "the cap allows it then; are those quiet hours? then does the cap still allow it?" for a hold. */
const MAX_HOLD_ROUNDS = 8;

export type ConsentVerdict = { ok: true } | { ok: false; reason: SuppressReason };

export function checkConsent(kind: MessageKind, facts: RecipientFacts): ConsentVerdict {
  if (!facts.subscriberId) return { ok: false, reason: 'no_subscriber' };
  const optedOut = facts.marketingState === 'unsubscribed' || facts.transactionalState === 'unsubscribed';
  switch (kind) {
    case 'marketing':
      if (facts.marketingState === 'subscribed') return { ok: true };
      return { ok: false, reason: optedOut ? 'opted_out' : 'no_marketing_consent' };
    case 'transactional':
      if (optedOut) return { ok: false, reason: 'opted_out' };
      if (facts.transactionalState === 'subscribed' || facts.marketingState === 'subscribed')
        return { ok: true };
      return { ok: false, reason: 'no_transactional_consent' };
    default:
      return assertNever(kind, 'message kind');
  }
}

export interface GateEvaluator {
  /**
   * Decides one message at `at` (its intended send time). An allowed or deferred message is added
   * to the in-memory history of its phone, so later messages of the same batch see it.
   */
  evaluate(subject: GateSubject, facts: RecipientFacts, history: SentMessage[], at: Date): GateDecision;
  /** Where the recipient is (memoized), also used for pricing. */
  locate(phone: string, facts: RecipientFacts): RecipientLocation;
}

export interface GateOptions {
  /** Messages the shop may still create today (new shops' daily ceiling); null or absent: no ceiling. */
  dailyRemaining?: number | null;
  /** The shop's billing budget (billing-spend.ts); null or absent: billing does not gate this shop. */
  billing?: BillingBudget | null;
}

const hasOptedOut = (facts: RecipientFacts): boolean =>
  facts.marketingState === 'unsubscribed' || facts.transactionalState === 'unsubscribed';

export function createGateEvaluator(shop: ShopSendingSettings, options: GateOptions = {}): GateEvaluator {
  let remaining = options.dailyRemaining ?? null;
  const billing = options.billing ?? null;
  /** Micros left under the cap, or segments left of a shop's no-plan allowance. */
  let billingLeft =
    billing === null ? 0 : billing.kind === 'plan' ? billing.remainingMicros : billing.remainingSegments;
  /** Spends the marketing message's charge from the budget; the reason when it may not be sent. */
  const billingRefusal = (subject: GateSubject): SuppressReason | null => {
    if (billing === null || subject.kind !== 'marketing') return null;
    let charge: number;
    switch (billing.kind) {
      case 'plan':
        if (!billing.active) return 'billing_inactive';
        charge = withMargin(subject.costMicros?.() ?? 0, billing.marginPercent);
        break;
      case 'no_plan':
        charge = subject.segments ?? 1;
        break;
      default:
        return assertNever(billing, 'billing budget');
    }
    if (charge > billingLeft) return 'billing_cap';
    billingLeft -= charge;
    return null;
  };
  /** Spends one message of the daily budget; false when it is spent. Keyword replies are always owed. */
  const withinCeiling = (subject: GateSubject): boolean => {
    if (remaining === null || subject.sourceType === 'keyword_reply') return true;
    if (remaining <= 0) return false;
    remaining--;
    return true;
  };
  const quietMemo = new Map<string, GateDecision>();
  const merchantKey = shop.quietHours ? `${shop.quietHours.startMinute}-${shop.quietHours.endMinute}` : '';

  const locate = (phone: string, facts: RecipientFacts): RecipientLocation =>
    locateRecipient(phone, {
      countryCode: facts.countryCode,
      provinceCode: facts.provinceCode,
      zip: facts.zip,
    });

  function quietHours(location: RecipientLocation, at: Date): GateDecision {
    const key = `${at.getTime()}|${location.zones.join(',')}|${location.countryCode}|${location.provinceCode}|${merchantKey}`;
    let decision = quietMemo.get(key);
    if (!decision) {
      const d = nextAllowedSendTime({
        now: at,
        zones: location.zones,
        countryCode: location.countryCode,
        provinceCode: location.provinceCode,
        merchant: shop.quietHours,
      });
      decision = d.allowed ? { ok: true } : d.nextAt ? { defer: d.nextAt } : { suppress: d.reason };
      quietMemo.set(key, decision);
    }
    return decision;
  }

  function evaluate(
    subject: GateSubject,
    facts: RecipientFacts,
    history: SentMessage[],
    at: Date,
  ): GateDecision {
    if (!E164.test(subject.phone)) return { suppress: 'invalid_phone' };
    if (facts.numberFlag) return { suppress: 'undeliverable_number', code: facts.numberFlag };
    if (subject.isTest) {
      if (!normalizePhone(subject.phone).ok) return { suppress: 'invalid_phone' };
      const ownNumber =
        (shop.testPhone !== null && subject.phone === shop.testPhone) ||
        subject.sourceType === TEST_PHONE_CODE_SOURCE;
      if (ownNumber) {
        if (hasOptedOut(facts)) return { suppress: 'opted_out' };
        return withinCeiling(subject) ? { ok: true } : { suppress: 'daily_ceiling' };
      }
    }
    // A reply to the shopper's own keyword (STOP confirmation, HELP, "Reply Y" request) is owed whatever
    // their consent: carriers require the opt-out confirmation and the help reply.
    const keywordReply = subject.kind === 'transactional' && subject.sourceType === 'keyword_reply';
    const consent = keywordReply ? ({ ok: true } as const) : checkConsent(subject.kind, facts);
    if (!consent.ok) return { suppress: consent.reason };
    const location = locate(subject.phone, facts);
    const whenBlocked = subject.whenBlocked ?? null;
    let sendAt = at;
    let heldBy: FrequencyCapReason | null = null;
    // The first time quiet hours and the caps both allow: a cap's retryAt can land in quiet hours, whose end
    // can fall in another cap's window, so a held message looks again (a few rounds settle any real history).
    for (let round = 0; ; round++) {
      if (subject.kind === 'marketing') {
        const quiet = quietHours(location, sendAt);
        if ('suppress' in quiet) return quiet;
        if ('defer' in quiet) {
          if (whenBlocked === 'skip') return { suppress: 'quiet_hours' };
          sendAt = quiet.defer;
        }
      }
      const caps = evaluateFrequencyCaps({
        now: sendAt,
        kind: subject.kind,
        topic: subject.topic ?? undefined,
        regionCode: location.regionCode,
        history,
        caps: shop.caps,
      });
      if (caps.ok) break;
      if (whenBlocked !== 'hold' || caps.retryAt === undefined || round >= MAX_HOLD_ROUNDS)
        return { suppress: caps.reason };
      sendAt = caps.retryAt;
      heldBy = caps.reason;
    }
    const billingReason = billingRefusal(subject);
    if (billingReason !== null) return { suppress: billingReason };
    if (!withinCeiling(subject)) return { suppress: 'daily_ceiling' };
    history.push(
      subject.topic
        ? { sentAt: sendAt, kind: subject.kind, topic: subject.topic }
        : { sentAt: sendAt, kind: subject.kind },
    );
    if (sendAt === at) return { ok: true };
    return heldBy === null ? { defer: sendAt } : { defer: sendAt, reason: heldBy };
  }

  return { evaluate, locate };
}
