// Builds webhook requests in MessageBird's shape, signed the way MessageBird signs them, so local
// and test traffic runs through the same verify/parse path as production traffic.
import { randomUUID } from 'node:crypto';
import { SIGNATURE_HEADER, signMessageBirdRequest } from '../messagebird/index.js';

export interface SignedWebhookRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** RFC 3339 without milliseconds, as MessageBird writes it. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

const stripPlus = (value: string): string => (value.startsWith('+') ? value.slice(1) : value);

function signed(
  method: 'GET' | 'POST',
  url: string,
  fields: Record<string, string>,
  signingKey: string,
  now: Date,
): SignedWebhookRequest {
  const encoded = new URLSearchParams(fields).toString();
  if (method === 'GET') {
    const fullUrl = `${url}${url.includes('?') ? '&' : '?'}${encoded}`;
    return {
      method,
      url: fullUrl,
      headers: { [SIGNATURE_HEADER]: signMessageBirdRequest({ url: fullUrl, signingKey, now }) },
      body: '',
    };
  }
  return {
    method,
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      [SIGNATURE_HEADER]: signMessageBirdRequest({ url, body: encoded, signingKey, now }),
    },
    body: encoded,
  };
}

export interface InboundInput {
  /** Sender, E.164 with '+'. */
  from: string;
  /** Our number, E.164 with '+' (or a short code). */
  to: string;
  body: string;
  /** Our inbound webhook URL. */
  url: string;
  id?: string;
  receivedAt?: Date;
  method?: 'GET' | 'POST';
}

export function buildInboundRequest(
  input: InboundInput,
  signingKey: string,
  now: Date,
): SignedWebhookRequest {
  const fields = {
    id: input.id ?? randomUUID().replaceAll('-', ''),
    originator: stripPlus(input.from),
    recipient: stripPlus(input.to),
    body: input.body,
    createdDatetime: rfc3339(input.receivedAt ?? now),
  };
  return signed(input.method ?? 'POST', input.url, fields, signingKey, now);
}

export interface DlrInput {
  providerMessageId: string;
  reference: string;
  /** E.164 with '+'. */
  recipient: string;
  status: 'delivered' | 'delivery_failed' | 'expired';
  statusReason: string;
  statusErrorCode?: number;
  at: Date;
}

export function buildDlrRequest(
  statusUrl: string,
  dlr: DlrInput,
  signingKey: string,
  now: Date,
): SignedWebhookRequest {
  const fields: Record<string, string> = {
    id: dlr.providerMessageId,
    reference: dlr.reference,
    recipient: stripPlus(dlr.recipient),
    status: dlr.status,
    statusReason: dlr.statusReason,
    statusDatetime: rfc3339(dlr.at),
  };
  if (dlr.statusErrorCode !== undefined) fields.statusErrorCode = String(dlr.statusErrorCode);
  return signed('POST', statusUrl, fields, signingKey, now);
}
