// Abandoned checkout, trigger side: checkouts/create|update with a phone that has SMS marketing consent
// (a confirmed subscriber: the checkout consent was applied to the ledger just before) schedules one job
// per checkout token after the flow's delay; a later update of the same checkout restarts the wait.
import { sql } from 'drizzle-orm';
import { loadAutomationShop } from './automation-sender.js';
import { delayedKey, scheduleDelayedAutomation } from './delayed-jobs.js';
import { loadCheckoutFacts, type CheckoutFacts } from './mirror-facts.js';
import { enabledFlow, type TriggerScope } from './order-triggers.js';
import { resolveRecipient, type ContactFacts } from './recipients.js';

export function checkoutContact(c: CheckoutFacts, locale: string | null): ContactFacts {
  return {
    customerId: c.customer_id,
    phones: c.buyer_accepts_sms_marketing ? [c.sms_marketing_phone, c.phone] : [c.phone],
    countryCode: c.country_code,
    provinceCode: c.province_code,
    locale,
    checkoutToken: c.token,
  };
}

export async function onCheckoutInTx(s: TriggerScope, token: string, locale: string | null): Promise<void> {
  const flow = await enabledFlow(s, 'abandoned_checkout');
  if (!flow) return;
  const shop = await loadAutomationShop(s.tx, s.shopId);
  const checkout = shop ? await loadCheckoutFacts(s.tx, s.shopId, token) : null;
  if (!shop || !checkout || checkout.completed_at || !checkout.abandoned_checkout_url) return;
  const ordered = await s.tx.execute(
    sql`SELECT 1 FROM orders WHERE shop_id = ${s.shopId} AND checkout_token = ${token} LIMIT 1`,
  );
  if (ordered.rows.length > 0) return;
  const recipient = await resolveRecipient(s.tx, shop, checkoutContact(checkout, locale), {
    transactional: false,
    checkoutPhonesAllowed: false,
    now: s.app.clock.now(),
  });
  if (!recipient) return;
  const runAt = new Date(s.app.clock.now().getTime() + (flow.delayMinutes ?? 30) * 60_000);
  const jobId = await scheduleDelayedAutomation(
    s.tx,
    {
      shopId: s.shopId,
      flow: 'abandoned_checkout',
      key: delayedKey('abandoned_checkout', s.shopId, token),
      ref: token,
    },
    runAt,
    true,
  );
  s.log.info({ token, runAt, jobId }, 'abandoned-checkout reminder scheduled');
}
