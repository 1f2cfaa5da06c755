// The checkouts mirror (abandoned-checkout recovery and the SMS consent given at checkout), keyed by
// token and guarded by the payload's updated_at, ties broken by the delivery's X-Shopify-Triggered-At
// (see notOlderThanStored).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/transaction.js';
import { execute, notOlderThanStored, sourceTriggeredAtAfterWrite, timestamptz } from './sql.js';

/** One checkout as the mirror stores it. */
export interface CheckoutRecord {
  token: string;
  checkoutId: string | null;
  customerId: string | null;
  email: string | null;
  phone: string | null;
  smsMarketingPhone: string | null;
  buyerAcceptsSmsMarketing: boolean | null;
  abandonedCheckoutUrl: string | null;
  totalPrice: string | null;
  currency: string | null;
  countryCode: string | null;
  provinceCode: string | null;
  zip: string | null;
  completedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  /** The delivery's X-Shopify-Triggered-At; null when unknown. */
  triggeredAt: Date | null;
}

/**
 * Upserts the checkout. `redactContact` stores it without email, phones, recovery URL or zip (its
 * customer's data was erased). Returns false when the stored checkout is newer, or the same version
 * triggered later (nothing written).
 */
export async function upsertCheckout(
  tx: DbOrTx,
  shopId: string,
  checkout: CheckoutRecord,
  opts: { redactContact: boolean },
): Promise<boolean> {
  const keep = <T>(value: T | null | undefined): T | null => (opts.redactContact ? null : (value ?? null));
  const changed = await execute(
    tx,
    sql`
      INSERT INTO checkouts AS k (shop_id, token, checkout_id, customer_id, email, phone, sms_marketing_phone,
        buyer_accepts_sms_marketing, abandoned_checkout_url, total_price, currency, country_code, province_code, zip,
        completed_at, shopify_created_at, shopify_updated_at, source_triggered_at)
      VALUES (${shopId}, ${checkout.token}, ${checkout.checkoutId}, ${checkout.customerId},
        ${keep(checkout.email)}, ${keep(checkout.phone)}, ${keep(checkout.smsMarketingPhone)},
        ${checkout.buyerAcceptsSmsMarketing}, ${keep(checkout.abandonedCheckoutUrl)}, ${checkout.totalPrice},
        ${checkout.currency}, ${checkout.countryCode}, ${checkout.provinceCode}, ${keep(checkout.zip)},
        ${timestamptz(checkout.completedAt)}, ${timestamptz(checkout.createdAt)}, ${timestamptz(checkout.updatedAt)},
        ${timestamptz(checkout.triggeredAt)})
      ON CONFLICT (shop_id, token) DO UPDATE SET
        checkout_id = COALESCE(excluded.checkout_id, k.checkout_id), customer_id = excluded.customer_id,
        email = excluded.email, phone = excluded.phone, sms_marketing_phone = excluded.sms_marketing_phone,
        buyer_accepts_sms_marketing = excluded.buyer_accepts_sms_marketing,
        abandoned_checkout_url = excluded.abandoned_checkout_url, total_price = excluded.total_price,
        currency = excluded.currency, country_code = excluded.country_code, province_code = excluded.province_code,
        zip = excluded.zip, completed_at = COALESCE(excluded.completed_at, k.completed_at),
        shopify_created_at = excluded.shopify_created_at, shopify_updated_at = excluded.shopify_updated_at,
        source_triggered_at = ${sourceTriggeredAtAfterWrite('k')}, updated_at = now()
      WHERE k.shopify_updated_at IS NULL OR ${notOlderThanStored('k')}`,
  );
  return changed > 0;
}
