import { parseSendingSettings } from '../../../../server/messaging/outbox/shop-sending-settings.js';

const row = (settings: unknown) => ({
  id: 'shop-1',
  name: 'Acme Store',
  sender_id: 'Acme',
  country_code: 'FR',
  settings,
});
const DEFAULTS = {
  shopId: 'shop-1',
  name: 'Acme Store',
  senderId: 'Acme',
  countryCode: 'FR',
  testPhone: null,
  caps: {},
  quietHours: null,
  pricesMicros: {},
};

describe('parseSendingSettings', () => {
  it('reads every key', () => {
    expect(
      parseSendingSettings(
        row({
          testPhone: '+33612345678',
          frequencyCaps: { minHoursBetween: 24, maxPer7Days: 1 },
          quietHours: { startMinute: 600, endMinute: 1080 },
          pricesMicros: { FR: 65_000, DEFAULT: 80_000 },
          unrelated: true,
        }),
      ),
    ).toEqual({
      ...DEFAULTS,
      testPhone: '+33612345678',
      caps: { minHoursBetween: 24, maxPer7Days: 1 },
      quietHours: { startMinute: 600, endMinute: 1080 },
      pricesMicros: { FR: 65_000, DEFAULT: 80_000 },
    });
  });

  it.each([null, undefined, 'text', 42, {}, []])('uses the defaults for settings %j', (settings) => {
    expect(parseSendingSettings(row(settings))).toEqual(DEFAULTS);
  });

  it('accepts partial caps and drops unknown cap keys', () => {
    expect(parseSendingSettings(row({ frequencyCaps: { maxPer7Days: 3 } })).caps).toEqual({ maxPer7Days: 3 });
    expect(parseSendingSettings(row({ frequencyCaps: { minHoursBetween: 1.5, perDay: 9 } })).caps).toEqual({
      minHoursBetween: 1.5,
    });
  });

  it('accepts a window up to midnight', () => {
    expect(parseSendingSettings(row({ quietHours: { startMinute: 0, endMinute: 1440 } })).quietHours).toEqual(
      {
        startMinute: 0,
        endMinute: 1440,
      },
    );
  });

  it.each([
    ['a test phone not in E.164', { testPhone: '0612345678' }],
    ['a negative interval', { frequencyCaps: { minHoursBetween: -1, maxPer7Days: 2 } }],
    ['a fractional weekly cap', { frequencyCaps: { maxPer7Days: 2.5 } }],
    ['caps as a string', { frequencyCaps: '2 per week' }],
    ['an empty window', { quietHours: { startMinute: 600, endMinute: 600 } }],
    ['an overnight window', { quietHours: { startMinute: 1200, endMinute: 480 } }],
    ['a window past midnight', { quietHours: { startMinute: 600, endMinute: 1441 } }],
    ['a window with a fractional minute', { quietHours: { startMinute: 600.5, endMinute: 1080 } }],
    ['a window with one end only', { quietHours: { startMinute: 600 } }],
    ['a negative price', { pricesMicros: { FR: -1 } }],
    ['a fractional price', { pricesMicros: { FR: 65_000.5 } }],
    ['a price as a string', { pricesMicros: { FR: '65000' } }],
  ])('ignores %s (defaults apply)', (_what, settings) => {
    expect(parseSendingSettings(row(settings))).toEqual(DEFAULTS);
  });

  it('keeps the valid keys when another one is malformed', () => {
    expect(
      parseSendingSettings(row({ testPhone: 'nope', quietHours: { startMinute: 540, endMinute: 1200 } })),
    ).toEqual({
      ...DEFAULTS,
      quietHours: { startMinute: 540, endMinute: 1200 },
    });
  });
});
