// A data request export as CSV: one line per field of each record (section, record number, field,
// value). Nested values (an order's line items) are written as JSON in the value cell.
import { dataRequestCsvColumns } from '../contracts/index.js';
import { csvLine } from '../subscribers/csv.js';

function cell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function dataRequestCsv(data: Record<string, unknown>): string {
  let out = csvLine(dataRequestCsvColumns);
  for (const [section, content] of Object.entries(data)) {
    const records = Array.isArray(content)
      ? content
      : content === null || content === undefined
        ? []
        : [content];
    records.forEach((record, index) => {
      if (record !== null && typeof record === 'object' && !Array.isArray(record)) {
        for (const [field, value] of Object.entries(record as Record<string, unknown>))
          out += csvLine([section, index + 1, field, cell(value)]);
      } else {
        out += csvLine([section, index + 1, '', cell(record)]);
      }
    });
  }
  return out;
}
