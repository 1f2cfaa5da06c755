// Who an order's (or checkout's) automation goes to.
//
// 1. A confirmed SMS subscriber linked to the order: same customer, or same phone (order phone, customer
//    phone, shipping/billing phone). Marketing consent implies order updates unless they opted out of those.
// 2. Only when the shop switched on "order updates for checkout phone numbers": the phone the shopper gave
//    at checkout, without marketing consent. The transactional consent this relies on is recorded in the
//    consent ledger (source checkout, with the setting as evidence) so the outbox gates and the proof
//    agree. Such contacts are transactional-only: marketing flows and campaigns never reach them.
// Anyone who opted out (marketing or transactional STOP) gets nothing.
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/transaction.js';
import { appendConsentEvents } from '../subscribers/consent-ledger.js';
import { normalizePhone } from '../subscribers/phone.js';
import { ensureSubscriber } from '../subscribers/subscriber-repository.js';
import type { AutomationRecipient, AutomationShop } from './automation-sender.js';
import { recipientLocale } from './recipient-locale.js';

export interface ContactFacts {
  customerId: string | null;
  /** Raw phones in order of preference (order phone, SMS marketing phone, customer phone, shipping phone...). */
  phones: ReadonlyArray<string | null | undefined>;
  countryCode: string | null;
  provinceCode: string | null;
  /** customer_locale of the order or checkout. */
  locale: string | null;
  orderId?: string | null;
  checkoutToken?: string | null;
}

export interface ResolveOptions {
  /** Transactional flow: checkout phones may qualify (when allowed). Marketing: subscribers only. */
  transactional: boolean;
  /** The shop's "order updates for checkout phone numbers" setting (asked only when it matters). */
  checkoutPhonesAllowed: boolean | (() => Promise<boolean>);
  now: Date;
}

interface SubscriberFacts extends Record<string, unknown> {
  id: string;
  phone: string;
  customer_id: string | null;
  country_code: string | null;
  locale: string | null;
  marketing_state: string;
  transactional_state: string;
}

export function normalizedPhones(
  phones: ContactFacts['phones'],
  countries: ReadonlyArray<string | null>,
): string[] {
  const out: string[] = [];
  for (const raw of phones) {
    if (!raw || !raw.trim()) continue;
    const n = normalizePhone(raw, { defaultCountry: countries.filter((c): c is string => !!c) });
    if (n.ok && !out.includes(n.e164)) out.push(n.e164);
  }
  return out;
}

const optedOut = (s: SubscriberFacts): boolean =>
  s.marketing_state === 'unsubscribed' || s.transactional_state === 'unsubscribed';

function toRecipient(s: SubscriberFacts, facts: ContactFacts, marketing: boolean): AutomationRecipient {
  const countryCode = facts.countryCode ?? s.country_code;
  return {
    phone: s.phone,
    subscriberId: s.id,
    customerId: s.customer_id ?? facts.customerId,
    countryCode,
    locale: recipientLocale({
      locale: s.locale ?? facts.locale,
      countryCode,
      provinceCode: facts.provinceCode,
      phone: s.phone,
    }),
    marketing,
  };
}

export async function resolveRecipient(
  tx: Tx,
  shop: AutomationShop,
  facts: ContactFacts,
  opts: ResolveOptions,
): Promise<AutomationRecipient | null> {
  return (await resolveRecipients(tx, shop, [facts], opts))[0]!;
}

/**
 * resolveRecipient for many contacts of one shop: one subscriber look-up for all of them; only a
 * contact that falls back to its checkout phone (the shop setting on) writes, one by one.
 */
export async function resolveRecipients(
  tx: Tx,
  shop: AutomationShop,
  contacts: readonly ContactFacts[],
  opts: ResolveOptions,
): Promise<Array<AutomationRecipient | null>> {
  const phonesOf = contacts.map((facts) =>
    normalizedPhones(facts.phones, [facts.countryCode, shop.countryCode]),
  );
  const allPhones = [...new Set(phonesOf.flat())];
  const customerIds = [...new Set(contacts.flatMap((f) => (f.customerId === null ? [] : [f.customerId])))];
  if (allPhones.length === 0 && customerIds.length === 0) return contacts.map(() => null);
  const result = await tx.execute<SubscriberFacts>(sql`
    SELECT id::text AS id, phone, customer_id::text AS customer_id, country_code, locale, marketing_state, transactional_state
      FROM subscribers
     WHERE shop_id = ${shop.id}
       AND (phone = ANY(${sql.param(allPhones)}::text[]) OR customer_id = ANY(${sql.param(customerIds)}::bigint[]))
     ORDER BY updated_at DESC`);
  let allowed: boolean | null =
    typeof opts.checkoutPhonesAllowed === 'boolean' ? opts.checkoutPhonesAllowed : null;
  const checkoutPhonesAllowed = async (): Promise<boolean> => {
    if (allowed === null)
      allowed =
        typeof opts.checkoutPhonesAllowed === 'function'
          ? await opts.checkoutPhonesAllowed()
          : opts.checkoutPhonesAllowed;
    return allowed;
  };
  const out: Array<AutomationRecipient | null> = [];
  for (const [i, facts] of contacts.entries()) {
    const phones = phonesOf[i]!;
    const rows = result.rows.filter(
      (s) => phones.includes(s.phone) || (facts.customerId !== null && s.customer_id === facts.customerId),
    );
    out.push(
      phones.length === 0 && facts.customerId === null
        ? null
        : await decide(tx, shop, facts, phones, rows, opts, checkoutPhonesAllowed),
    );
  }
  return out;
}

async function decide(
  tx: Tx,
  shop: AutomationShop,
  facts: ContactFacts,
  phones: string[],
  rows: SubscriberFacts[],
  opts: ResolveOptions,
  checkoutPhonesAllowed: () => Promise<boolean>,
): Promise<AutomationRecipient | null> {
  const subscribed = rows.find(
    (s) => s.marketing_state === 'subscribed' && s.transactional_state !== 'unsubscribed',
  );
  if (subscribed) return toRecipient(subscribed, facts, true);
  if (!opts.transactional) return null;
  if (!(await checkoutPhonesAllowed())) return null;
  const phone = phones[0];
  if (!phone) return null;
  const existing = rows.find((s) => s.phone === phone);
  if (existing && optedOut(existing)) return null;
  if (existing && existing.transactional_state === 'subscribed') return toRecipient(existing, facts, false);
  const row = await ensureSubscriber(tx, shop.id, {
    phone,
    countryCode: facts.countryCode,
    customerId: facts.customerId !== null ? BigInt(facts.customerId) : null,
    source: 'checkout',
    locale: facts.locale,
    now: opts.now,
  });
  await appendConsentEvents(
    tx,
    shop.id,
    row.id,
    [
      {
        channel: 'transactional',
        action: 'subscribed',
        source: 'checkout',
        occurredAt: opts.now,
        orderId: facts.orderId ? BigInt(facts.orderId) : null,
        checkoutToken: facts.checkoutToken ?? null,
        evidence: { basis: 'phone given at checkout', setting: 'orderUpdatesForCheckoutPhones' },
      },
    ],
    opts.now,
  );
  return toRecipient(
    {
      id: row.id,
      phone: row.phone,
      customer_id: row.customerId === null ? null : String(row.customerId),
      country_code: row.countryCode,
      locale: row.locale,
      marketing_state: row.marketingState,
      transactional_state: 'subscribed',
    },
    facts,
    false,
  );
}
