// fetch wrapper for our /api routes: session-token auth when embedded, JSON in and out, typed errors.
// prefetchGet() starts a page's first GET requests before its code has loaded (main.tsx); the page's own
// apiGet of the same path then takes that response instead of asking again.
import type { z } from 'zod';
import { ApiError, apiErrorFromResponse } from './api-error.js';
import { sessionToken } from './app-bridge.js';
import { requestHeaders, type HttpMethod } from './request-headers.js';

export type { HttpMethod } from './request-headers.js';

export interface ApiRequestOptions<T> {
  method?: HttpMethod;
  /** Sent as JSON. */
  body?: unknown;
  /** A CSV file sent as text/csv (the subscriber import) instead of a JSON body. */
  csv?: string;
  /** Validates (and types) the success response body. */
  schema: z.ZodType<T>;
  signal?: AbortSignal;
}

// Shopify asks apps to retry once with a fresh token when a 401 carries this header.
const RETRY_INVALID_SESSION_HEADER = 'X-Shopify-Retry-Invalid-Session-Request';

async function send(
  path: string,
  method: HttpMethod,
  options: Pick<ApiRequestOptions<unknown>, 'body' | 'csv' | 'signal'>,
): Promise<Response> {
  const { body, csv, signal } = options;
  const headers = requestHeaders(method, csv !== undefined);
  let token: string | undefined;
  try {
    token = await sessionToken();
  } catch (cause) {
    throw new ApiError({
      status: 0,
      code: 'session_token_unavailable',
      message: `Could not get a Shopify session token: ${String(cause)}`,
    });
  }
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(path, {
      method,
      headers,
      body: csv ?? (body === undefined ? undefined : JSON.stringify(body)),
      signal,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: 'Could not reach the server. Check your connection and try again.',
    });
  }
}

// Responses asked for before the page that needs them rendered, by path; each is taken once, and only on the
// page (location) they were asked for: after a navigation the rest are dropped.
const prefetched = new Map<string, Promise<Response>>();
let prefetchedFor: string | undefined;

/** Starts GET requests now, for the apiGet/apiRequest of the same path on this page that follows. */
export function prefetchGet(paths: readonly string[]): void {
  prefetchedFor = window.location.pathname;
  for (const path of paths) {
    const response = send(path, 'GET', {});
    response.catch(() => undefined); // a failure surfaces, as usual, in the request that takes it
    prefetched.set(path, response);
  }
}

function takePrefetched(path: string, signal: AbortSignal | undefined): Promise<Response> | undefined {
  if (prefetched.size === 0) return undefined;
  if (window.location.pathname !== prefetchedFor) {
    prefetched.clear();
    return undefined;
  }
  const response = prefetched.get(path);
  if (response === undefined || signal?.aborted === true) return undefined;
  prefetched.delete(path);
  if (signal === undefined) return response;
  return new Promise((resolve, reject) => {
    const abort = () => reject(new DOMException('The request was aborted.', 'AbortError'));
    signal.addEventListener('abort', abort, { once: true });
    response.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function apiRequest<T>(path: string, options: ApiRequestOptions<T>): Promise<T> {
  const method = options.method ?? 'GET';
  const early = method === 'GET' ? takePrefetched(path, options.signal) : undefined;
  let response = await (early ?? send(path, method, options));
  if (response.status === 401 && response.headers.get(RETRY_INVALID_SESSION_HEADER) === '1') {
    response = await send(path, method, options);
  }
  const body = await readJson(response);
  if (!response.ok) throw apiErrorFromResponse(response.status, body);
  const parsed = options.schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError({
      status: response.status,
      code: 'invalid_response',
      message: `Unexpected response from ${method} ${path}.`,
    });
  }
  return parsed.data;
}

export const apiGet = <T>(path: string, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> =>
  apiRequest(path, { schema, signal });

export const apiPut = <T>(
  path: string,
  body: unknown,
  schema: z.ZodType<T>,
  signal?: AbortSignal,
): Promise<T> => apiRequest(path, { method: 'PUT', body, schema, signal });
