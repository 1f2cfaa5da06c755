// MessageBird message statuses and delivery error codes → our DeliveryStatus.
//
// Statuses (recipient level): scheduled, sent, buffered, delivered, expired, delivery_failed.
// statusErrorCode carries the GSM MAP error reported by the network when there is one. Codes that
// mean the number itself can never receive SMS are 'undeliverable' (stop sending to it); every
// other failure is 'failed' (may succeed later).
import { assertNever } from '../../../errors.js';
import type { DeliveryStatus } from '../types.js';

export const MESSAGEBIRD_STATUSES = [
  'scheduled',
  'sent',
  'buffered',
  'delivered',
  'expired',
  'delivery_failed',
] as const;
export type MessageBirdStatus = (typeof MESSAGEBIRD_STATUSES)[number];

export function isMessageBirdStatus(value: string): value is MessageBirdStatus {
  return (MESSAGEBIRD_STATUSES as readonly string[]).includes(value);
}

/** Permanent network errors (GSM MAP): the subscriber/number cannot receive SMS. */
export const PERMANENT_ERROR_CODES: ReadonlyMap<number, string> = new Map([
  [1, 'unknown subscriber'],
  [5, 'unidentified subscriber'],
  [9, 'illegal subscriber'],
  [10, 'bearer service not provisioned'],
  [11, 'teleservice not provisioned'],
  [12, 'illegal equipment'],
  [13, 'call barred'],
  [21, 'facility not supported'],
]);

/** Temporary network errors (GSM MAP): retrying later may succeed. */
export const TEMPORARY_ERROR_CODES: ReadonlyMap<number, string> = new Map([
  [6, 'absent subscriber (SM)'],
  [7, 'unknown equipment'],
  [8, 'roaming not allowed'],
  [27, 'absent subscriber'],
  [31, 'subscriber busy for MT SMS'],
  [32, 'SM delivery failure'],
  [33, 'message waiting list full'],
  [34, 'system failure'],
  [35, 'data missing'],
  [36, 'unexpected data value'],
]);

/** statusReason values that are permanent regardless of the error code. */
const PERMANENT_REASONS = new Set(['unknown subscriber', 'opted out']);

export function mapMessageBirdStatus(
  status: MessageBirdStatus,
  errorCode: number | undefined,
  statusReason: string | undefined,
): DeliveryStatus {
  switch (status) {
    case 'scheduled':
      return 'scheduled';
    case 'sent':
      return 'sent';
    case 'buffered':
      return 'buffered';
    case 'delivered':
      return 'delivered';
    case 'expired':
      return 'expired';
    case 'delivery_failed': {
      const permanentCode = errorCode !== undefined && PERMANENT_ERROR_CODES.has(errorCode);
      const permanentReason =
        statusReason !== undefined && PERMANENT_REASONS.has(statusReason.trim().toLowerCase());
      return permanentCode || permanentReason ? 'undeliverable' : 'failed';
    }
    default:
      return assertNever(status, 'MessageBird status');
  }
}

export function describeErrorCode(code: number): string | undefined {
  return PERMANENT_ERROR_CODES.get(code) ?? TEMPORARY_ERROR_CODES.get(code);
}
