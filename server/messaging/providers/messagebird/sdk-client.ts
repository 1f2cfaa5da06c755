// Promise wrapper around the MessageBird SDK (v4, callback style) with a hard deadline.
// The SDK's own timeout is a socket idle timeout, so a slow trickle could outlive it; we race the
// call against `timeoutMs` and report 'timeout' ourselves. Callers treat every failure as a value.
import { initClient } from 'messagebird';
import type { Message, MessageParameters } from 'messagebird';

export interface MbApiError {
  code: number;
  description: string;
  parameter?: string;
}

export type MbFailure =
  | { kind: 'api'; statusCode: number | undefined; errors: MbApiError[]; message: string }
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

function classify(err: SdkError): MbFailure {
  if (typeof err.statusCode === 'number' || err.errors !== undefined) {
    return { kind: 'api', statusCode: err.statusCode, errors: toApiErrors(err.errors), message: err.message };
  }
  return { kind: 'network', message: err.message };
}

export function createMessageBirdClient(opts: { accessKey: string; timeoutMs: number }): MessageBirdClient {
  // The SDK's socket timeout sits behind our deadline so the deadline is what callers observe.
  const sdk = initClient(opts.accessKey, opts.timeoutMs + 1000);

  function call<T>(start: (cb: (err: Error | null, res: T | null) => void) => void): Promise<MbResult<T>> {
    return new Promise((resolve) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        resolve({
          ok: false,
          failure: { kind: 'timeout', message: `no response within ${opts.timeoutMs} ms` },
        });
      }, opts.timeoutMs);
      start((err, res) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) resolve({ ok: false, failure: classify(err as SdkError) });
        else if (res === null || typeof res !== 'object')
          resolve({
            ok: false,
            failure: { kind: 'api', statusCode: undefined, errors: [], message: 'empty response' },
          });
        else resolve({ ok: true, data: res });
      });
    });
  }

  return Object.freeze({
    // The SDK mutates params (joins recipients), so it gets its own copy.
    createMessage: (params: MessageParameters) =>
      call<Message>((cb) => sdk.messages.create({ ...params }, cb)),
    readMessage: (id: string) => call<Message>((cb) => sdk.messages.read(encodeURIComponent(id), cb)),
  });
}
