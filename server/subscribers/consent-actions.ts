// Opt-in and opt-out, whatever their source: normalise the number, find or create the subscriber,
// append to the ledger (which re-derives the state), and queue the texts the change calls for
// (double opt-in request, welcome). All in the caller's transaction.
import { triggerWelcome } from '../automations/welcome-trigger.js';
import type { Tx } from '../db/transaction.js';
import { AppError } from '../errors.js';
import { appendConsentEvents, loadLedger, toLedgerEntry, type ConsentEventInput } from './consent-ledger.js';
import { consentMessage, replyLocale } from './consent-messages.js';
import { queueConsentMessage, suppressQueuedMarketing } from './consent-outbox.js';
import { deriveState, type ConsentSource, type DerivedState, type MarketingState } from './consent-state.js';
import { normalizePhone, type PhoneRejection } from './phone.js';
import { requiresDoubleOptIn, subscriberSettingsOf } from './subscriber-settings.js';
import {
  ensureSubscriber,
  findShopById,
  type ShopRecord,
  type SubscriberRow,
} from './subscriber-repository.js';

export interface OptInInput {
  /** As given: E.164 or national format. */
  phone: string;
  /** The customer's address country; the shop's country is the fallback. */
  countryCode?: string | null;
  customerId?: bigint | null;
  locale?: string | null;
  source: ConsentSource;
  occurredAt: Date;
  disclosureText?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  orderId?: bigint | null;
  checkoutToken?: string | null;
  evidence?: Record<string, unknown>;
  /** The handset itself confirmed (keyword) or the source attests a confirmed opt-in: no double opt-in. */
  confirmed?: boolean;
  /** Also record consent to transactional (order and shipping) texts. Default true. */
  transactional?: boolean;
  /** Queue the welcome text when the subscription becomes effective. Default true (false for imports). */
  welcome?: boolean;
}

export type OptInOutcome =
  | { ok: false; reason: PhoneRejection; message: string }
  | {
      ok: true;
      subscriber: SubscriberRow;
      before: MarketingState;
      state: MarketingState;
      confirmationQueued: boolean;
      welcomeQueued: boolean;
    };

export async function loadShop(tx: Tx, shopId: string): Promise<ShopRecord> {
  const shop = await findShopById(tx, shopId);
  if (!shop) throw new AppError({ code: 'shop_not_found', status: 404, message: `Shop ${shopId} not found` });
  return shop;
}

function marketingEvent(
  input: OptInInput,
  current: MarketingState,
  awaiting: boolean,
): ConsentEventInput | null {
  const base = {
    channel: 'marketing' as const,
    source: input.source,
    occurredAt: input.occurredAt,
    disclosureText: input.disclosureText,
    ipAddress: input.ipAddress,
    userAgent: input.userAgent,
    orderId: input.orderId,
    checkoutToken: input.checkoutToken,
    evidence: input.evidence,
  };
  switch (current) {
    case 'subscribed':
      return null; // nothing changes; the original proof stands
    case 'pending':
      return input.confirmed ? { ...base, action: 'confirmed' } : null;
    case 'unsubscribed':
      return awaiting
        ? { ...base, action: 'subscribed', awaitingConfirmation: true }
        : { ...base, action: 'resubscribed' };
    case 'never':
      return { ...base, action: 'subscribed', awaitingConfirmation: awaiting };
  }
}

export async function recordOptIn(
  tx: Tx,
  shopId: string,
  input: OptInInput,
  now: Date,
): Promise<OptInOutcome> {
  const shop = await loadShop(tx, shopId);
  const phone = normalizePhone(input.phone, { defaultCountry: [input.countryCode, shop.countryCode] });
  if (!phone.ok) return phone;
  const settings = subscriberSettingsOf(shop);
  const subscriber = await ensureSubscriber(tx, shopId, {
    phone: phone.e164,
    countryCode: phone.country,
    customerId: input.customerId,
    source: input.source,
    locale: input.locale,
    now,
  });
  const current = subscriber.marketingState as MarketingState;
  const awaiting = !input.confirmed && requiresDoubleOptIn(settings, phone.country);
  const events: ConsentEventInput[] = [];
  const marketing = marketingEvent(input, current, awaiting);
  if (marketing) events.push(marketing);
  if ((input.transactional ?? true) && subscriber.transactionalState !== 'subscribed') {
    events.push({
      ...(marketing ?? {
        source: input.source,
        occurredAt: input.occurredAt,
        disclosureText: input.disclosureText,
        evidence: input.evidence,
      }),
      channel: 'transactional',
      action: subscriber.transactionalState === 'unsubscribed' ? 'resubscribed' : 'subscribed',
      awaitingConfirmation: false,
    });
  }
  const {
    before,
    after,
    events: inserted,
  } = await appendConsentEvents(tx, shopId, subscriber.id, events, now);
  const cause = inserted.find((e) => e.channel === 'marketing');
  const flow = await queueFlowMessages(
    tx,
    shop,
    subscriber,
    before,
    after,
    cause ? String(cause.id) : null,
    input.welcome ?? true,
    now,
  );
  return {
    ok: true,
    subscriber: { ...subscriber, marketingState: after.marketingState },
    before: before.marketingState,
    state: after.marketingState,
    ...flow,
  };
}

