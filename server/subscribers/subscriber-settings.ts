// The consent-related keys of shops.settings (jsonb), with defaults. Unknown or malformed keys fall back
// to the default rather than breaking inbound handling.
import { z } from 'zod';

export const SUBSCRIBER_SETTINGS_DEFAULTS = {
  /** Countries whose numbers must confirm with "Y" before any marketing (double opt-in). */
  doubleOptInCountries: ['US', 'CA'],
  messageFrequency: { en: 'Msg frequency varies', fr: 'Fréquence variable' },
} as const;

const localized = z.object({
  en: z.string().trim().min(1).optional(),
  fr: z.string().trim().min(1).optional(),
});

const settingsSchema = z.object({
  /** ISO country codes; [] turns double opt-in off, ['*'] applies it to every number. */
  doubleOptInCountries: z.array(z.string().trim().toUpperCase()).optional().catch(undefined),
  /** Program name shown in HELP and confirmation texts; default the shop name. */
  programName: z.string().trim().min(1).max(40).optional().catch(undefined),
  /** Contact shown in HELP replies (email, URL or phone). */
  supportContact: z.string().trim().min(1).max(80).optional().catch(undefined),
  messageFrequency: localized.optional().catch(undefined),
  /** The disclosure text shown next to the checkout box, recorded with checkout opt-ins. */
  consentDisclosure: z.string().trim().min(1).optional().catch(undefined),
  /** Welcome text sent once a subscription is effective; Liquid with shop_name and program_name. */
  welcomeMessage: localized.optional().catch(undefined),
  /** The merchant's own HELP reply per locale (set in Settings › Compliance); the built-in text otherwise. */
  helpText: z
    .object({
      en: z.string().trim().min(1).nullable().optional(),
      fr: z.string().trim().min(1).nullable().optional(),
    })
    .optional()
    .catch(undefined),
});

export interface SubscriberSettings {
  doubleOptInCountries: string[];
  programName: string;
  supportContact: string | null;
  messageFrequency: { en: string; fr: string };
  consentDisclosure: string | null;
  welcomeMessage: { en: string | null; fr: string | null };
  helpText: { en: string | null; fr: string | null };
}

export function subscriberSettingsOf(shop: { name: string; settings: unknown }): SubscriberSettings {
  const raw = typeof shop.settings === 'object' && shop.settings !== null ? shop.settings : {};
  const parsed = settingsSchema.safeParse(raw);
  const s = parsed.success ? parsed.data : {};
  return {
    doubleOptInCountries: s.doubleOptInCountries ?? [...SUBSCRIBER_SETTINGS_DEFAULTS.doubleOptInCountries],
    programName: s.programName ?? shop.name,
    supportContact: s.supportContact ?? null,
    messageFrequency: {
      en: s.messageFrequency?.en ?? SUBSCRIBER_SETTINGS_DEFAULTS.messageFrequency.en,
      fr: s.messageFrequency?.fr ?? SUBSCRIBER_SETTINGS_DEFAULTS.messageFrequency.fr,
    },
    consentDisclosure: s.consentDisclosure ?? null,
    welcomeMessage: { en: s.welcomeMessage?.en ?? null, fr: s.welcomeMessage?.fr ?? null },
    helpText: { en: s.helpText?.en ?? null, fr: s.helpText?.fr ?? null },
  };
}

/** Does a new marketing opt-in from this country have to be confirmed by the handset? */
export function requiresDoubleOptIn(settings: SubscriberSettings, country: string | null): boolean {
  if (settings.doubleOptInCountries.includes('*')) return true;
  return country !== null && settings.doubleOptInCountries.includes(country.toUpperCase());
}
