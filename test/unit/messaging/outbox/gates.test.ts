import { AppError } from '../../../../server/errors.js';
import type { SentMessage } from '../../../../server/messaging/compliance/index.js';
import {
  checkConsent,
  createGateEvaluator,
  TEST_PHONE_CODE_SOURCE,
  type GateSubject,
} from '../../../../server/messaging/outbox/gates.js';
import type { RecipientFacts } from '../../../../server/messaging/outbox/recipient-facts.js';
import type { ShopSendingSettings } from '../../../../server/messaging/outbox/shop-sending-settings.js';
import type { MessageKind } from '../../../../server/messaging/outbox/types.js';

const HOUR = 3_600_000;
const MIAMI = '+13055550123'; // US-FL, America/New_York, 8:00–20:00
const NEW_YORK = '+12125550123'; // US-NY, America/New_York, 8:00–21:00
const PANHANDLE = '+18505550123'; // US-FL, Eastern or Central
const PARIS = '+33612345678'; // FR, Monday–Saturday 8:00–20:00
const NOWHERE = '+99912345678'; // well-formed, but no country uses +999
const TEST_PHONE = '+14155550100';
/** Tuesday 16 January 2024, 12:00 EST. */
const NOON_ET = new Date('2024-01-16T17:00:00Z');

const SHOP: ShopSendingSettings = {
  shopId: 'shop-1',
  name: 'Acme',
  senderId: 'Acme',
  countryCode: 'US',
  testPhone: TEST_PHONE,
  caps: {},
  quietHours: null,
  pricesMicros: {},
};

const facts = (over: Partial<RecipientFacts> = {}): RecipientFacts => ({
  subscriberId: 'sub-1',
  marketingState: 'subscribed',
  transactionalState: 'subscribed',
  countryCode: null,
  provinceCode: null,
  zip: null,
  ...over,
});
const NO_SUBSCRIBER: RecipientFacts = {
  subscriberId: null,
  marketingState: null,
  transactionalState: null,
  countryCode: null,
  provinceCode: null,
  zip: null,
};
const before = (at: Date, hours: number): Date => new Date(at.getTime() - hours * HOUR);

describe('checkConsent', () => {
  const cases: Array<[MessageKind, string | null, string | null, ReturnType<typeof checkConsent>]> = [
    ['marketing', 'subscribed', 'never', { ok: true }],
    ['marketing', 'subscribed', 'subscribed', { ok: true }],
    // Marketing consent is all marketing needs (the issue: "marketing needs confirmed marketing consent").
    ['marketing', 'subscribed', 'unsubscribed', { ok: true }],
    ['marketing', 'pending', 'subscribed', { ok: false, reason: 'no_marketing_consent' }],
    ['marketing', 'never', 'subscribed', { ok: false, reason: 'no_marketing_consent' }],
    ['marketing', 'unsubscribed', 'subscribed', { ok: false, reason: 'opted_out' }],
    ['marketing', 'never', 'unsubscribed', { ok: false, reason: 'opted_out' }],
    ['transactional', 'never', 'subscribed', { ok: true }],
    ['transactional', 'subscribed', 'never', { ok: true }],
    ['transactional', 'pending', 'never', { ok: false, reason: 'no_transactional_consent' }],
    ['transactional', 'never', 'never', { ok: false, reason: 'no_transactional_consent' }],
    ['transactional', 'subscribed', 'unsubscribed', { ok: false, reason: 'opted_out' }],
    ['transactional', 'unsubscribed', 'subscribed', { ok: false, reason: 'opted_out' }],
  ];
  it.each(cases)(
    '%s with marketing %s and transactional %s → %j',
    (kind, marketingState, transactionalState, expected) => {
      expect(checkConsent(kind, facts({ marketingState, transactionalState }))).toEqual(expected);
    },
  );

  it('suppresses a number without a subscriber whatever the kind', () => {
    expect(checkConsent('marketing', NO_SUBSCRIBER)).toEqual({ ok: false, reason: 'no_subscriber' });
    expect(checkConsent('transactional', NO_SUBSCRIBER)).toEqual({ ok: false, reason: 'no_subscriber' });
    expect(checkConsent('marketing', facts({ subscriberId: null }))).toEqual({
      ok: false,
      reason: 'no_subscriber',
    });
  });

  it('throws on a kind it does not know', () => {
    expect(() => checkConsent('promotional' as MessageKind, facts())).toThrow(AppError);
    expect(() => checkConsent('promotional' as MessageKind, facts())).toThrow(
      'Unhandled message kind: "promotional"',
    );
  });
});

