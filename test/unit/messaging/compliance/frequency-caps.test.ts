import { AppError } from '../../../../server/errors.js';
import {
  DEFAULT_CAPS,
  evaluateFrequencyCaps,
  type SentMessage,
} from '../../../../server/messaging/compliance/frequency-caps.js';

const NOW = new Date('2025-06-10T12:00:00Z');
const HOUR = 3_600_000;
const ago = (hours: number): Date => new Date(NOW.getTime() - hours * HOUR);
const later = (hours: number): Date => new Date(NOW.getTime() + hours * HOUR);
const marketing = (hoursAgo: number, topic?: string): SentMessage => ({
  sentAt: ago(hoursAgo),
  kind: 'marketing',
  topic,
});
const transactional = (hoursAgo: number, topic?: string): SentMessage => ({
  sentAt: ago(hoursAgo),
  kind: 'transactional',
  topic,
});

describe('evaluateFrequencyCaps', () => {
  it('has documented defaults', () => {
    expect(DEFAULT_CAPS).toEqual({ minHoursBetween: 16, maxPer7Days: 2 });
  });

  it('allows a first message', () => {
    expect(evaluateFrequencyCaps({ now: NOW, kind: 'marketing', regionCode: 'US-NY', history: [] })).toEqual({
      ok: true,
    });
  });

  describe('minimum interval (marketing)', () => {
    it('blocks a marketing message within 16 hours of the last one', () => {
      expect(evaluateFrequencyCaps({ now: NOW, kind: 'marketing', history: [marketing(10)] })).toEqual({
        ok: false,
        reason: 'min_interval',
        retryAt: later(6),
      });
    });

    it('allows it exactly 16 hours later', () => {
      expect(evaluateFrequencyCaps({ now: NOW, kind: 'marketing', history: [marketing(16)] })).toEqual({
        ok: true,
      });
    });

    it('ignores transactional messages and does not apply to transactional sends', () => {
      expect(
        evaluateFrequencyCaps({
          now: NOW,
          kind: 'marketing',
          history: [transactional(1), transactional(2), transactional(3)],
        }),
      ).toEqual({ ok: true });
      expect(
        evaluateFrequencyCaps({ now: NOW, kind: 'transactional', history: [marketing(1), marketing(20)] }),
      ).toEqual({ ok: true });
    });

    it('honours a custom interval', () => {
      expect(
        evaluateFrequencyCaps({
          now: NOW,
          kind: 'marketing',
          history: [marketing(10)],
          caps: { minHoursBetween: 8 },
        }),
      ).toEqual({ ok: true });
      expect(
        evaluateFrequencyCaps({
          now: NOW,
          kind: 'marketing',
          history: [marketing(10)],
          caps: { minHoursBetween: 24 },
        }),
      ).toEqual({ ok: false, reason: 'min_interval', retryAt: later(14) });
    });
  });

  describe('rolling 7-day cap (marketing)', () => {
    it('blocks a third marketing message in 7 days until the oldest ages out', () => {
      expect(
        evaluateFrequencyCaps({
          now: NOW,
          kind: 'marketing',
          history: [marketing(6 * 24), marketing(3 * 24)],
        }),
      ).toEqual({
        ok: false,
        reason: 'weekly_cap',
        retryAt: later(24),
      });
    });

    it('is rolling: a message exactly 7 days old no longer counts', () => {
      expect(
        evaluateFrequencyCaps({
          now: NOW,
          kind: 'marketing',
          history: [marketing(7 * 24), marketing(3 * 24)],
        }),
      ).toEqual({ ok: true });
    });

    it('reports the cap that forces the longest wait when both fail', () => {
      expect(
        evaluateFrequencyCaps({ now: NOW, kind: 'marketing', history: [marketing(6 * 24), marketing(2)] }),
      ).toEqual({ ok: false, reason: 'weekly_cap', retryAt: later(24) });
      expect(
        evaluateFrequencyCaps({ now: NOW, kind: 'marketing', history: [marketing(6.9 * 24), marketing(1)] }),
      ).toEqual({ ok: false, reason: 'min_interval', retryAt: later(15) });
    });

    it('honours a custom weekly cap, and 0 means never', () => {
      const history = [marketing(6 * 24), marketing(3 * 24)];
      expect(
        evaluateFrequencyCaps({ now: NOW, kind: 'marketing', history, caps: { maxPer7Days: 3 } }),
      ).toEqual({ ok: true });
      expect(
        evaluateFrequencyCaps({ now: NOW, kind: 'marketing', history: [], caps: { maxPer7Days: 0 } }),
      ).toEqual({ ok: false, reason: 'weekly_cap' });
    });

    it('counts entries dated slightly in the future (clock skew)', () => {
      expect(
        evaluateFrequencyCaps({
          now: NOW,
          kind: 'marketing',
          history: [{ sentAt: later(0.1), kind: 'marketing' }],
        }),
      ).toEqual({
        ok: false,
        reason: 'min_interval',
        retryAt: later(16.1),
      });
    });
  });

  describe('Florida: 3 per 24 hours on the same topic', () => {
    const history = [
      transactional(20, 'order-42'),
      transactional(10, 'order-42'),
      marketing(30, 'order-42'),
      transactional(1, 'Order-42 '),
    ];

    it('blocks a fourth message on the same topic, of any kind', () => {
      expect(
        evaluateFrequencyCaps({
          now: NOW,
          kind: 'transactional',
          topic: 'order-42',
          regionCode: 'US-FL',
          history,
        }),
      ).toEqual({
        ok: false,
        reason: 'florida_topic_cap',
        retryAt: later(4),
      });
    });

    it('allows another topic, other states, and a message once the window rolls', () => {
      expect(
        evaluateFrequencyCaps({
          now: NOW,
          kind: 'transactional',
          topic: 'order-43',
          regionCode: 'US-FL',
          history,
        }),
      ).toEqual({ ok: true });
      expect(
        evaluateFrequencyCaps({
          now: NOW,
          kind: 'transactional',
          topic: 'order-42',
          regionCode: 'US-NY',
          history,
        }),
      ).toEqual({ ok: true });
      expect(
        evaluateFrequencyCaps({
          now: later(4),
          kind: 'transactional',
          topic: 'order-42',
          regionCode: 'us-fl',
          history,
        }),
      ).toEqual({ ok: true });
    });

    it('treats a missing topic as possibly the same subject', () => {
      expect(
        evaluateFrequencyCaps({
          now: NOW,
          kind: 'transactional',
          regionCode: 'US-FL',
          history: [transactional(2, 'a'), transactional(3, 'b'), transactional(4, 'c')],
        }),
      ).toEqual({
        ok: false,
        reason: 'florida_topic_cap',
        retryAt: later(20),
      });
      expect(
        evaluateFrequencyCaps({
          now: NOW,
          kind: 'transactional',
          topic: 'a',
          regionCode: 'US-FL',
          history: [transactional(2), transactional(3), transactional(4, 'b')],
        }),
      ).toEqual({ ok: true });
    });

    it('combines with the marketing caps, reporting the longest wait', () => {
      expect(
        evaluateFrequencyCaps({
          now: NOW,
          kind: 'marketing',
          topic: 'order-42',
          regionCode: 'US-FL',
          history,
        }),
      ).toEqual({
        ok: false,
        reason: 'florida_topic_cap',
        retryAt: later(4),
      });
      // Florida frees up in 4h, but the promo 2h ago blocks marketing for 14h more.
      const withRecentPromo = [
        transactional(20, 'order-42'),
        transactional(10, 'order-42'),
        transactional(1, 'order-42'),
        marketing(2, 'summer-sale'),
      ];
      expect(
        evaluateFrequencyCaps({
          now: NOW,
          kind: 'marketing',
          topic: 'order-42',
          regionCode: 'US-FL',
          history: withRecentPromo,
        }),
      ).toEqual({
        ok: false,
        reason: 'min_interval',
        retryAt: later(14),
      });
    });
  });

  it('rejects invalid caps and dates', () => {
    expect(() =>
      evaluateFrequencyCaps({ now: NOW, kind: 'marketing', history: [], caps: { minHoursBetween: -1 } }),
    ).toThrow(AppError);
    expect(() =>
      evaluateFrequencyCaps({ now: NOW, kind: 'marketing', history: [], caps: { maxPer7Days: 1.5 } }),
    ).toThrow(AppError);
    expect(() => evaluateFrequencyCaps({ now: new Date('nope'), kind: 'marketing', history: [] })).toThrow(
      AppError,
    );
  });
});
