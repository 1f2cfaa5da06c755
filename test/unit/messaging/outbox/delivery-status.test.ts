import { AppError } from '../../../../server/errors.js';
import type { DeliveryStatus } from '../../../../server/messaging/providers/types.js';
import { messageStatusFor } from '../../../../server/messaging/outbox/status-apply.js';
import {
  DELIVERY_RANK,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  deliveryRankSql,
  type RankedStatus,
} from '../../../../server/messaging/outbox/types.js';

/** What applyStatusReport's WHERE clause decides: does a report of `report` move a message in `current`? */
const moves = (current: RankedStatus, report: DeliveryStatus): boolean =>
  DELIVERY_RANK[current] < DELIVERY_RANK[messageStatusFor(report)];

describe('messageStatusFor', () => {
  it.each<[DeliveryStatus, RankedStatus]>([
    ['sent', 'sent'],
    ['buffered', 'sent'],
    ['scheduled', 'sent'],
    ['delivered', 'delivered'],
    ['failed', 'failed'],
    ['expired', 'expired'],
    ['undeliverable', 'undeliverable'],
  ])('maps the provider status %s to %s', (status, expected) => {
    expect(messageStatusFor(status)).toBe(expected);
  });

  it('throws on a status it does not know', () => {
    expect(() => messageStatusFor('accepted' as DeliveryStatus)).toThrow(AppError);
    expect(() => messageStatusFor('accepted' as DeliveryStatus)).toThrow(
      'Unhandled delivery status: "accepted"',
    );
  });
});

describe('message statuses and their delivery order', () => {
  it('uses the API vocabulary', () => {
    expect(MESSAGE_STATUSES).toEqual([
      'queued',
      'sending',
      'unknown',
      'sent',
      'delivered',
      'failed',
      'expired',
      'undeliverable',
      'suppressed',
      'cancelled',
    ]);
    expect(MESSAGE_KINDS).toEqual(['transactional', 'marketing']);
  });

  it('ranks every status that takes reports, and neither suppressed nor cancelled', () => {
    expect(DELIVERY_RANK).toEqual({
      queued: 0,
      sending: 1,
      unknown: 2,
      sent: 3,
      failed: 4,
      expired: 4,
      undeliverable: 4,
      delivered: 5,
    });
    expect(MESSAGE_STATUSES.filter((s) => !(s in DELIVERY_RANK))).toEqual(['suppressed', 'cancelled']);
  });

  it('never lets a late sent overwrite delivered or a failure', () => {
    for (const late of ['sent', 'buffered', 'scheduled'] as const) {
      expect(moves('delivered', late)).toBe(false);
      expect(moves('failed', late)).toBe(false);
      expect(moves('expired', late)).toBe(false);
      expect(moves('sent', late)).toBe(false);
    }
  });

  it('moves in-flight and unknown messages forward on any report', () => {
    for (const current of ['queued', 'sending', 'unknown'] as const)
      for (const report of [
        'sent',
        'delivered',
        'failed',
        'expired',
        'undeliverable',
        'buffered',
        'scheduled',
      ] as const)
        expect(moves(current, report)).toBe(true);
  });

  it('lets a delivery receipt outrank an earlier failure, but not one failure replace another', () => {
    expect(moves('failed', 'delivered')).toBe(true);
    expect(moves('undeliverable', 'delivered')).toBe(true);
    expect(moves('failed', 'expired')).toBe(false);
    expect(moves('expired', 'undeliverable')).toBe(false);
    expect(moves('delivered', 'failed')).toBe(false);
    expect(moves('delivered', 'delivered')).toBe(false);
  });

  it('renders the rank as a SQL CASE over a column (NULL for unranked statuses)', () => {
    expect(deliveryRankSql('m.status')).toBe(
      "(CASE m.status WHEN 'queued' THEN 0 WHEN 'sending' THEN 1 WHEN 'unknown' THEN 2 WHEN 'sent' THEN 3 " +
        "WHEN 'failed' THEN 4 WHEN 'expired' THEN 4 WHEN 'undeliverable' THEN 4 WHEN 'delivered' THEN 5 END)",
    );
  });
});
