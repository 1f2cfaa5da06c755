// Pure planning for MessageBird sends: local validation (values, not throws) and grouping.
//
// Grouping and DLR mapping. MessageBird takes up to 50 recipients per request but only one
// `reference` per request, and a status report carries {id (the provider message id), reference,
// recipient}. So:
// - A message whose (originator, body, datacoding, validity) is shared with no other message in
//   the batch is sent alone with reference = our messageId; its DLRs carry that reference.
// - Messages sharing all four are sent as one request of ≤ 50 distinct recipients. Every one of
//   them gets the same providerMessageId, and the request carries reference = GROUP_REFERENCE_PREFIX
//   + the first messageId (MessageBird only reports status for messages with a reference). Their
//   DLRs are mapped back by (providerMessageId, recipient), which is unique because a group never
//   holds the same recipient twice; parseStatusCallback drops group references so nobody mistakes
//   one for a messageId.
import type { OutboundSms, SendOutcome } from '../types.js';

export const MAX_RECIPIENTS_PER_REQUEST = 50;
export const GROUP_REFERENCE_PREFIX = 'grp:';
/** MessageBird's documented maximum length of `reference`. */
const MAX_REFERENCE_LENGTH = 128;

const E164 = /^\+[1-9]\d{6,14}$/;
const ALPHANUMERIC_SENDER = /^[A-Za-z0-9 ]{1,11}$/;
const NUMERIC_SENDER = /^\+[1-9]\d{1,14}$/;

export type Rejection = Extract<SendOutcome, { status: 'rejected' }>;

function reject(messageId: string, code: string, reason: string): Rejection {
  return { messageId, status: 'rejected', permanent: true, code, reason };
}

/** Originator rules: alphanumeric of at most 11 characters, or a number in E.164. */
export function originatorProblem(from: string): string | undefined {
  if (from.startsWith('+'))
    return NUMERIC_SENDER.test(from) ? undefined : `originator '${from}' is not an E.164 number`;
  if (!ALPHANUMERIC_SENDER.test(from) || from.trim() !== from) {
    return `originator '${from}' must be at most 11 letters, digits or inner spaces, or an E.164 number`;
  }
  return undefined;
}

/** Checks everything we can know before calling the provider. */
export function validateOutbound(sms: OutboundSms): Rejection | undefined {
  const originator = originatorProblem(sms.from);
  if (originator) return reject(sms.messageId, 'invalid_originator', originator);
  if (!E164.test(sms.to))
    return reject(sms.messageId, 'invalid_recipient', `recipient '${sms.to}' is not an E.164 number`);
  if (sms.body.length === 0) return reject(sms.messageId, 'empty_body', 'message body is empty');
  if (
    sms.messageId.length === 0 ||
    sms.messageId.length + GROUP_REFERENCE_PREFIX.length > MAX_REFERENCE_LENGTH
  ) {
    return reject(
      sms.messageId,
      'invalid_reference',
      `message id must be 1..${MAX_REFERENCE_LENGTH - GROUP_REFERENCE_PREFIX.length} characters`,
    );
  }
  if (
    sms.validityMinutes !== undefined &&
    !(Number.isInteger(sms.validityMinutes) && sms.validityMinutes > 0)
  ) {
    return reject(
      sms.messageId,
      'invalid_validity',
      `validityMinutes must be a positive integer, got ${sms.validityMinutes}`,
    );
  }
  return undefined;
}

export interface SendGroup {
  /** Indexes into the input batch. */
  indexes: number[];
  originator: string;
  body: string;
  datacoding: 'plain' | 'unicode';
  validitySeconds?: number;
}

export function toDatacoding(encoding: OutboundSms['encoding']): 'plain' | 'unicode' {
  return encoding === 'GSM-7' ? 'plain' : 'unicode';
}

/** The reference to send for a group: our messageId alone, or a group reference. */
export function referenceFor(group: SendGroup, batch: readonly OutboundSms[]): string {
  const first = batch[group.indexes[0]!]!;
  return group.indexes.length === 1 ? first.messageId : GROUP_REFERENCE_PREFIX + first.messageId;
}

/** Strips '+' for MessageBird's msisdn fields. */
export function msisdn(e164: string): string {
  return e164.startsWith('+') ? e164.slice(1) : e164;
}

/**
 * Groups the valid messages (by index) into requests. Order of groups follows first appearance;
 * a recipient never appears twice in one group, and no group exceeds the recipient limit.
 */
export function planGroups(
  batch: readonly OutboundSms[],
  validIndexes: readonly number[],
  maxRecipients = MAX_RECIPIENTS_PER_REQUEST,
): SendGroup[] {
  const open = new Map<string, SendGroup[]>();
  const groups: SendGroup[] = [];
  for (const index of validIndexes) {
    const sms = batch[index]!;
    const datacoding = toDatacoding(sms.encoding);
    const validitySeconds = sms.validityMinutes === undefined ? undefined : sms.validityMinutes * 60;
    const key = JSON.stringify([sms.from, sms.body, datacoding, validitySeconds ?? null]);
    const candidates = open.get(key) ?? [];
    const fits = candidates.find(
      (g) => g.indexes.length < maxRecipients && !g.indexes.some((i) => batch[i]!.to === sms.to),
    );
    if (fits) {
      fits.indexes.push(index);
      continue;
    }
    const group: SendGroup = {
      indexes: [index],
      originator: sms.from,
      body: sms.body,
      datacoding,
      validitySeconds,
    };
    candidates.push(group);
    open.set(key, candidates);
    groups.push(group);
  }
  return groups;
}
