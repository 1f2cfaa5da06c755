import type { AppMetafieldEntryLike, RawSettings, SettingValue } from './shopify-api.js';

/** Keys of the `[[extensions.settings.fields]]` declared in shopify.extension.toml. */
export const SETTING_KEYS = {
  showConsent: 'show_consent',
  programName: 'program_name',
  checkboxLabel: 'checkbox_label',
  maxMessagesPerMonth: 'max_messages_per_month',
  termsUrl: 'terms_url',
  privacyUrl: 'privacy_url',
} as const;

export interface ConsentSettings {
  /** False only when the merchant explicitly switched the consent box off. */
  readonly showConsent: boolean;
  readonly programName: string | null;
  readonly checkboxLabel: string | null;
  /** Positive whole number, or null for "frequency varies". */
  readonly maxMessagesPerMonth: number | null;
  readonly termsUrl: string | null;
  readonly privacyUrl: string | null;
}

const MAX_TEXT_LENGTH = 200;

function text(value: SettingValue): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > MAX_TEXT_LENGTH) return null;
  return trimmed;
}

function positiveInteger(value: SettingValue): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return null;
  return n;
}

/** Only absolute https URLs are linked; anything else falls back to the shop's policy pages. */
export function httpsUrl(value: SettingValue): string | null {
  const candidate = text(value);
  if (candidate === null || !/^https:\/\/[^\s/$.?#][^\s]*$/i.test(candidate)) return null;
  return candidate;
}

/**
 * Settings are empty until the merchant fills them in the checkout editor, so every field
 * is optional: an unset `show_consent` means "shown" (placing the block is the opt-in).
 */
export function parseSettings(raw: RawSettings): ConsentSettings {
  return {
    showConsent: raw[SETTING_KEYS.showConsent] !== false,
    programName: text(raw[SETTING_KEYS.programName]),
    checkboxLabel: text(raw[SETTING_KEYS.checkboxLabel]),
    maxMessagesPerMonth: positiveInteger(raw[SETTING_KEYS.maxMessagesPerMonth]),
    termsUrl: httpsUrl(raw[SETTING_KEYS.termsUrl]),
    privacyUrl: httpsUrl(raw[SETTING_KEYS.privacyUrl]),
  };
}

/**
 * The checkout disclosure the merchant wrote in the app (Settings › Compliance): the app writes it to this
 * app-owned shop metafield with the Admin API's metafieldsSet whenever it is saved, and deletes it when it is
 * cleared. Declared under `[[extensions.metafields]]` in shopify.extension.toml; the server writes the same
 * namespace and key (server/shops/checkout-disclosure-metafield.ts).
 */
export const DISCLOSURE_METAFIELD = { namespace: '$app:sms_consent', key: 'checkout_disclosure' } as const;

/** The server accepts at most 1,000 characters; anything longer did not come from the app. */
const MAX_DISCLOSURE_LENGTH = 1000;

// Shopify returns app-owned namespaces in the `$app` form; accept the fully qualified form too.
const isDisclosureNamespace = (namespace: string) =>
  namespace === DISCLOSURE_METAFIELD.namespace || /^app--\d+--sms_consent$/.test(namespace);

/** The merchant's disclosure from the shop metafield, or null (none saved, blank or malformed): the default. */
export function merchantDisclosure(entries: readonly AppMetafieldEntryLike[]): string | null {
  for (const { target, metafield } of entries) {
    if (target.type !== 'shop' || metafield.key !== DISCLOSURE_METAFIELD.key) continue;
    if (!isDisclosureNamespace(metafield.namespace)) continue;
    if (typeof metafield.value !== 'string') continue;
    const text = metafield.value.trim();
    if (text !== '' && text.length <= MAX_DISCLOSURE_LENGTH) return text;
  }
  return null;
}
