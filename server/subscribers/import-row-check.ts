// One uploaded CSV row read through the merchant's column mapping and checked (pure): the phone must be a
// mobile number, the consent date present and not in the future, the source known. Used by the preview
// and by the background import, so both say the same thing about a row.
import type { ImportField, ImportMapping, ImportRowReason } from '../contracts/subscriber-imports.js';
import { importFields } from '../contracts/subscriber-imports.js';
import { normalizePhone } from './phone.js';

const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface CheckedRow {
  phone: string;
  country: string | null;
  occurredAt: Date;
  consentSource: string;
  disclosureText: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

export type RowCheck =
  | { ok: true; values: Record<string, string>; row: CheckedRow }
  | { ok: false; values: Record<string, string>; reason: ImportRowReason; message: string };

/** The mapped values of a row, by field ('' for a field without a column). */
export function mappedValues(
  columns: readonly string[],
  cells: readonly string[],
  mapping: ImportMapping,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of importFields) {
    const column = mapping[field as ImportField];
    const index = column === undefined ? -1 : columns.indexOf(column);
    values[field] = index === -1 ? '' : (cells[index] ?? '').trim();
  }
  return values;
}

/** Mapping columns that are not in the file's header, by field. */
export function unknownColumns(columns: readonly string[], mapping: ImportMapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of importFields) {
    const column = mapping[field as ImportField];
    if (column !== undefined && !columns.includes(column))
      out[`mapping.${field}`] = `the file has no column '${column}'`;
  }
  return out;
}

export function checkImportRow(
  columns: readonly string[],
  cells: readonly string[],
  mapping: ImportMapping,
  ctx: { shopCountry: string; now: Date },
): RowCheck {
  const values = mappedValues(columns, cells, mapping);
  const fail = (reason: ImportRowReason, message: string): RowCheck => ({
    ok: false,
    values,
    reason,
    message,
  });
  if (cells.length !== columns.length)
    return fail('column_count', `the line has ${cells.length} fields, the header has ${columns.length}`);
  const country = values.country ?? '';
  if (country && !/^[A-Za-z]{2}$/.test(country))
    return fail('invalid_country', `country '${country}' is not a two-letter country code`);
  const phone = normalizePhone(values.phone, { defaultCountry: [country || null, ctx.shopCountry] });
  if (!phone.ok) return fail(phone.reason === 'not_mobile' ? 'landline' : 'invalid_phone', phone.message);
  const date = values.consentDate ?? '';
  if (!date) return fail('missing_consent_date', 'the consent date is missing');
  const occurredAt = new Date(date.length === 10 ? `${date}T00:00:00Z` : date);
  if (!DATE.test(date) || Number.isNaN(occurredAt.getTime()))
    return fail(
      'invalid_consent_date',
      `consent date '${date}' is not a date such as 2025-01-31 or 2025-01-31T12:00:00Z`,
    );
  if (occurredAt.getTime() > ctx.now.getTime())
    return fail('future_consent_date', `consent date ${date} is in the future`);
  const consentSource = values.consentSource || mapping.defaultConsentSource || '';
  if (!consentSource)
    return fail(
      'missing_consent_source',
      'the consent source is missing (where and how consent was collected)',
    );
  const email = values.email ?? '';
  if (email && !EMAIL.test(email)) return fail('invalid_email', `'${email}' is not an email address`);
  return {
    ok: true,
    values: { ...values, phone: phone.e164 },
    row: {
      phone: phone.e164,
      country: country ? country.toUpperCase() : phone.country,
      occurredAt,
      consentSource,
      disclosureText: values.disclosureText || mapping.defaultDisclosureText || null,
      firstName: values.firstName || null,
      lastName: values.lastName || null,
      email: email || null,
    },
  };
}

const GUESSES: Record<ImportField, RegExp> = {
  phone: /^(phone|mobile|cell|sms|phone.?number|telephone|tel)$/i,
  firstName: /^(first.?name|given.?name|prénom|prenom)$/i,
  lastName: /^(last.?name|surname|family.?name|nom)$/i,
  email: /^(e.?mail|email.?address)$/i,
  country: /^(country|country.?code)$/i,
  consentDate: /^(consent.?date|opt.?in.?date|subscribed.?at|subscribed.?on|consented.?at)$/i,
  consentSource: /^(consent.?source|source|opt.?in.?source)$/i,
  disclosureText: /^(disclosure|disclosure.?text|consent.?text)$/i,
};

/** A mapping guessed from the header's names, for the form to start from. */
export function guessMapping(columns: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of importFields) {
    const match = columns.find((c) => GUESSES[field].test(c.trim()));
    if (match !== undefined) out[field] = match;
  }
  return out;
}