describe('createGateEvaluator', () => {
  const evaluate = (
    subject: GateSubject,
    at: Date,
    opts: { facts?: RecipientFacts; history?: SentMessage[]; shop?: Partial<ShopSendingSettings> } = {},
  ) =>
    createGateEvaluator({ ...SHOP, ...opts.shop }).evaluate(
      subject,
      opts.facts ?? facts(),
      opts.history ?? [],
      at,
    );

  describe('allowed messages', () => {
    it('allows a consented marketing message inside the window and records it in the history', () => {
      const history: SentMessage[] = [];
      expect(evaluate({ phone: MIAMI, kind: 'marketing' }, NOON_ET, { history })).toEqual({ ok: true });
      expect(history).toEqual([{ sentAt: NOON_ET, kind: 'marketing' }]);
    });

    it('records the topic in the history when there is one', () => {
      const history: SentMessage[] = [];
      expect(
        evaluate({ phone: MIAMI, kind: 'transactional', topic: 'order-1001' }, NOON_ET, { history }),
      ).toEqual({ ok: true });
      expect(history).toEqual([{ sentAt: NOON_ET, kind: 'transactional', topic: 'order-1001' }]);
    });
  });

  describe('flagged numbers', () => {
    it("suppresses every kind, tests to the shop's own number too, with the provider's code, and records nothing", () => {
      const history: SentMessage[] = [];
      const flagged = facts({ numberFlag: 'invalid_recipient' });
      for (const subject of [
        { phone: MIAMI, kind: 'marketing' as const },
        { phone: MIAMI, kind: 'transactional' as const, sourceType: 'keyword_reply' },
        { phone: TEST_PHONE, kind: 'marketing' as const, isTest: true },
      ])
        expect(evaluate(subject, NOON_ET, { facts: flagged, history })).toEqual({
          suppress: 'undeliverable_number',
          code: 'invalid_recipient',
        });
      expect(history).toEqual([]);
      expect(
        evaluate({ phone: MIAMI, kind: 'marketing' }, NOON_ET, { facts: facts({ numberFlag: null }) }),
      ).toEqual({
        ok: true,
      });
    });
  });

  describe('test messages', () => {
    it("skips every gate for a test to the shop's own test number, without counting it", () => {
      const history: SentMessage[] = [{ sentAt: before(NOON_ET, 1), kind: 'marketing' }];
      const threeAm = new Date('2024-01-16T08:00:00Z');
      const subject: GateSubject = { phone: TEST_PHONE, kind: 'marketing', isTest: true };
      expect(evaluate(subject, threeAm, { facts: NO_SUBSCRIBER, history })).toEqual({ ok: true });
      expect(history).toHaveLength(1);
    });

    it('applies the gates to a test message to any other number', () => {
      expect(
        evaluate({ phone: MIAMI, kind: 'marketing', isTest: true }, NOON_ET, { facts: NO_SUBSCRIBER }),
      ).toEqual({
        suppress: 'no_subscriber',
      });
    });

    it('applies the gates when the shop has no test number, or the message is not a test', () => {
      const subject: GateSubject = { phone: TEST_PHONE, kind: 'marketing', isTest: true };
      expect(evaluate(subject, NOON_ET, { facts: NO_SUBSCRIBER, shop: { testPhone: null } })).toEqual({
        suppress: 'no_subscriber',
      });
      expect(evaluate({ phone: TEST_PHONE, kind: 'marketing' }, NOON_ET, { facts: NO_SUBSCRIBER })).toEqual({
        suppress: 'no_subscriber',
      });
    });
  });

  describe('phone number', () => {
    it.each(['4155550123', '+04155550123', '+1415', '+1415555012345678', '+1 415 555 0123'])(
      'suppresses %s as invalid_phone',
      (phone) => {
        expect(evaluate({ phone, kind: 'transactional' }, NOON_ET)).toEqual({ suppress: 'invalid_phone' });
      },
    );

    it('checks the number before consent', () => {
      expect(evaluate({ phone: '4155550123', kind: 'marketing' }, NOON_ET, { facts: NO_SUBSCRIBER })).toEqual(
        {
          suppress: 'invalid_phone',
        },
      );
    });
  });

  describe('consent', () => {
    it.each<[MessageKind, RecipientFacts, string]>([
      ['marketing', NO_SUBSCRIBER, 'no_subscriber'],
      ['marketing', facts({ marketingState: 'pending' }), 'no_marketing_consent'],
      ['marketing', facts({ marketingState: 'unsubscribed' }), 'opted_out'],
      [
        'transactional',
        facts({ marketingState: 'never', transactionalState: 'never' }),
        'no_transactional_consent',
      ],
      ['transactional', facts({ transactionalState: 'unsubscribed' }), 'opted_out'],
    ])('suppresses %s with %j as %s, without counting it', (kind, f, reason) => {
      const history: SentMessage[] = [];
      expect(evaluate({ phone: MIAMI, kind }, NOON_ET, { facts: f, history })).toEqual({ suppress: reason });
      expect(history).toEqual([]);
    });

    it('sends a keyword reply (transactional) whatever the consent', () => {
      const optedOut = facts({ marketingState: 'unsubscribed', transactionalState: 'unsubscribed' });
      const subject: GateSubject = { phone: MIAMI, kind: 'transactional', sourceType: 'keyword_reply' };
      expect(evaluate(subject, NOON_ET, { facts: optedOut })).toEqual({ ok: true });
      expect(evaluate(subject, NOON_ET, { facts: NO_SUBSCRIBER })).toEqual({ ok: true });
    });

    it('does not exempt a marketing keyword reply, nor other transactional sources', () => {
      const optedOut = facts({ marketingState: 'unsubscribed', transactionalState: 'unsubscribed' });
      expect(
        evaluate({ phone: MIAMI, kind: 'marketing', sourceType: 'keyword_reply' }, NOON_ET, {
          facts: optedOut,
        }),
      ).toEqual({
        suppress: 'opted_out',
      });
      expect(
        evaluate({ phone: MIAMI, kind: 'transactional', sourceType: 'automation' }, NOON_ET, {
          facts: optedOut,
        }),
      ).toEqual({
        suppress: 'opted_out',
      });
    });
  });

  describe('quiet hours (marketing only)', () => {
    it('defers a marketing message sent before 8:00 local to 8:00', () => {
      const history: SentMessage[] = [];
      const sevenAm = new Date('2024-01-16T12:00:00Z');
      const eightAm = new Date('2024-01-16T13:00:00Z');
      expect(evaluate({ phone: MIAMI, kind: 'marketing' }, sevenAm, { history })).toEqual({ defer: eightAm });
      // Counted at the time it will go.
      expect(history).toEqual([{ sentAt: eightAm, kind: 'marketing' }]);
    });

    it("uses the recipient's state: 20:30 is too late in Florida but fine in New York", () => {
      const eightThirtyPm = new Date('2024-01-17T01:30:00Z');
      expect(evaluate({ phone: MIAMI, kind: 'marketing' }, eightThirtyPm)).toEqual({
        defer: new Date('2024-01-17T13:00:00Z'),
      });
      expect(evaluate({ phone: NEW_YORK, kind: 'marketing' }, eightThirtyPm)).toEqual({ ok: true });
    });

    it("uses the address's location over the number's", () => {
      // 20:30 in Los Angeles, 23:30 in Miami.
      const at = new Date('2024-01-17T04:30:00Z');
      expect(
        evaluate({ phone: MIAMI, kind: 'marketing' }, at, {
          facts: facts({ countryCode: 'US', provinceCode: 'CA' }),
        }),
      ).toEqual({
        ok: true,
      });
      expect(evaluate({ phone: MIAMI, kind: 'marketing' }, at)).toEqual({
        defer: new Date('2024-01-17T13:00:00Z'),
      });
    });

    it('waits for the latest zone when the number spans two', () => {
      // 8:30 Eastern is 7:30 Central: wait for 8:00 Central.
      expect(evaluate({ phone: PANHANDLE, kind: 'marketing' }, new Date('2024-01-16T13:30:00Z'))).toEqual({
        defer: new Date('2024-01-16T14:00:00Z'),
      });
    });

    it('defers a French recipient on a Sunday to Monday 8:00', () => {
      expect(evaluate({ phone: PARIS, kind: 'marketing' }, new Date('2024-01-14T12:00:00Z'))).toEqual({
        defer: new Date('2024-01-15T07:00:00Z'),
      });
    });

    it("applies the merchant's narrower window", () => {
      // 9:00 in Miami, merchant sends 10:00–18:00 only.
      const shop = { quietHours: { startMinute: 600, endMinute: 1080 } };
      expect(
        evaluate({ phone: MIAMI, kind: 'marketing' }, new Date('2024-01-16T14:00:00Z'), { shop }),
      ).toEqual({
        defer: new Date('2024-01-16T15:00:00Z'),
      });
    });

    it('suppresses when there is no window at all', () => {
      // 0:00–5:00 lies outside the legal 8:00–20:00: nothing is left.
      const shop = { quietHours: { startMinute: 0, endMinute: 300 } };
      expect(evaluate({ phone: MIAMI, kind: 'marketing' }, NOON_ET, { shop })).toEqual({
        suppress: 'no_common_window',
      });
    });

    it("suppresses when the recipient's time zone cannot be known", () => {
      const history: SentMessage[] = [];
      expect(evaluate({ phone: NOWHERE, kind: 'marketing' }, NOON_ET, { history })).toEqual({
        suppress: 'unknown_time_zone',
      });
      expect(history).toEqual([]);
    });

    it('never holds a transactional message', () => {
      const threeAm = new Date('2024-01-16T08:00:00Z');
      expect(evaluate({ phone: MIAMI, kind: 'transactional' }, threeAm)).toEqual({ ok: true });
      expect(evaluate({ phone: NOWHERE, kind: 'transactional' }, threeAm)).toEqual({ ok: true });
      const shop = { quietHours: { startMinute: 0, endMinute: 300 } };
      expect(evaluate({ phone: MIAMI, kind: 'transactional' }, NOON_ET, { shop })).toEqual({ ok: true });
    });
  });

  describe('frequency caps', () => {
    it('suppresses marketing within 16 hours of the last marketing message (min_interval)', () => {
      const history: SentMessage[] = [{ sentAt: before(NOON_ET, 10), kind: 'marketing' }];
      expect(evaluate({ phone: NEW_YORK, kind: 'marketing' }, NOON_ET, { history })).toEqual({
        suppress: 'min_interval',
      });
      expect(history).toHaveLength(1);
    });

    it('suppresses a third marketing message in 7 days (weekly_cap)', () => {
      const history: SentMessage[] = [
        { sentAt: before(NOON_ET, 3 * 24), kind: 'marketing' },
        { sentAt: before(NOON_ET, 5 * 24), kind: 'marketing' },
      ];
      expect(evaluate({ phone: NEW_YORK, kind: 'marketing' }, NOON_ET, { history })).toEqual({
        suppress: 'weekly_cap',
      });
    });

    it("uses the shop's caps", () => {
      const history: SentMessage[] = [
        { sentAt: before(NOON_ET, 1), kind: 'marketing' },
        { sentAt: before(NOON_ET, 2), kind: 'marketing' },
      ];
      const shop = { caps: { minHoursBetween: 0, maxPer7Days: 3 } };
      expect(evaluate({ phone: NEW_YORK, kind: 'marketing' }, NOON_ET, { history, shop })).toEqual({
        ok: true,
      });
      expect(evaluate({ phone: NEW_YORK, kind: 'marketing' }, NOON_ET, { history, shop })).toEqual({
        suppress: 'weekly_cap',
      });
    });

    it('does not apply the marketing caps to transactional messages', () => {
      const history: SentMessage[] = [{ sentAt: before(NOON_ET, 1), kind: 'marketing' }];
      expect(evaluate({ phone: NEW_YORK, kind: 'transactional' }, NOON_ET, { history })).toEqual({
        ok: true,
      });
    });

    it("applies Florida's 3 messages per 24 h on one topic, to any kind, in Florida only", () => {
      const history: SentMessage[] = [1, 2, 3].map((h) => ({
        sentAt: before(NOON_ET, h),
        kind: 'transactional',
        topic: 'order-1001',
      }));
      const subject: GateSubject = { phone: MIAMI, kind: 'transactional', topic: 'order-1001' };
      expect(evaluate(subject, NOON_ET, { history: [...history] })).toEqual({
        suppress: 'florida_topic_cap',
      });
      expect(evaluate({ ...subject, topic: 'order-1002' }, NOON_ET, { history: [...history] })).toEqual({
        ok: true,
      });
      expect(evaluate({ ...subject, phone: NEW_YORK }, NOON_ET, { history: [...history] })).toEqual({
        ok: true,
      });
    });

    it('checks the caps at the deferred time, not the requested one', () => {
      const sevenAm = new Date('2024-01-16T12:00:00Z');
      const eightAm = new Date('2024-01-16T13:00:00Z');
      // 15.5 h before 7:00 but 16.5 h before 8:00: fine once deferred.
      const olderHistory: SentMessage[] = [{ sentAt: before(sevenAm, 15.5), kind: 'marketing' }];
      expect(evaluate({ phone: MIAMI, kind: 'marketing' }, sevenAm, { history: olderHistory })).toEqual({
        defer: eightAm,
      });
      // 15.5 h before 8:00: still too close.
      const newerHistory: SentMessage[] = [{ sentAt: before(eightAm, 15.5), kind: 'marketing' }];
      expect(evaluate({ phone: MIAMI, kind: 'marketing' }, sevenAm, { history: newerHistory })).toEqual({
        suppress: 'min_interval',
      });
    });

    it('counts earlier messages of the same batch (the shared history array)', () => {
      const gates = createGateEvaluator(SHOP);
      const history: SentMessage[] = [];
      const marketing: GateSubject = { phone: NEW_YORK, kind: 'marketing' };
      expect(gates.evaluate(marketing, facts(), history, NOON_ET)).toEqual({ ok: true });
      expect(gates.evaluate(marketing, facts(), history, NOON_ET)).toEqual({ suppress: 'min_interval' });

      const floridaHistory: SentMessage[] = [];
      const order: GateSubject = { phone: MIAMI, kind: 'transactional', topic: 'order-1001' };
      const decisions = [0, 1, 2, 3].map(() => gates.evaluate(order, facts(), floridaHistory, NOON_ET));
      expect(decisions).toEqual([
        { ok: true },
        { ok: true },
        { ok: true },
        { suppress: 'florida_topic_cap' },
      ]);
      expect(floridaHistory).toHaveLength(3);
    });

    it('counts a deferred message at its deferred time for the next one', () => {
      const gates = createGateEvaluator(SHOP);
      const history: SentMessage[] = [];
      const sevenAm = new Date('2024-01-16T12:00:00Z');
      expect(gates.evaluate({ phone: MIAMI, kind: 'marketing' }, facts(), history, sevenAm)).toEqual({
        defer: new Date('2024-01-16T13:00:00Z'),
      });
      // 15.5 h after the deferred send, 16.5 h after the requested time (20:30 in Los Angeles).
      const next = new Date('2024-01-17T04:30:00Z');
      const inCalifornia = facts({ countryCode: 'US', provinceCode: 'CA' });
      expect(gates.evaluate({ phone: MIAMI, kind: 'marketing' }, inCalifornia, history, next)).toEqual({
        suppress: 'min_interval',
      });
    });
  });

  describe("a campaign's choice for recipients quiet hours or caps block (whenBlocked)", () => {
    const marketing = (whenBlocked: 'hold' | 'skip') => ({
      phone: NEW_YORK,
      kind: 'marketing' as const,
      whenBlocked,
    });

    it('"hold": over a cap, deferred to when the cap allows it, with the cap as reason', () => {
      const history: SentMessage[] = [{ sentAt: before(NOON_ET, 10), kind: 'marketing' }];
      const at = new Date(NOON_ET.getTime() + 6 * HOUR); // 18:00 EST, 16 h after the last text
      expect(evaluate(marketing('hold'), NOON_ET, { history })).toEqual({
        defer: at,
        reason: 'min_interval',
      });
      expect(history).toEqual([
        { sentAt: before(NOON_ET, 10), kind: 'marketing' },
        { sentAt: at, kind: 'marketing' },
      ]);
    });

    it('"hold": a cap ending in quiet hours holds it until they end too', () => {
      const history: SentMessage[] = [{ sentAt: before(NOON_ET, 2), kind: 'marketing' }];
      // Allowed by the cap at 02:00 EST, by quiet hours at 08:00 EST.
      expect(evaluate(marketing('hold'), NOON_ET, { history })).toEqual({
        defer: new Date('2024-01-17T13:00:00Z'),
        reason: 'min_interval',
      });
    });

    it('"hold": a cap that never allows it still suppresses', () => {
      const shop = { caps: { maxPer7Days: 0 } };
      expect(evaluate(marketing('hold'), NOON_ET, { shop })).toEqual({ suppress: 'weekly_cap' });
    });

    it('"skip": over a cap, suppressed with the cap as reason', () => {
      const history: SentMessage[] = [{ sentAt: before(NOON_ET, 10), kind: 'marketing' }];
      expect(evaluate(marketing('skip'), NOON_ET, { history })).toEqual({ suppress: 'min_interval' });
    });

    it('"skip": in quiet hours, suppressed (quiet_hours) instead of deferred', () => {
      const threeAm = new Date('2024-01-16T08:00:00Z');
      const history: SentMessage[] = [];
      expect(evaluate(marketing('skip'), threeAm, { history })).toEqual({ suppress: 'quiet_hours' });
      expect(history).toEqual([]);
      expect(evaluate(marketing('hold'), threeAm)).toEqual({ defer: new Date('2024-01-16T13:00:00Z') });
    });
  });

  describe('test messages: STOP and the number are always checked (issue #10)', () => {
    const stopped = facts({ marketingState: 'unsubscribed', transactionalState: 'unsubscribed' });

    it("suppresses a test to the shop's own test number once that number replied STOP", () => {
      expect(
        evaluate({ phone: TEST_PHONE, kind: 'marketing', isTest: true }, NOON_ET, { facts: stopped }),
      ).toEqual({
        suppress: 'opted_out',
      });
      expect(
        evaluate({ phone: TEST_PHONE, kind: 'transactional', isTest: true }, NOON_ET, {
          facts: facts({ transactionalState: 'unsubscribed' }),
        }),
      ).toEqual({ suppress: 'opted_out' });
    });

    it('suppresses a test to a number that cannot receive texts, even when it is the test number', () => {
      const premium = '+19005550100';
      expect(evaluate({ phone: premium, kind: 'transactional', isTest: true }, NOON_ET)).toEqual({
        suppress: 'invalid_phone',
      });
      expect(
        evaluate({ phone: premium, kind: 'marketing', isTest: true }, NOON_ET, {
          shop: { testPhone: premium },
        }),
      ).toEqual({ suppress: 'invalid_phone' });
      expect(
        evaluate({ phone: '4155550100', kind: 'marketing', isTest: true }, NOON_ET, {
          shop: { testPhone: '4155550100' },
        }),
      ).toEqual({ suppress: 'invalid_phone' });
    });

    it('sends the test-number code to a number that never subscribed, but not after a STOP', () => {
      const code: GateSubject = {
        phone: MIAMI,
        kind: 'transactional',
        isTest: true,
        sourceType: TEST_PHONE_CODE_SOURCE,
      };
      expect(evaluate(code, NOON_ET, { facts: NO_SUBSCRIBER })).toEqual({ ok: true });
      expect(evaluate(code, NOON_ET, { facts: stopped })).toEqual({ suppress: 'opted_out' });
      // Only as a test: the source alone exempts nothing.
      expect(evaluate({ ...code, isTest: false }, NOON_ET, { facts: NO_SUBSCRIBER })).toEqual({
        suppress: 'no_subscriber',
      });
    });
  });

  describe('daily ceiling (new shops)', () => {
    it('spends the remaining budget, then suppresses with daily_ceiling, without counting the suppressed', () => {
      const gates = createGateEvaluator(SHOP, { dailyRemaining: 2 });
      const history: SentMessage[] = [];
      const subject: GateSubject = { phone: MIAMI, kind: 'transactional' };
      const decisions = [0, 1, 2].map(() => gates.evaluate(subject, facts(), history, NOON_ET));
      expect(decisions).toEqual([{ ok: true }, { ok: true }, { suppress: 'daily_ceiling' }]);
      expect(history).toHaveLength(2);
      expect(
        gates.evaluate({ phone: TEST_PHONE, kind: 'marketing', isTest: true }, NO_SUBSCRIBER, [], NOON_ET),
      ).toEqual({
        suppress: 'daily_ceiling',
      });
    });

    it('never holds back a keyword reply, and spends nothing on a message another gate suppresses', () => {
      const gates = createGateEvaluator(SHOP, { dailyRemaining: 1 });
      const reply: GateSubject = { phone: MIAMI, kind: 'transactional', sourceType: 'keyword_reply' };
      expect(gates.evaluate(reply, facts(), [], NOON_ET)).toEqual({ ok: true });
      expect(gates.evaluate({ phone: MIAMI, kind: 'marketing' }, NO_SUBSCRIBER, [], NOON_ET)).toEqual({
        suppress: 'no_subscriber',
      });
      expect(gates.evaluate({ phone: MIAMI, kind: 'transactional' }, facts(), [], NOON_ET)).toEqual({
        ok: true,
      });
      expect(gates.evaluate(reply, facts(), [], NOON_ET)).toEqual({ ok: true });
      expect(gates.evaluate({ phone: MIAMI, kind: 'transactional' }, facts(), [], NOON_ET)).toEqual({
        suppress: 'daily_ceiling',
      });
    });

    it('has no ceiling when none is given', () => {
      const gates = createGateEvaluator(SHOP, { dailyRemaining: null });
      const decisions = Array.from({ length: 50 }, (_, i) =>
        gates.evaluate({ phone: `+1415555${1000 + i}`, kind: 'transactional' }, facts(), [], NOON_ET),
      );
      expect(decisions.every((d) => 'ok' in d)).toBe(true);
    });
  });

  describe('locate', () => {
    it('locates from the address first, then the number', () => {
      const gates = createGateEvaluator(SHOP);
      expect(gates.locate(MIAMI, facts())).toEqual({
        zones: ['America/New_York'],
        countryCode: 'US',
        provinceCode: 'FL',
        regionCode: 'US-FL',
      });
      expect(gates.locate(MIAMI, facts({ countryCode: 'US', provinceCode: 'TX', zip: '75001' }))).toEqual({
        zones: ['America/Chicago'],
        countryCode: 'US',
        provinceCode: 'TX',
        regionCode: 'US-TX',
      });
    });
  });
});
