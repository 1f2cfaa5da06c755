// What happens when a text arrives: store it in the number's history, then act on its keyword: opt-out
// (immediate, one confirmation per window), help, opt-in (resubscribe or confirm a double opt-in).
// Replies are keyed by the inbound provider message id, so a replayed webhook never replies twice.
import { and, eq } from 'drizzle-orm';
import { messages } from '../db/schema/index.js';
import type { DbOrTx, Tx } from '../db/transaction.js';
import { AppError, assertNever } from '../errors.js';
import { analyzeSms } from '../messaging/encoding.js';
import type { InboundSms, ProviderName } from '../messaging/providers/types.js';
import { loadShop, recordOptIn, recordOptOut } from './consent-actions.js';
import { consentMessage, replyLocale, type ConsentMessageKind } from './consent-messages.js';
import { queueConsentMessage, recentlyQueued, type ConsentMessagePurpose } from './consent-outbox.js';
import { classifyInbound, type InboundIntent } from './keywords.js';
import { normalizePhone } from './phone.js';
import { subscriberSettingsOf } from './subscriber-settings.js';
import { ensureSubscriber, findSubscriberByPhone, type ShopRecord } from './subscriber-repository.js';

/** A repeated STOP within this window gets no second confirmation. */
export const OPT_OUT_REPLY_WINDOW_MS = 24 * 3600 * 1000;

export type InboundOutcome =
  | { kind: 'duplicate'; providerMessageId: string }
  | {
      kind: 'stored';
      messageId: string;
      subscriberId: string | null;
      intent: InboundIntent;
      replyQueued: boolean;
      suppressed: number;
    };

async function storeInbound(
  tx: Tx,
  shopId: string,
  sms: InboundSms,
  provider: ProviderName,
  subscriberId: string | null,
  now: Date,
): Promise<string | null> {
  const analysis = analyzeSms(sms.body);
  const rows = await tx
    .insert(messages)
    .values({
      shopId,
      subscriberId,
      phone: sms.from,
      direction: 'inbound',
      kind: 'transactional',
      sourceType: 'inbound',
      body: sms.body,
      encoding: analysis.encoding,
      segments: analysis.segments,
      idempotencyKey: `inbound:${provider}:${sms.providerMessageId}`,
      status: 'received',
      provider,
      providerMessageId: sms.providerMessageId,
      deliveredAt: sms.receivedAt,
      notBefore: now,
      queuedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: [messages.shopId, messages.idempotencyKey] })
    .returning({ id: messages.id });
  return rows[0]?.id ?? null;
}

async function reply(
  tx: Tx,
  shop: ShopRecord,
  subscriber: { id: string | null; phone: string; locale: string | null; countryCode: string | null },
  kind: ConsentMessageKind,
  sms: InboundSms,
  now: Date,
): Promise<boolean> {
  const body = consentMessage({
    kind,
    locale: replyLocale(subscriber.locale, subscriber.countryCode),
    settings: subscriberSettingsOf(shop),
    shopName: shop.name,
  });
  return sendKeywordReply(tx, shop.id, {
    subscriberId: subscriber.id,
    phone: subscriber.phone,
    body,
    purpose: kind,
    inboundProviderMessageId: sms.providerMessageId,
    now,
  });
}

/** Queues one keyword reply (transactional), idempotent per inbound provider message id. */
export async function sendKeywordReply(
  tx: Tx,
  shopId: string,
  input: {
    subscriberId: string | null;
    phone: string;
    body: string;
    purpose: ConsentMessagePurpose;
    inboundProviderMessageId: string;
    now: Date;
  },
): Promise<boolean> {
  const id = await queueConsentMessage(tx, shopId, {
    subscriberId: input.subscriberId,
    phone: input.phone,
    body: input.body,
    purpose: input.purpose,
    kind: 'transactional',
    idempotencyKey: `keyword-reply:${input.inboundProviderMessageId}`,
    notBefore: input.now,
  });
  return id !== null;
}

