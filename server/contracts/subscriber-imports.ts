// Background CSV imports of subscribers: upload (text/csv), map the columns, preview, start, follow the
// progress, download the rejected rows. Shared by the server and the admin UI: zod schemas and types only.
import { z } from 'zod';

/** The fields a file's columns can be mapped to. */
export const importFields = [
  'phone',
  'firstName',
  'lastName',
  'email',
  'country',
  'consentDate',
  'consentSource',
  'disclosureText',
] as const;
export type ImportField = (typeof importFields)[number];

const column = z.string().trim().min(1).max(200);

export const importMappingSchema = z
  .object({
    phone: column,
    consentDate: column,
    firstName: column.optional(),
    lastName: column.optional(),
    email: column.optional(),
    country: column.optional(),
    consentSource: column.optional(),
    disclosureText: column.optional(),
    /** Where consent was collected, for every row, when no column says it. */
    defaultConsentSource: z.string().trim().min(1).max(200).optional(),
    /** The disclosure every row agreed to, when no column holds it. */
    defaultDisclosureText: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
  .refine((m) => m.consentSource !== undefined || m.defaultConsentSource !== undefined, {
    message: 'map a consent source column or say where consent was collected (defaultConsentSource)',
    path: ['consentSource'],
  });
export type ImportMapping = z.infer<typeof importMappingSchema>;

export const importRequestSchema = z.object({ mapping: importMappingSchema }).strict();

export const uploadQuerySchema = z
  .object({ filename: z.string().trim().min(1).max(200).optional() })
  .strict();

export const importRowReasons = [
  'column_count',
  'invalid_phone',
  'landline',
  'missing_consent_date',
  'invalid_consent_date',
  'future_consent_date',
  'missing_consent_source',
  'invalid_country',
  'invalid_email',
  'duplicate',
] as const;
export type ImportRowReason = (typeof importRowReasons)[number];

export const importStatuses = ['uploaded', 'queued', 'running', 'completed', 'failed'] as const;

export const subscriberImportSchema = z.object({
  id: z.string(),
  filename: z.string().nullable(),
  status: z.enum(importStatuses),
  /** The header line's column names. */
  columns: z.array(z.string()),
  /** A mapping guessed from the column names (the saved one once started). */
  mapping: z.record(z.string(), z.string()),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  imported: z.number().int(),
  /** Valid rows that changed nothing (already subscribed, e.g. the same file imported again). */
  unchanged: z.number().int(),
  rejected: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type SubscriberImport = z.infer<typeof subscriberImportSchema>;

export const importPreviewRowSchema = z.object({
  /** 1-based line of the file (the header is line 1). */
  line: z.number().int(),
  values: z.record(z.string(), z.string()),
  /** null when the row would be imported. */
  reason: z.enum(importRowReasons).nullable(),
  message: z.string().nullable(),
});
export type ImportPreviewRow = z.infer<typeof importPreviewRowSchema>;

export const importPreviewSchema = z.object({ rows: z.array(importPreviewRowSchema) });
export type ImportPreview = z.infer<typeof importPreviewSchema>;
