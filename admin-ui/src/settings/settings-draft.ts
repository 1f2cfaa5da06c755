// Pure helpers for the settings form: what changed, and zod issues as per-field messages.
import type { z } from 'zod';
import type { ShopSettings, UpdateShopSettings } from '../../../server/contracts/index.js';

/** The editable subset of the settings, as typed in the form. */
export type SettingsDraft = Required<Pick<ShopSettings, 'shopName' | 'senderId' | 'timezone'>>;
export type SettingsField = keyof SettingsDraft;
export type FieldErrors = Partial<Record<string, string>>;

export const editableFields: readonly SettingsField[] = ['shopName', 'senderId', 'timezone'];

export const draftFrom = (settings: ShopSettings): SettingsDraft => ({
  shopName: settings.shopName,
  senderId: settings.senderId,
  timezone: settings.timezone,
});

/** Only the fields the merchant changed (the PUT body before validation). */
export function changedFields(original: ShopSettings, draft: SettingsDraft): UpdateShopSettings {
  const changes: UpdateShopSettings = {};
  for (const field of editableFields) {
    if (draft[field] !== original[field]) changes[field] = draft[field];
  }
  return changes;
}

/** First message per field path (dot-joined), the same keys the server uses in ApiErrorBody.fields. */
export function fieldErrorsFromZod(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    if (errors[key] === undefined) errors[key] = issue.message;
  }
  return errors;
}