/** Runs in its own transaction, or (given one) inside the caller's: the inbound route records the callback's token in it. */
export async function handleInboundSms(
  db: DbOrTx,
  shopId: string,
  sms: InboundSms,
  provider: ProviderName,
  now: Date,
): Promise<InboundOutcome> {
  return db.transaction(async (tx) => {
    const shop = await loadShop(tx, shopId);
    const parsed = normalizePhone(sms.from);
    const country = parsed.ok ? parsed.country : null;
    let subscriber = await findSubscriberByPhone(tx, shopId, sms.from);
    const messageId = await storeInbound(tx, shopId, sms, provider, subscriber?.id ?? null, now);
    if (messageId === null) return { kind: 'duplicate', providerMessageId: sms.providerMessageId };
    const intent = classifyInbound(sms.body);
    // The ledger orders by occurred_at: the provider's timestamp has second resolution and may lag, so a
    // keyword takes effect when we process it (never before a consent recorded earlier in the same second).
    // The ledger keeps the keyword, not the whole text (which may carry anything the person wrote); the
    // text itself is the inbound message row, which a customers/redact erases.
    const keyword = 'keyword' in intent ? intent.keyword : null;
    const evidence = {
      keyword,
      inboundMessageId: messageId,
      providerMessageId: sms.providerMessageId,
      provider,
      providerReceivedAt: sms.receivedAt.toISOString(),
    };
    let replyQueued = false;
    let suppressed = 0;
    switch (intent.kind) {
      case 'opt_out': {
        subscriber ??= await ensureSubscriber(tx, shopId, {
          phone: sms.from,
          countryCode: country,
          source: 'keyword',
          now,
        });
        const outcome = await recordOptOut(
          tx,
          shopId,
          subscriber,
          { source: 'keyword', occurredAt: now, disclosureText: keyword, evidence },
          now,
        );
        // The opt-out takes effect at receipt whatever the ledger holds (orderLedger); the confirmation is
        // queued only once the state change is written, in this transaction, so both commit or neither does.
        if (outcome.state !== 'unsubscribed') {
          throw new AppError({
            code: 'opt_out_not_applied',
            status: 500,
            retryable: true,
            message: `STOP from subscriber ${subscriber.id} left marketing ${outcome.state}`,
          });
        }
        suppressed = outcome.suppressed;
        if (
          !(await recentlyQueued(
            tx,
            shopId,
            subscriber.phone,
            'opt_out',
            new Date(now.getTime() - OPT_OUT_REPLY_WINDOW_MS),
          ))
        ) {
          replyQueued = await reply(tx, shop, subscriber, 'opt_out', sms, now);
        }
        break;
      }
      case 'help':
        replyQueued = await reply(
          tx,
          shop,
          subscriber ?? { id: null, phone: sms.from, locale: null, countryCode: country },
          'help',
          sms,
          now,
        );
        break;
      case 'opt_in': {
        const before = subscriber?.marketingState ?? 'never';
        const outcome = await recordOptIn(
          tx,
          shopId,
          {
            phone: sms.from,
            countryCode: country,
            source: 'keyword',
            occurredAt: now,
            disclosureText: keyword,
            evidence,
            confirmed: true,
            welcome: before === 'pending',
          },
          now,
        );
        if (!outcome.ok) break;
        subscriber = outcome.subscriber;
        if (before === 'subscribed')
          replyQueued = await reply(tx, shop, subscriber, 'already_subscribed', sms, now);
        else if (before !== 'pending') replyQueued = await reply(tx, shop, subscriber, 'opt_in', sms, now);
        else replyQueued = outcome.welcomeQueued;
        break;
      }
      case 'none':
        break;
      default:
        assertNever(intent, 'inbound intent');
    }
    if (subscriber) {
      await tx
        .update(messages)
        .set({ subscriberId: subscriber.id })
        .where(and(eq(messages.shopId, shopId), eq(messages.id, messageId)));
    }
    return {
      kind: 'stored',
      messageId,
      subscriberId: subscriber?.id ?? null,
      intent,
      replyQueued,
      suppressed,
    };
  });
}
