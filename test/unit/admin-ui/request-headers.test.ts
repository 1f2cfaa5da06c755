// The admin UI's fetch wrapper sends what the local-mode request guard accepts: JSON on every
// state-changing request (with or without a body), text/csv with the import header for the CSV import.
import { requestHeaders } from '../../../admin-ui/src/api/request-headers.js';
import { CSV_IMPORT_HEADER } from '../../../server/contracts/csv-import.js';

describe('admin UI request headers', () => {
  it('sends Content-Type: application/json on every method but GET', () => {
    expect(requestHeaders('GET', false)).toEqual({ Accept: 'application/json' });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      expect(requestHeaders(method, false)).toEqual({
        Accept: 'application/json',
        'Content-Type': 'application/json',
      });
    }
  });

  it('sends a CSV import as text/csv with the custom header', () => {
    expect(requestHeaders('POST', true)).toEqual({
      Accept: 'application/json',
      'Content-Type': 'text/csv',
      [CSV_IMPORT_HEADER]: '1',
    });
  });
});
