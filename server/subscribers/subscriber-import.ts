// CSV import of subscribers whose consent was collected elsewhere. Each row needs a consent date and a
// consent source; invalid rows are reported back (line number and reason) and valid ones imported.
// A file that cannot be read at all (no header, missing columns, too many rows) is a 400.
import type { Db } from '../db/client.js';
import type { ImportResult, ImportRowError } from '../contracts/subscribers.js';
import { AppError } from '../errors.js';
import { recordOptIn } from './consent-actions.js';
import { parseCsv } from './csv.js';

export const IMPORT_MAX_ROWS = 10_000;
const REQUIRED = ['phone', 'consent_date', 'consent_source'] as const;
const KNOWN = new Set([
  'phone',
  'first_name',
  'last_name',
  'country',
  'consent_date',
  'consent_source',
  'disclosure_text',
]);
const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const fileError = (message: string) =>
  new AppError({ code: 'invalid_import_file', status: 400, message: `Invalid import file: ${message}` });

interface ImportContext {
  shopId: string;
  now: Date;
  importId: string;
}

export async function importSubscribersCsv(db: Db, text: string, ctx: ImportContext): Promise<ImportResult> {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw fileError(parsed.message);
  const [header, ...rows] = parsed.rows;
  if (!header)
    throw fileError(
      'the file is empty; the first line must name the columns (phone, consent_date, consent_source, ...)',
    );
  const columns = header.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw fileError(`missing required column(s): ${missing.join(', ')}`);
  const unknown = columns.filter((c) => !KNOWN.has(c));
  if (unknown.length > 0) throw fileError(`unknown column(s): ${unknown.join(', ')}`);
  if (rows.length === 0) throw fileError('the file has a header but no rows');
  if (rows.length > IMPORT_MAX_ROWS)
    throw fileError(`at most ${IMPORT_MAX_ROWS} rows per file (got ${rows.length})`);

  const result: ImportResult = { imported: 0, unchanged: 0, errors: [] };
  const seen = new Map<string, number>();
  await db.transaction(async (tx) => {
    for (const [index, cells] of rows.entries()) {
      const line = index + 2;
      const get = (name: string) => (cells[columns.indexOf(name)] ?? '').trim();
      const phone = get('phone');
      const fail = (reason: string, message: string) =>
        result.errors.push({ row: line, phone, reason, message } satisfies ImportRowError);
      if (cells.length !== columns.length) {
        fail('column_count', `line has ${cells.length} fields, the header has ${columns.length}`);
        continue;
      }
      const date = get('consent_date');
      const consentSource = get('consent_source');
      if (!date) {
        fail('missing_consent_date', 'consent_date is required');
        continue;
      }
      const occurredAt = new Date(date.length === 10 ? `${date}T00:00:00Z` : date);
      if (!DATE.test(date) || Number.isNaN(occurredAt.getTime())) {
        fail(
          'invalid_consent_date',
          `consent_date '${date}' is not a date such as 2025-01-31 or 2025-01-31T12:00:00Z`,
        );
        continue;
      }
      if (occurredAt.getTime() > ctx.now.getTime()) {
        fail('future_consent_date', `consent_date ${date} is in the future`);
        continue;
      }
      if (!consentSource) {
        fail('missing_consent_source', 'consent_source is required (where and how consent was collected)');
        continue;
      }
      const country = get('country');
      if (country && !/^[A-Za-z]{2}$/.test(country)) {
        fail('invalid_country', `country '${country}' is not a two-letter country code`);
        continue;
      }
      const outcome = await recordOptIn(
        tx,
        ctx.shopId,
        {
          phone,
          countryCode: country ? country.toUpperCase() : null,
          source: 'import',
          occurredAt,
          disclosureText: get('disclosure_text') || null,
          evidence: {
            importId: ctx.importId,
            importLine: line,
            consentSource,
            ...(get('first_name') ? { firstName: get('first_name') } : {}),
            ...(get('last_name') ? { lastName: get('last_name') } : {}),
          },
          confirmed: true,
          welcome: false,
        },
        ctx.now,
      );
      if (!outcome.ok) {
        fail(outcome.reason, outcome.message);
        continue;
      }
      const firstLine = seen.get(outcome.subscriber.phone);
      if (firstLine !== undefined) {
        fail('duplicate', `same number as line ${firstLine}`);
        continue;
      }
      seen.set(outcome.subscriber.phone, line);
      if (outcome.before === outcome.state) result.unchanged++;
      else result.imported++;
    }
  });
  return result;
}
