// Local mode trusts this machine (loopback), so it must not be reachable from web pages open in the
// developer's browser:
// - DNS rebinding: a hostile name that resolves to 127.0.0.1 reaches us with its own Host header, so
//   only Host localhost, 127.0.0.1 or [::1] (with the port we listen on) is served (421 otherwise).
//   Signed webhooks (/webhooks/*) and public short links (/r/*) are not behind the loopback trust and
//   are left alone.
// - Cross-site form posts and no-cors fetches: they can only send text/plain, urlencoded or multipart
//   bodies, or none. /api/* accepts state-changing requests only as application/json, and the CSV
//   import only as text/csv with a custom header (which needs a CORS preflight we never grant).
import type { Request, RequestHandler } from 'express';
import { CSV_IMPORT_HEADER, CSV_IMPORT_HEADER_VALUE } from '../contracts/csv-import.js';
import type { ApiErrorBody } from '../contracts/index.js';

const LOCAL_HOSTNAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);
const UNGUARDED_PATH = /^\/(?:webhooks|r)(?:\/|$)/;
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSV_IMPORT_PATH = '/subscribers/import';
/** The paths that take a CSV file: the one-shot import and the upload of a background import. */
const CSV_IMPORT_PATHS: ReadonlySet<string> = new Set([CSV_IMPORT_PATH, '/subscribers/imports']);

/** True when the Host header names this machine and the port this socket listens on. */
export function isLocalHost(host: string | undefined, localPort: number | undefined): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]*\]|[^:]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
  if (!match || !LOCAL_HOSTNAMES.has(match[1]!)) return false;
  const port = match[2] === undefined ? 80 : Number(match[2]);
  return localPort === undefined || port === localPort;
}

function reject(res: Parameters<RequestHandler>[1], status: number, code: string, message: string): void {
  const body: ApiErrorBody = { error: { code, message } };
  res.status(status).json(body);
}

/** App-wide, local mode only: requests whose Host is not this machine are refused with 421. */
export function localHostGuard(): RequestHandler {
  return (req, res, next) => {
    if (UNGUARDED_PATH.test(req.path) || isLocalHost(req.get('host'), req.socket.localPort)) return next();
    reject(
      res,
      421,
      'misdirected_host',
      'In local mode the app answers only to Host localhost, 127.0.0.1 or [::1] with its port',
    );
  };
}

const mediaType = (req: Request): string =>
  (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();

/** Mounted on the /api router in local mode: state-changing requests must be JSON (or the CSV import). */
export function localApiContentGuard(): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (req.method === 'POST' && CSV_IMPORT_PATHS.has(req.path)) {
      if (mediaType(req) === 'text/csv' && req.get(CSV_IMPORT_HEADER) === CSV_IMPORT_HEADER_VALUE)
        return next();
      return reject(
        res,
        415,
        'unsupported_media_type',
        `Send the CSV file with Content-Type: text/csv and ${CSV_IMPORT_HEADER}: ${CSV_IMPORT_HEADER_VALUE}`,
      );
    }
    if (mediaType(req) === 'application/json') return next();
    reject(
      res,
      415,
      'unsupported_media_type',
      `${req.method} /api${req.path} accepts only Content-Type: application/json`,
    );
  };
}
