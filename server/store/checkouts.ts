// The checkouts mirror (abandoned-checkout recovery and the SMS consent given at checkout), keyed by
// token and guarded by the payload's updated_at, ties broken by the delivery's X-Shopify-Triggered-At
// (see notOlderThanStored).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/transaction.js';
import type { ShopifyCheckout } from '../schemas/index.js';
import { execute, notOlderThanStored, sourceTriggeredAtAfterWrite, timestamptz } from './sql-helpers.js';

/**
 * Upserts the checkout. `redactContact` stores it without email, phones, recovery URL or zip (its
 * customer's data was erased). `triggeredAt` is the delivery's X-Shopify-Triggered-At (null when
 * unknown). Returns false when the stored checkout is newer, or the same version triggered later
 * (nothing written).
 */
export async function upsertCheckout(
  tx: DbOrTx,
  shopId: string,
  checkout: ShopifyCheckout,
  opts: { redactContact: boolean; triggeredAt: Date | null },
): Promise<boolean> {
  const address = checkout.shipping_address ?? checkout.billing_address ?? checkout.customer?.default_address ?? null;
  const keep = <T>(value: T | null | undefined): T | null => (opts.redactContact ? null : (value ?? null));
  const changed = await execute(
    tx,
    sql`
      INSERT INTO checkouts AS k (shop_id, token, checkout_id, customer_id, email, phone, sms_marketing_phone,
        buyer_accepts_sms_marketing, abandoned_checkout_url, total_price, currency, country_code, province_code, zip,
        completed_at, shopify_created_at, shopify_updated_at, source_triggered_at)
      VALUES (${shopId}, ${checkout.token}, ${checkout.id ?? null}, ${checkout.customer?.id ?? null},
        ${keep(checkout.email)}, ${keep(checkout.phone)}, ${keep(checkout.sms_marketing_phone)},
        ${checkout.buyer_accepts_sms_marketing}, ${keep(checkout.abandoned_checkout_url)}, ${checkout.total_price},
        ${checkout.currency}, ${address?.country_code ?? null}, ${address?.province_code ?? null}, ${keep(address?.zip)},
        ${timestamptz(checkout.completed_at)}, ${timestamptz(checkout.created_at)}, ${timestamptz(checkout.updated_at)},
        ${timestamptz(opts.triggeredAt)})
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