/** Double opt-in request when a subscription became pending; welcome when it became effective. */
async function queueFlowMessages(
  tx: Tx,
  shop: ShopRecord,
  subscriber: SubscriberRow,
  before: DerivedState,
  after: DerivedState,
  causeId: string | null,
  welcome: boolean,
  now: Date,
): Promise<{ confirmationQueued: boolean; welcomeQueued: boolean }> {
  const settings = subscriberSettingsOf(shop);
  const locale = replyLocale(subscriber.locale, subscriber.countryCode);
  let confirmationQueued = false;
  let welcomeQueued = false;
  if (causeId && after.marketingState === 'pending' && before.marketingState !== 'pending') {
    const id = await queueConsentMessage(tx, shop.id, {
      subscriberId: subscriber.id,
      phone: subscriber.phone,
      body: consentMessage({ kind: 'confirm_request', locale, settings, shopName: shop.name }),
      purpose: 'confirm_request',
      kind: 'transactional',
      idempotencyKey: `consent:confirm-request:${causeId}`,
      notBefore: now,
    });
    confirmationQueued = id !== null;
  }
  if (causeId && welcome && after.marketingState === 'subscribed' && before.marketingState !== 'subscribed') {
    // The welcome automation, when the merchant turned it on, replaces the built-in welcome text.
    if (await triggerWelcome(tx, shop.id, subscriber.id, now))
      return { confirmationQueued, welcomeQueued: true };
    const id = await queueConsentMessage(tx, shop.id, {
      subscriberId: subscriber.id,
      phone: subscriber.phone,
      body: consentMessage({ kind: 'welcome', locale, settings, shopName: shop.name }),
      purpose: 'welcome',
      kind: 'marketing',
      idempotencyKey: `consent:welcome:${causeId}`,
      notBefore: now,
    });
    welcomeQueued = id !== null;
  }
  return { confirmationQueued, welcomeQueued };
}

export interface OptOutInput {
  source: ConsentSource;
  occurredAt: Date;
  disclosureText?: string | null;
  evidence?: Record<string, unknown>;
  /** Withdraw marketing consent. Default true. */
  marketing?: boolean;
  /** Withdraw transactional consent too (STOP does). Default true. */
  transactional?: boolean;
}

export interface OptOutOutcome {
  subscriber: SubscriberRow;
  before: MarketingState;
  state: MarketingState;
  suppressed: number;
}

/** Unsubscribes at once; withdrawing marketing suppresses every marketing text still queued to the number. */
export async function recordOptOut(
  tx: Tx,
  shopId: string,
  subscriber: SubscriberRow,
  input: OptOutInput,
  now: Date,
): Promise<OptOutOutcome> {
  const events: ConsentEventInput[] = [];
  const base = {
    source: input.source,
    occurredAt: input.occurredAt,
    disclosureText: input.disclosureText,
    evidence: input.evidence,
  };
  const marketing = input.marketing ?? true;
  // Decided on the ledger, not the cached columns, so an opt-out is recorded whatever the cache says.
  const current = deriveState((await loadLedger(tx, shopId, subscriber.id)).map(toLedgerEntry));
  if (marketing && current.marketingState !== 'unsubscribed')
    events.push({ ...base, channel: 'marketing', action: 'unsubscribed' });
  if ((input.transactional ?? true) && current.transactionalState !== 'unsubscribed')
    events.push({ ...base, channel: 'transactional', action: 'unsubscribed' });
  const { before, after } = await appendConsentEvents(tx, shopId, subscriber.id, events, now);
  const suppressed = marketing ? await suppressQueuedMarketing(tx, shopId, subscriber.phone, now) : 0;
  return {
    subscriber: { ...subscriber, marketingState: after.marketingState },
    before: before.marketingState,
    state: after.marketingState,
    suppressed,
  };
}
