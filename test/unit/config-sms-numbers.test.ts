// SHOP_SMS_NUMBERS: the configuration way for the operator to assign the number that receives a shop's texts.
import { ConfigError, loadConfig } from '../../server/config.js';

const local = {
  SHOPIFY_API_KEY: undefined,
  DATABASE_URL: undefined,
  SMS_PROVIDER: undefined,
  SHOP_SMS_NUMBERS: undefined,
};
const production = {
  ...local,
  SHOPIFY_API_KEY: 'key',
  SHOPIFY_API_SECRET: 'secret',
  APP_URL: 'https://sms.example.com',
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  DATABASE_URL: 'postgres://app@db:5432/sms',
  MESSAGEBIRD_ACCESS_KEY: 'live_x',
  MESSAGEBIRD_SIGNING_KEY: 'sign',
};

describe('SHOP_SMS_NUMBERS', () => {
  it('gives the demo shop a number in local mode and nobody one in production by default', () => {
    expect(loadConfig(local).shopSmsNumbers).toEqual([
      { shopDomain: 'demo.myshopify.com', smsNumber: '+15005550006' },
    ]);
    expect(loadConfig(production).shopSmsNumbers).toEqual([]);
  });

  it('reads shop-domain=+E164 pairs', () => {
    const config = loadConfig({
      ...production,
      SHOP_SMS_NUMBERS: 'A.myshopify.com=+14155550100, b.myshopify.com = +447700900123',
    });
    expect(config.shopSmsNumbers).toEqual([
      { shopDomain: 'a.myshopify.com', smsNumber: '+14155550100' },
      { shopDomain: 'b.myshopify.com', smsNumber: '+447700900123' },
    ]);
  });

  it.each([
    ['a number that is not E.164', 'a.myshopify.com=4155550100', 'shop-domain=\\+E164 pairs'],
    ['a missing number', 'a.myshopify.com', 'shop-domain=\\+E164 pairs'],
    [
      'one number for two shops',
      'a.myshopify.com=+14155550100,b.myshopify.com=+14155550100',
      'each shop and each number once',
    ],
    [
      'two numbers for one shop',
      'a.myshopify.com=+14155550100,a.myshopify.com=+14155550101',
      'each shop and each number once',
    ],
  ])('stops boot naming the variable for %s', (_label, value, message) => {
    expect(() => loadConfig({ ...production, SHOP_SMS_NUMBERS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, SHOP_SMS_NUMBERS: value })).toThrow(
      new RegExp(`SHOP_SMS_NUMBERS .*${message}`),
    );
  });
});
