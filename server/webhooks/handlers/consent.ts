// customers_marketing_consent/update: a customer's SMS marketing consent changed in Shopify. For now
// the customers mirror caches the state; `parseSmsConsentChange` is the seam the subscriber /
// consent-ledger logic plugs into (it receives the same parsed change).
import type { WebhookHandler } from '../handler-types.js';
import type { CustomerSmsConsentUpdatePayload, OptInLevel, SmsConsentState } from '../schemas/index.js';
import { setCustomerSmsConsentState } from '../../store/customers.js';
import { shopOf } from './shop-of.js';
import { applySmsConsentWebhook, webhookMeta } from '../../subscribers/webhook-consent.js';

/** A consent change as the app understands it, independent of the webhook's field names. */
export interface SmsConsentChange {
  customerId: string;
  /** E.164, or null when the customer has no phone. */
  phone: string | null;
  /** null when Shopify sent no state (its sample payload does): nothing to apply. */
  state: SmsConsentState | null;
  optInLevel: OptInLevel | null;
  /** When the consent changed in Shopify (the version of this change), if sent. */
  consentUpdatedAt: Date | null;
  /** "shopify" (checkout, customer accounts, forms) or "other", lower-cased; null if not sent. */
  collectedFrom: string | null;
}

export function parseSmsConsentChange(payload: CustomerSmsConsentUpdatePayload): SmsConsentChange {
  const consent = payload.sms_marketing_consent;
  return {
    customerId: payload.id,
    phone: payload.phone,
    state: consent.state ?? null,
    optInLevel: consent.opt_in_level ?? null,
    consentUpdatedAt: consent.consent_updated_at ? new Date(consent.consent_updated_at) : null,
    collectedFrom: consent.consent_collected_from ? consent.consent_collected_from.toLowerCase() : null,
  };
}

export const handleSmsConsentUpdate: WebhookHandler<'customers_marketing_consent/update'> = async (
  ctx,
  payload,
) => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  const change = parseSmsConsentChange(payload);
  if (change.state === null) {
    ctx.log.info({ customerId: change.customerId }, 'SMS consent update without a state: nothing to apply');
    return;
  }
  await setCustomerSmsConsentState(ctx.tx, shopId, {
    customerId: change.customerId,
    phone: change.phone,
    state: change.state,
  });
  const outcome = await applySmsConsentWebhook(ctx.tx, shopId, change, webhookMeta(ctx));
  ctx.log.info(
    { customerId: change.customerId, outcome },
    'SMS consent update applied to the consent ledger',
  );
};
