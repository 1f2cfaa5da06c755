// Parsing of MessageBird status reports (DLRs) and incoming messages. Shared by the simulator,
// which emits the same shapes, so both providers exercise one code path.
//
// Status report fields: id (provider message id), reference, recipient (msisdn, no '+'), status,
// statusReason, statusErrorCode, statusDatetime (RFC 3339), plus others we ignore (mccmnc, ported,
// price...). Incoming message fields: id (or mid), originator (msisdn, no '+'), recipient, body (or
// message), createdDatetime (RFC 3339) or receive_datetime (YYYYMMDDhhmmss, UTC).
import {
  type InboundSms,
  type ParseError,
  type ProviderRequest,
  type StatusReport,
  isParseError,
  parseError,
} from '../types.js';
import { GROUP_REFERENCE_PREFIX } from './send-plan.js';
import { describeErrorCode, isMessageBirdStatus, mapMessageBirdStatus } from './status-mapping.js';
import { field, readWebhookParams } from './webhook-params.js';

const DIGITS = /^\d{1,15}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;
const COMPACT_UTC = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** MessageBird msisdn (digits, optionally with '+') → E.164 with '+'; undefined for anything else (incl. short codes). */
export function toE164(raw: string): string | undefined {
  const digits = raw.startsWith('+') ? raw.slice(1) : raw;
  if (!DIGITS.test(digits) || digits.startsWith('0')) return undefined;
  return digits.length >= 7 ? `+${digits}` : undefined;
}

function parseDatetime(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  if (RFC3339.test(raw)) {
    const date = new Date(raw.replace(' ', 'T'));
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  const compact = COMPACT_UTC.exec(raw);
  if (compact) {
    const [, y, mo, d, h, mi, s] = compact.map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : undefined;
  }
  return undefined;
}

/** Group references are ours but are not message ids (see send-plan.ts). */
export function messageIdFromReference(reference: string | undefined): string | undefined {
  if (reference === undefined || reference.startsWith(GROUP_REFERENCE_PREFIX)) return undefined;
  return reference;
}

export interface RawStatusFields {
  id: string;
  reference?: string;
  recipient?: string;
  status: string;
  statusReason?: string;
  statusErrorCode?: string;
  statusDatetime?: string;
}

/** Turns status fields (from a webhook or a message object) into a StatusReport. */
export function toStatusReport(raw: RawStatusFields): StatusReport | ParseError {
  if (!isMessageBirdStatus(raw.status)) return parseError(`unknown status '${raw.status}'`);
  const occurredAt = parseDatetime(raw.statusDatetime);
  if (!occurredAt) return parseError(`missing or invalid statusDatetime '${raw.statusDatetime ?? ''}'`);
  let errorCode: number | undefined;
  if (raw.statusErrorCode !== undefined) {
    if (!/^\d+$/.test(raw.statusErrorCode))
      return parseError(`invalid statusErrorCode '${raw.statusErrorCode}'`);
    errorCode = Number(raw.statusErrorCode);
  }
  let recipient: string | undefined;
  if (raw.recipient !== undefined) {
    recipient = toE164(raw.recipient);
    if (!recipient) return parseError(`invalid recipient '${raw.recipient}'`);
  }
  const report: StatusReport = {
    providerMessageId: raw.id,
    status: mapMessageBirdStatus(raw.status, errorCode, raw.statusReason),
    providerStatus: raw.statusReason ? `${raw.status}: ${raw.statusReason}` : raw.status,
    occurredAt,
  };
  const reference = messageIdFromReference(raw.reference);
  if (reference !== undefined) report.reference = reference;
  if (errorCode !== undefined) report.errorCode = errorCode;
  const errorReason =
    errorCode === undefined ? undefined : (describeErrorCode(errorCode) ?? raw.statusReason);
  if (errorReason !== undefined) report.errorReason = errorReason;
  else if (raw.status === 'delivery_failed' && raw.statusReason) report.errorReason = raw.statusReason;
  if (recipient !== undefined) report.recipient = recipient;
  return report;
}

export function parseMessageBirdStatusCallback(req: ProviderRequest): StatusReport[] | ParseError {
  const params = readWebhookParams(req);
  if (typeof params === 'string') return parseError(params);
  const id = field(params, 'id');
  const status = field(params, 'status');
  if (!id) return parseError('missing id');
  if (!status) return parseError('missing status');
  const report = toStatusReport({
    id,
    status,
    reference: field(params, 'reference'),
    recipient: field(params, 'recipient'),
    statusReason: field(params, 'statusReason'),
    statusErrorCode: field(params, 'statusErrorCode'),
    statusDatetime: field(params, 'statusDatetime'),
  });
  return isParseError(report) ? report : [report];
}

export function parseMessageBirdInbound(req: ProviderRequest): InboundSms | ParseError {
  const params = readWebhookParams(req);
  if (typeof params === 'string') return parseError(params);
  const id = field(params, 'id', 'mid');
  const originator = field(params, 'originator');
  const recipient = field(params, 'recipient');
  const body = params.get('body') ?? params.get('message');
  if (!id) return parseError('missing id');
  if (!originator) return parseError('missing originator');
  if (!recipient) return parseError('missing recipient');
  if (body === undefined) return parseError('missing body');
  const from = toE164(originator);
  if (!from) return parseError(`originator '${originator}' is not a phone number`);
  const to = toE164(recipient) ?? (/^\d{3,6}$/.test(recipient) ? recipient : undefined);
  if (!to) return parseError(`invalid recipient '${recipient}'`);
  const rawDate = field(params, 'createdDatetime', 'receive_datetime');
  const receivedAt = parseDatetime(rawDate);
  if (!receivedAt) return parseError(`missing or invalid createdDatetime '${rawDate ?? ''}'`);
  return { providerMessageId: id, from, to, body, receivedAt };
}
