// The narrow interface every SMS provider sits behind. Framework-agnostic: webhook handlers turn
// their HTTP request into a ProviderRequest; vendor SDK types never cross this boundary.
import type { SmsEncoding } from '../encoding.js';

export type ProviderName = 'messagebird' | 'simulator';

/** An incoming webhook request, exactly as received. */
export interface ProviderRequest {
  method: string;
  /** Full absolute URL as received (scheme, host, port, path and query), e.g. https://app.example/webhooks/sms/status?id=1 */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export interface OutboundSms {
  /** Our message id, sent to the provider as its reference. */
  messageId: string;
  /** E.164 with leading '+'. */
  to: string;
  /** Sender id: alphanumeric (≤ 11 characters) or an E.164 number. */
  from: string;
  body: string;
  encoding: SmsEncoding;
  validityMinutes?: number;
}

export type SendOutcome =
  | { messageId: string; status: 'accepted'; providerMessageId: string }
  /** The provider will never take this message as it is (invalid number, blocked, bad sender id). */
  | { messageId: string; status: 'rejected'; permanent: true; code: string; reason: string }
  /**
   * Nothing was sent: safe to retry later. `retryAfterMs` (a 429's Retry-After) also holds back the
   * shop's other sends for that long.
   */
  | { messageId: string; status: 'transient'; code: string; reason: string; retryAfterMs?: number }
  /**
   * We cannot tell whether the provider took it (a timeout after the request went out). Never retried
   * blindly: the row stays claimed and is reconciled like a crash (reconcile.ts) once its lease expires.
   */
  | { messageId: string; status: 'uncertain'; code: string; reason: string };

/**
 * A verified callback's one-time token: the caller records it in the same transaction as the processing
 * (replay-guard.ts), so a failed attempt leaves no trace and the provider's retry is accepted.
 */
export interface ReplayToken {
  jti: string;
  /** The record may be pruned after this instant (the token no longer verifies). */
  expiresAt: Date;
}

export type VerifyResult = { ok: true; replayToken: ReplayToken } | { ok: false; reason: string };

export type DeliveryStatus =
  'sent' | 'delivered' | 'failed' | 'expired' | 'undeliverable' | 'buffered' | 'scheduled';

export interface StatusReport {
  providerMessageId: string;
  /** Our messageId when the provider request carried exactly one message; absent otherwise (map by providerMessageId + recipient). */
  reference?: string;
  status: DeliveryStatus;
  /** The provider's own status word, kept for auditing. */
  providerStatus: string;
  errorCode?: number;
  errorReason?: string;
  occurredAt: Date;
  /** E.164 with '+'. */
  recipient?: string;
}

export interface InboundSms {
  providerMessageId: string;
  /** E.164 with '+'. */
  from: string;
  /** Our number: E.164 with '+', or the short code as given. */
  to: string;
  body: string;
  receivedAt: Date;
}

export interface ParseError {
  kind: 'parse_error';
  reason: string;
}

export function parseError(reason: string): ParseError {
  return { kind: 'parse_error', reason };
}

export function isParseError(value: unknown): value is ParseError {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'parse_error';
}

export interface LookupRef {
  messageId: string;
  providerMessageId?: string;
  /** E.164 recipient; needed when one provider message went to several recipients. */
  to?: string;
}

export type LookupResult = StatusReport | 'not_found' | 'unknown';

export interface ProviderCapabilities {
  maxRecipientsPerRequest: number;
  unicode: boolean;
  /** lookup() can find a message from our messageId alone (no providerMessageId). */
  lookupByReference: boolean;
}

export interface SmsProvider {
  readonly name: ProviderName;
  readonly capabilities: ProviderCapabilities;
  /** One outcome per input, in input order. Rejects only on bugs, never on vendor or network failures. */
  send(batch: readonly OutboundSms[]): Promise<SendOutcome[]>;
  verify(req: ProviderRequest): Promise<VerifyResult>;
  parseStatusCallback(req: ProviderRequest): StatusReport[] | ParseError;
  parseInbound(req: ProviderRequest): InboundSms | ParseError;
  /** Crash reconciliation: what does the provider know about this message? */
  lookup?(ref: LookupRef): Promise<LookupResult>;
}
