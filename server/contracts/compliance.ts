// Compliance and sending settings: GET|PUT /api/settings/compliance and the audit list of their changes.
// Shared by the server and the admin UI: zod schemas and types only.
import { z } from 'zod';

const localeText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable();

const minuteOfDay = z
  .number({ message: 'must be a number of minutes since midnight' })
  .int('must be whole minutes')
  .min(0, 'must be between 0 (00:00) and 1440 (24:00)')
  .max(1440, 'must be between 0 (00:00) and 1440 (24:00)');

export const quietHoursSettingSchema = z
  .object({ startMinute: minuteOfDay, endMinute: minuteOfDay })
  .strict()
  .refine((w) => w.startMinute < w.endMinute, {
    message: 'the window must start before it ends (no overnight windows)',
    path: ['endMinute'],
  });

export const frequencyCapsSettingSchema = z
  .object({
    /** Minimum hours between two marketing texts to one person (0 turns it off). */
    minHoursBetween: z
      .number({ message: 'must be a number of hours' })
      .min(0, 'must be 0 or more')
      .max(720, 'must be at most 720 hours (30 days)'),
    /** At most this many marketing texts to one person in any 7 days. */
    maxPer7Days: z
      .number({ message: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(50, 'must be at most 50'),
  })
  .strict();

export const attributionWindowsSchema = z
  .object({
    /** An order within this many days of a click on a message's link is attributed to the message. */
    clickDays: z
      .number({ message: 'must be a number of days' })
      .int('must be whole days')
      .min(1, 'must be at least 1 day')
      .max(30, 'must be at most 30 days'),
    /** An order within this many hours of a delivered message (no click) is attributed to it. */
    deliveredHours: z
      .number({ message: 'must be a number of hours' })
      .int('must be whole hours')
      .min(0, 'must be 0 (off) or more')
      .max(168, 'must be at most 168 hours (7 days)'),
  })
  .strict();
export type AttributionWindows = z.infer<typeof attributionWindowsSchema>;
export const DEFAULT_ATTRIBUTION_WINDOWS: Readonly<AttributionWindows> = Object.freeze({
  clickDays: 5,
  deliveredHours: 24,
});

const countryCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine(
    (v) => /^[A-Z]{2}$/.test(v) || v === '*',
    'must be a two-letter country code such as US, or * for every country',
  );

const helpText = (label: string) =>
  localeText(320, label).refine(
    (v) => v === null || /\bSTOP\b/.test(v),
    `${label} must tell people how to opt out (include the word STOP)`,
  );

/** PUT body: every key optional (only what is sent changes); null or '' clears an optional text. */
export const updateComplianceSettingsSchema = z
  .object({
    doubleOptInCountries: z.array(countryCode).max(250),
    programName: z
      .string()
      .trim()
      .min(1, 'Program name is required')
      .max(40, 'Program name must be at most 40 characters'),
    supportContact: localeText(80, 'Support contact'),
    helpText: z
      .object({ en: helpText('HELP reply (English)'), fr: helpText('HELP reply (French)') })
      .partial()
      .strict(),
    consentDisclosure: localeText(1000, 'Checkout disclosure'),
    quietHours: quietHoursSettingSchema.nullable(),
    frequencyCaps: frequencyCapsSettingSchema,
    attributionWindows: attributionWindowsSchema,
  })
  .partial()
  .strict();
export type UpdateComplianceSettings = z.infer<typeof updateComplianceSettingsSchema>;

export const legalQuietHoursSchema = z.object({
  /** US, US-FL, FR, or * (everywhere else). */
  region: z.string(),
  label: z.string(),
  startMinute: z.number(),
  endMinute: z.number(),
  /** 0 = Sunday … 6 = Saturday. */
  weekdays: z.array(z.number()),
  holidays: z.string().nullable(),
});
export type LegalQuietHours = z.infer<typeof legalQuietHoursSchema>;

export const complianceSettingsSchema = z.object({
  doubleOptInCountries: z.array(z.string()),
  programName: z.string(),
  supportContact: z.string().nullable(),
  /** The merchant's HELP reply per locale; null: the built-in text (program name, frequency, STOP). */
  helpText: z.object({ en: z.string().nullable(), fr: z.string().nullable() }),
  /** The opt-in disclosure shown at checkout and recorded with checkout opt-ins. */
  consentDisclosure: z.string().nullable(),
  /** The shop's own sending window (recipient local time), only ever narrowing the legal one; null: the law only. */
  quietHours: quietHoursSettingSchema.nullable(),
  frequencyCaps: frequencyCapsSettingSchema,
  attributionWindows: attributionWindowsSchema,
  /** Assigned by the operator; read-only. */
  smsNumber: z.string().nullable(),
  /** The legal windows the app enforces whatever the settings say; read-only. */
  legalQuietHours: z.array(legalQuietHoursSchema),
});
export type ComplianceSettings = z.infer<typeof complianceSettingsSchema>;

export const settingsAuditEntrySchema = z.object({
  id: z.string(),
  section: z.string(),
  /** field → { from, to } */
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  /** `user:<Shopify user id>`, or "merchant" (local mode). */
  actor: z.string().nullable(),
  createdAt: z.string(),
});
export type SettingsAuditEntry = z.infer<typeof settingsAuditEntrySchema>;

export const settingsAuditListSchema = z.object({ entries: z.array(settingsAuditEntrySchema) });
export type SettingsAuditList = z.infer<typeof settingsAuditListSchema>;
