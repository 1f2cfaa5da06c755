// The CSV import request: POST /api/subscribers/import with the file as a text/csv body and this header.
// A cross-site HTML form cannot set a custom header, and a cross-site fetch that sets one needs a CORS
// preflight this app never grants, so in local mode the header proves the request comes from our own UI.
export const CSV_IMPORT_HEADER = 'X-Textlane-Csv-Import';
export const CSV_IMPORT_HEADER_VALUE = '1';
