// Consent arriving from Shopify: checkout and thank-you page opt-ins (orders and checkouts carrying
// buyer_accepts_sms_marketing / sms_marketing_phone) and customers_marketing_consent/update. Called by
// the webhook handlers inside their transaction. Echoes of our own write-backs change nothing.
import type { Tx } from '../db/transaction.js';
import { clampOccurredAt, claimedOccurredAt, loadLedger, toLedgerEntry } from './consent-ledger.js';
import { recordOptIn, recordOptOut, loadShop, type OptInOutcome } from './consent-actions.js';
import { deriveState } from './consent-state.js';
import { normalizePhone, type PhoneRejection } from './phone.js';
import { subscriberSettingsOf } from './subscriber-settings.js';
import { ensureSubscriber, findSubscriberByPhone } from './subscriber-repository.js';

export interface CheckoutOptIn {
  /** sms_marketing_phone (or the order's phone when that is absent). */
  phone: string;
  customerId?: bigint | null;
  /** The shipping/billing address country, used to read a national number. */
  countryCode?: string | null;
  locale?: string | null;
  orderId?: bigint | null;
  checkoutToken?: string | null;
  source?: 'checkout' | 'thank_you_page';
  /** When the buyer ticked the box: the checkout's or order's created_at. */
  occurredAt: Date;
  ipAddress?: string | null;
  userAgent?: string | null;
  /** The webhook topic and id, kept as evidence. */
  evidence?: Record<string, unknown>;
}

/**
 * A buyer ticked the SMS box at checkout. The recorded disclosure is the shop's configured checkout
 * disclosure (settings.consentDisclosure), the text the extension shows. Repeated deliveries of the
 * same or later orders are no-ops once the subscriber is pending or subscribed.
 */
export async function recordCheckoutOptIn(
  tx: Tx,
  shopId: string,
  input: CheckoutOptIn,
  now: Date,
): Promise<OptInOutcome> {
  const shop = await loadShop(tx, shopId);
  return recordOptIn(
    tx,
    shopId,
    {
      phone: input.phone,
      countryCode: input.countryCode,
      customerId: input.customerId,
      locale: input.locale,
      source: input.source ?? 'checkout',
      occurredAt: input.occurredAt,
      disclosureText: subscriberSettingsOf(shop).consentDisclosure,
      ipAddress: input.ipAddress,
      userAgent: input.userAgent,
      orderId: input.orderId,
      checkoutToken: input.checkoutToken,
      evidence: { ...input.evidence, disclosureSource: 'shop_settings.consentDisclosure' },
    },
    now,
  );
}

export interface ShopifyConsentChange {
  customerId: bigint;
  phone: string | null;
  /** REST spelling from the webhook: not_subscribed | pending | subscribed | unsubscribed | redacted. */
  state: string | null;
  optInLevel?: string | null;
  consentUpdatedAt: Date | null;
  collectedFrom?: string | null;
  /** X-Shopify-Triggered-At, or when we received it. */
  receivedAt: Date;
  webhookId?: string;
}

export type ShopifyConsentOutcome =
  | { kind: 'ignored'; reason: 'no_phone' | 'no_state' | 'stale' | 'no_change' }
  | { kind: 'invalid_phone'; reason: PhoneRejection; message: string }
  | { kind: 'applied'; subscriberId: string; state: string };

/**
 * customers_marketing_consent/update. Compared with the ledger first: a state we already hold (including
 * the echo of our own customerSmsMarketingConsentUpdate), or a change older than our latest marketing
 * event, records nothing, so a write-back never loops.
 */
export async function applyShopifyConsentChange(
  tx: Tx,
  shopId: string,
  change: ShopifyConsentChange,
  now: Date,
): Promise<ShopifyConsentOutcome> {
  if (!change.phone) return { kind: 'ignored', reason: 'no_phone' };
  if (!change.state) return { kind: 'ignored', reason: 'no_state' };
  const shop = await loadShop(tx, shopId);
  const phone = normalizePhone(change.phone, { defaultCountry: shop.countryCode });
  if (!phone.ok) return { kind: 'invalid_phone', reason: phone.reason, message: phone.message };
  // Shopify's clock may run ahead of ours: the change is compared (and ordered) as of now at the latest;
  // the ledger keeps the claimed time as evidence.
  const claimedAt = change.consentUpdatedAt ?? change.receivedAt;
  const occurredAt = clampOccurredAt(claimedAt, now);
  const existing = await findSubscriberByPhone(tx, shopId, phone.e164);
  const ledger = existing ? await loadLedger(tx, shopId, existing.id) : [];
  const current = existing ? deriveState(ledger.map(toLedgerEntry)) : null;
  if (current?.lastMarketingEventAt && occurredAt.getTime() <= current.lastMarketingEventAt.getTime()) {
    return { kind: 'ignored', reason: 'stale' };
  }
  // An opt-in claiming no later a time than one we already hold is the same (or an older) Shopify state
  // seen again, e.g. a future-dated consent arriving once more after a STOP: it never resubscribes.
  const latestClaim = Math.max(
    ...ledger.filter((e) => e.channel === 'marketing').map((e) => claimedOccurredAt(e).getTime()),
  );
  if ((change.state === 'subscribed' || change.state === 'pending') && claimedAt.getTime() <= latestClaim) {
    return { kind: 'ignored', reason: 'stale' };
  }
  const ours = current?.marketingState ?? 'never';
  const evidence = {
    webhookTopic: 'customers_marketing_consent/update',
    webhookId: change.webhookId,
    shopifyState: change.state,
    optInLevel: change.optInLevel ?? null,
    collectedFrom: change.collectedFrom ?? null,
  };
  switch (change.state) {
    case 'subscribed':
    case 'pending': {
      if (ours === 'subscribed' || (ours === 'pending' && change.optInLevel !== 'confirmed_opt_in'))
        return { kind: 'ignored', reason: 'no_change' };
      const outcome = await recordOptIn(
        tx,
        shopId,
        {
          phone: phone.e164,
          customerId: change.customerId,
          source: 'shopify_sync',
          occurredAt: claimedAt,
          evidence,
          confirmed: change.state === 'subscribed' && change.optInLevel === 'confirmed_opt_in',
        },
        now,
      );
      if (!outcome.ok) return { kind: 'invalid_phone', reason: outcome.reason, message: outcome.message };
      return outcome.state === ours
        ? { kind: 'ignored', reason: 'no_change' }
        : { kind: 'applied', subscriberId: outcome.subscriber.id, state: outcome.state };
    }
    case 'unsubscribed':
    case 'not_subscribed':
    case 'redacted': {
      if (ours !== 'subscribed' && ours !== 'pending') return { kind: 'ignored', reason: 'no_change' };
      const subscriber = await ensureSubscriber(tx, shopId, {
        phone: phone.e164,
        countryCode: phone.country,
        customerId: change.customerId,
        source: 'shopify_sync',
        now,
      });
      // Shopify's SMS marketing consent is marketing only; transactional consent stays as it is.
      const outcome = await recordOptOut(
        tx,
        shopId,
        subscriber,
        { source: 'shopify_sync', occurredAt: claimedAt, evidence, transactional: false },
        now,
      );
      return { kind: 'applied', subscriberId: subscriber.id, state: outcome.state };
    }
    default:
      return { kind: 'ignored', reason: 'no_state' };
  }
}
