// Reads MessageBird webhook fields from wherever they arrive: the query string of a GET (what
// MessageBird sends by default), a form-encoded POST body, or a JSON POST body.
import type { ProviderRequest } from '../types.js';

export type WebhookParams = ReadonlyMap<string, string>;

export function headerValue(headers: ProviderRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value.join(', ') : value;
  }
  return undefined;
}

function fromSearchParams(params: URLSearchParams): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of params) if (!out.has(key)) out.set(key, value);
  return out;
}

function fromJson(text: string): Map<string, string> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'body is not valid JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return 'JSON body is not an object';
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value === 'string') out.set(key, value);
    else if (typeof value === 'number' && Number.isFinite(value))
      out.set(key, Number.isInteger(value) ? BigInt(value).toString() : String(value));
  }
  return out;
}

/** Returns the fields, or a reason the request could not be read. */
export function readWebhookParams(req: ProviderRequest): WebhookParams | string {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return `invalid request URL '${req.url}'`;
  }
  const query = fromSearchParams(url.searchParams);
  const method = req.method.toUpperCase();
  if (method === 'GET' || req.rawBody.length === 0) return withoutNul(query);

  const contentType = (headerValue(req.headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const text = req.rawBody.toString('utf8');
  const looksJson =
    contentType === 'application/json' ||
    contentType.endsWith('+json') ||
    (contentType === '' && /^\s*\{/.test(text));
  const body = looksJson
    ? fromJson(text)
    : contentType === 'application/x-www-form-urlencoded' || contentType === ''
      ? fromSearchParams(new URLSearchParams(text))
      : `unsupported content type '${contentType}'`;
  if (typeof body === 'string') return body;
  // Body fields win; query fields fill in anything the body does not carry.
  for (const [key, value] of query) if (!body.has(key)) body.set(key, value);
  return withoutNul(body);
}

/**
 * No MessageBird field carries U+0000, and PostgreSQL text cannot hold it: such a request is unreadable (a
 * 400), not a storage failure to retry (found by `npm run fuzz`: it was a 503 MessageBird would retry).
 */
function withoutNul(params: Map<string, string>): WebhookParams | string {
  for (const [key, value] of params)
    if (key.includes('\u0000') || value.includes('\u0000'))
      return `field '${key.replaceAll('\u0000', '')}' contains a NUL character`;
  return params;
}

export function field(params: WebhookParams, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = params.get(name);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}
