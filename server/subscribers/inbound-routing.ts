// Which shop(s) an inbound text belongs to. Only the operator-assigned number routes: the installed shop whose
// sms_number is the recipient gets the text (a sender ID never routes). A text to a number no installed shop
// owns is never dropped silently: an opt-out from a phone we texted from that number applies to every shop
// that did so in the last 90 days (from the outbox and the number's assignment history), and the caller logs
// it at warn with the number.
import type { Tx } from '../db/transaction.js';
import type { InboundSms, ProviderName } from '../messaging/providers/types.js';
import { findShopOwningNumber, shopsThatTextedFrom } from '../shops/sms-numbers.js';
import { handleInboundSms, type InboundOutcome } from './inbound-handler.js';
import { classifyInbound, type InboundIntent } from './keywords.js';

export type RoutedInbound =
  | { kind: 'owned'; shopId: string; outcome: InboundOutcome }
  /** No installed shop owns the number: `applied` lists the shops a STOP was applied to (empty otherwise). */
  | {
      kind: 'unowned';
      intent: InboundIntent['kind'];
      applied: Array<{ shopId: string; outcome: InboundOutcome }>;
    };

/** Routes and processes one inbound text inside the caller's transaction. */
export async function routeInboundSms(
  tx: Tx,
  sms: InboundSms,
  provider: ProviderName,
  now: Date,
): Promise<RoutedInbound> {
  const owner = await findShopOwningNumber(tx, sms.to);
  if (owner)
    return { kind: 'owned', shopId: owner, outcome: await handleInboundSms(tx, owner, sms, provider, now) };
  const intent = classifyInbound(sms.body);
  if (intent.kind !== 'opt_out') return { kind: 'unowned', intent: intent.kind, applied: [] };
  const applied: Array<{ shopId: string; outcome: InboundOutcome }> = [];
  for (const shopId of await shopsThatTextedFrom(tx, sms.to, sms.from, now)) {
    applied.push({ shopId, outcome: await handleInboundSms(tx, shopId, sms, provider, now) });
  }
  return { kind: 'unowned', intent: intent.kind, applied };
}
