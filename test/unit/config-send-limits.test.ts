// The abuse limits of issue #10 (test sends per hour, the new-shop daily ceiling): defaults, overrides and a
// fail-fast boot on a bad value, naming the variable.
import { ConfigError, loadConfig } from '../../server/config.js';

const local = {
  SHOPIFY_API_KEY: undefined,
  DATABASE_URL: undefined,
  SMS_PROVIDER: undefined,
  TEST_SEND_RATE_PER_HOUR: undefined,
  NEW_SHOP_DAILY_CEILING: undefined,
  NEW_SHOP_DAYS: undefined,
};

describe('config: send limits', () => {
  it('defaults to 10 test sends an hour and a 1,000-message daily ceiling for shops installed less than 7 days ago', () => {
    expect(loadConfig(local).sendLimits).toEqual({
      testSendsPerHour: 10,
      newShopDailyCeiling: 1000,
      newShopDays: 7,
    });
  });

  it('reads overrides, 0 turning the ceiling off', () => {
    const config = loadConfig({
      ...local,
      TEST_SEND_RATE_PER_HOUR: '3',
      NEW_SHOP_DAILY_CEILING: '0',
      NEW_SHOP_DAYS: '14',
    });
    expect(config.sendLimits).toEqual({ testSendsPerHour: 3, newShopDailyCeiling: 0, newShopDays: 14 });
  });

  it.each([
    ['TEST_SEND_RATE_PER_HOUR', '0'],
    ['TEST_SEND_RATE_PER_HOUR', 'ten'],
    ['NEW_SHOP_DAILY_CEILING', '-1'],
    ['NEW_SHOP_DAYS', '1.5'],
  ])('stops boot on %s=%s, naming it', (key, value) => {
    expect(() => loadConfig({ ...local, [key]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...local, [key]: value })).toThrow(
      new RegExp(`^Invalid configuration: ${key} `),
    );
  });
});
