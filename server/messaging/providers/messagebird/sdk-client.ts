// Promise wrapper around the MessageBird SDK (v4, callback style) with a hard deadline.
// The SDK's own timeout is a socket idle timeout, so a slow trickle could outlive it; we race the
// call against `timeoutMs` and report 'timeout' ourselves. Callers treat every failure as a value.
//
// The SDK's errors carry the status code and the body's `errors` but not the response headers, so a 429's
// Retry-After would be lost. Each call runs in its own AsyncLocalStorage context, and Node's
// `http.client.response.finish` diagnostics channel (published when the SDK's request gets its response
// head, before the body ends and the SDK calls back) stores that response's status and Retry-After in the
// context of the call that made the request.
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { initClient } from 'messagebird';
import type { Message, MessageParameters } from 'messagebird';
import { parseRetryAfter } from './retry-after.js';

export interface MbApiError {
  code: number;
  description: string;
  parameter?: string;
}

export type MbFailure =
  | {
      kind: 'api';
      statusCode: number | undefined;
      errors: MbApiError[];
      message: string;
      /** The response's Retry-After as a delay (retry-after.ts), when it had a valid one. */
      retryAfterMs?: number;
    }
  | { kind: 'network'; message: string }
  | { kind: 'timeout'; message: string };

export type MbResult<T> = { ok: true; data: T } | { ok: false; failure: MbFailure };

export interface MessageBirdClient {
  createMessage(params: MessageParameters): Promise<MbResult<Message>>;
  readMessage(id: string): Promise<MbResult<Message>>;
}

interface SdkError extends Error {
  statusCode?: number;
  errors?: unknown;
}

function toApiErrors(raw: unknown): MbApiError[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((e: unknown): MbApiError[] => {
    if (typeof e !== 'object' || e === null) return [];
    const r = e as Record<string, unknown>;
    const code = typeof r.code === 'number' ? r.code : Number(r.code);
    if (!Number.isFinite(code)) return [];
    return [
      {
        code,
        description: typeof r.description === 'string' ? r.description : '',
        parameter: typeof r.parameter === 'string' ? r.parameter : undefined,
      },
    ];
  });
}

/** What the call's response head said, filled in by the diagnostics channel below. */
interface CallResponse {
  statusCode?: number;
  retryAfterMs?: number;
}

const responses = new AsyncLocalStorage<CallResponse>();

subscribe('http.client.response.finish', (message) => {
  const call = responses.getStore();
  if (call === undefined) return; // not a request made by this client
  const { response } = message as { response: IncomingMessage };
  call.statusCode = response.statusCode;
  const retryAfter = response.headers['retry-after'];
  call.retryAfterMs = parseRetryAfter(retryAfter, Date.now());
});

function apiFailure(
  statusCode: number | undefined,
  errors: MbApiError[],
  message: string,
  response: CallResponse,
): MbFailure {
  return response.retryAfterMs === undefined
    ? { kind: 'api', statusCode, errors, message }
    : { kind: 'api', statusCode, errors, message, retryAfterMs: response.retryAfterMs };
}

function classify(err: SdkError, response: CallResponse): MbFailure {
  if (typeof err.statusCode === 'number' || err.errors !== undefined)
    return apiFailure(err.statusCode, toApiErrors(err.errors), err.message, response);
  return { kind: 'network', message: err.message };
}

export function createMessageBirdClient(opts: { accessKey: string; timeoutMs: number }): MessageBirdClient {
  // The SDK's socket timeout sits behind our deadline so the deadline is what callers observe.
  const sdk = initClient(opts.accessKey, opts.timeoutMs + 1000);

  function call<T>(start: (cb: (err: Error | null, res: T | null) => void) => void): Promise<MbResult<T>> {
    return new Promise((resolve) => {
      const response: CallResponse = {};
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        resolve({
          ok: false,
          failure: { kind: 'timeout', message: `no response within ${opts.timeoutMs} ms` },
        });
      }, opts.timeoutMs);
      responses.run(response, () =>
        start((err, res) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const status = response.statusCode;
          if (err) resolve({ ok: false, failure: classify(err as SdkError, response) });
          else if (status !== undefined && status >= 300)
            // The SDK calls a JSON answer without `errors` a success whatever its status (a 429 or 503
            // from a proxy or gateway, say): it is not one.
            resolve({
              ok: false,
              failure: apiFailure(status, [], `HTTP ${status} without an errors list`, response),
            });
          else if (res === null || typeof res !== 'object')
            resolve({
              ok: false,
              failure: { kind: 'api', statusCode: status, errors: [], message: 'empty response' },
            });
          else resolve({ ok: true, data: res });
        }),
      );
    });
  }

  return Object.freeze({
    // The SDK mutates params (joins recipients), so it gets its own copy.
    createMessage: (params: MessageParameters) =>
      call<Message>((cb) => sdk.messages.create({ ...params }, cb)),
    readMessage: (id: string) => call<Message>((cb) => sdk.messages.read(encodeURIComponent(id), cb)),
  });
}
