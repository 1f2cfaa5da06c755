// Headers of our /api requests (pure: no DOM, unit tested).
import { CSV_IMPORT_HEADER, CSV_IMPORT_HEADER_VALUE } from '../../../server/contracts/csv-import.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The server (in local mode) accepts a state-changing request only as application/json, even without a
 * body, or as text/csv with the import header: what a cross-site form or no-cors fetch cannot send.
 */
export function requestHeaders(method: HttpMethod, csv: boolean): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (csv) {
    headers['Content-Type'] = 'text/csv';
    headers[CSV_IMPORT_HEADER] = CSV_IMPORT_HEADER_VALUE;
  } else if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
  }
  return headers;
}
