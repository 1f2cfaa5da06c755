import type { RawSettings, SettingValue } from './shopify-api.js';

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
