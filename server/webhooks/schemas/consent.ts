// Marketing consent: the customers_marketing_consent/update payload and the consent blocks that
// customer payloads carried before API version 2025-01 (Shopify removed sms_marketing_consent,
// email_marketing_consent and tags from customer objects in webhooks as of 2025-01).
import { z } from 'zod';
import { e164PhoneSchema, shopifyIdSchema, timestampSchema, withDefaults } from './primitives.js';

/** REST spellings of CustomerSmsMarketingState. */
export const smsConsentStates = [
  'not_subscribed',
  'pending',
  'subscribed',
  'unsubscribed',
  'redacted',
] as const;
export type SmsConsentState = (typeof smsConsentStates)[number];

/** REST spellings of CustomerEmailMarketingState. */
export const emailConsentStates = [...smsConsentStates, 'invalid'] as const;
export type EmailConsentState = (typeof emailConsentStates)[number];

/** REST spellings of CustomerMarketingOptInLevel. */
export const optInLevels = ['single_opt_in', 'confirmed_opt_in', 'unknown'] as const;
export type OptInLevel = (typeof optInLevels)[number];

export const smsMarketingConsentSchema = z.looseObject({
  // Shopify's own sample sends every field null except consent_collected_from.
  state: z.enum(smsConsentStates).nullish(),
  opt_in_level: z.enum(optInLevels).nullish(),
  consent_updated_at: timestampSchema.nullish(),
  /** Where consent was captured: "shopify" (Shopify checkout/forms) or "other"; case as sent. */
  consent_collected_from: z.string().nullish(),
});
export type SmsMarketingConsent = z.infer<typeof smsMarketingConsentSchema>;

export const emailMarketingConsentSchema = z.looseObject({
  state: z.enum(emailConsentStates).nullable(),
  opt_in_level: z.enum(optInLevels).nullish(),
  consent_updated_at: timestampSchema.nullish(),
});
export type EmailMarketingConsent = z.infer<typeof emailMarketingConsentSchema>;

/**
 * customers_marketing_consent/update: a customer's SMS marketing consent changed. Only the customer id
 * is required; without a phone or a consent block there is nothing to apply (the handler logs it).
 */
export const customerSmsConsentUpdateSchema = z
  .looseObject({
    id: shopifyIdSchema,
    phone: e164PhoneSchema.nullish(),
    sms_marketing_consent: smsMarketingConsentSchema.nullish(),
  })
  .transform((p) =>
    withDefaults(p, {
      phone: p.phone ?? null,
      sms_marketing_consent: p.sms_marketing_consent ?? { state: null },
    }),
  );
export type CustomerSmsConsentUpdatePayload = z.output<typeof customerSmsConsentUpdateSchema>;
