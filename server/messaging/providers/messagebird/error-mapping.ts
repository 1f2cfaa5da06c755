// Maps a failed MessageBird create-message call to what happened to each message in it.
//
// MessageBird REST error codes (in the `errors[]` of the response): 2 request not allowed (bad
// access key), 9 missing params, 10 invalid params, 20 not found, 21 bad request, 25 not enough
// balance, 98 API not found, 99 internal error. Validation failures come back as HTTP 422.
//
// Rule: only a verdict about the message itself is permanent. Account-wide problems (bad key,
// no balance) and anything we cannot attribute are transient, so nothing is lost while an
// operator fixes the account. A 429 is transient `rate_limited`, with the response's Retry-After (read by
// sdk-client.ts, parsed by retry-after.ts) as retryAfterMs, so the outbox holds that shop's sends that long.
import { assertNever } from '../../../errors.js';
import type { SendOutcome } from '../types.js';
import type { MbApiError, MbFailure } from './sdk-client.js';

export type FailureVerdict =
  | { kind: 'transient'; code: string; reason: string; retryAfterMs?: number }
  /** The request went out and no answer came back: the message may have been taken. */
  | { kind: 'uncertain'; code: string; reason: string }
  | { kind: 'rejected'; code: string; reason: string }
  /** A recipient was refused but the request held several: resend them one by one to find it. */
  | { kind: 'split' };

const RECIPIENT_PARAMETERS = new Set(['recipient', 'recipients']);

function describe(errors: readonly MbApiError[], fallback: string): string {
  if (errors.length === 0) return fallback;
  return errors
    .map(
      (e) => `${e.description || 'error'} (code ${e.code}${e.parameter ? `, parameter ${e.parameter}` : ''})`,
    )
    .join('; ');
}

export function classifyFailure(failure: MbFailure, recipientsInRequest: number): FailureVerdict {
  switch (failure.kind) {
    case 'timeout':
      // The provider may or may not have taken it: never resent blindly; reconcile (lookup, policy)
      // and DLRs settle it.
      return { kind: 'uncertain', code: 'timeout', reason: failure.message };
    case 'network':
      return { kind: 'transient', code: 'network', reason: failure.message };
    case 'api':
      return classifyApiFailure(failure, recipientsInRequest);
    default:
      return assertNever(failure, 'MessageBird failure');
  }
}

function classifyApiFailure(
  failure: Extract<MbFailure, { kind: 'api' }>,
  recipients: number,
): FailureVerdict {
  const { statusCode: status, errors, message } = failure;
  const codes = new Set(errors.map((e) => e.code));
  const reason = describe(errors, message);
  if (status === 401 || status === 403 || codes.has(2)) return { kind: 'transient', code: 'auth', reason };
  if (codes.has(25)) return { kind: 'transient', code: 'balance', reason };
  if (status === 429)
    // Retry-After holds the shop's sends back that long (the outbox's holdShop); without one, the backoff.
    return failure.retryAfterMs === undefined
      ? { kind: 'transient', code: 'rate_limited', reason }
      : { kind: 'transient', code: 'rate_limited', reason, retryAfterMs: failure.retryAfterMs };
  if (status !== undefined && status >= 500) return { kind: 'transient', code: `http_${status}`, reason };
  if (codes.has(98) || codes.has(99)) return { kind: 'transient', code: 'provider_error', reason };

  const clientError = status === 400 || status === 422 || codes.has(9) || codes.has(10) || codes.has(21);
  if (clientError) {
    const aboutRecipient = errors.some(
      (e) => e.parameter !== undefined && RECIPIENT_PARAMETERS.has(e.parameter),
    );
    if (aboutRecipient)
      return recipients > 1 ? { kind: 'split' } : { kind: 'rejected', code: 'invalid_recipient', reason };
    const first = errors[0];
    return {
      kind: 'rejected',
      code: first ? `messagebird_${first.code}` : `http_${status ?? 'unknown'}`,
      reason,
    };
  }
  // 404/405/408, a 2xx we could not parse, anything else: we cannot tell; keep it retryable.
  return { kind: 'transient', code: status === undefined ? 'bad_response' : `http_${status}`, reason };
}

export function outcomeFromVerdict(
  messageId: string,
  verdict: Exclude<FailureVerdict, { kind: 'split' }>,
): SendOutcome {
  if (verdict.kind === 'rejected')
    return { messageId, status: 'rejected', permanent: true, code: verdict.code, reason: verdict.reason };
  if (verdict.kind === 'uncertain')
    return { messageId, status: 'uncertain', code: verdict.code, reason: verdict.reason };
  return verdict.retryAfterMs === undefined
    ? { messageId, status: 'transient', code: verdict.code, reason: verdict.reason }
    : {
        messageId,
        status: 'transient',
        code: verdict.code,
        reason: verdict.reason,
        retryAfterMs: verdict.retryAfterMs,
      };
}
