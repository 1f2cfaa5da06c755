import { ConfigError, loadConfig } from '../../server/config.js';

const clean = {
  SHOPIFY_API_KEY: undefined,
  SHOPIFY_API_SECRET: undefined,
  APP_URL: undefined,
  TOKEN_ENCRYPTION_KEY: undefined,
  DATABASE_URL: undefined,
  SMS_PROVIDER: undefined,
  MESSAGEBIRD_ACCESS_KEY: undefined,
  MESSAGEBIRD_SIGNING_KEY: undefined,
  PORT: undefined,
  HOST: undefined,
};
const production = {
  ...clean,
  SHOPIFY_API_KEY: 'key',
  SHOPIFY_API_SECRET: 'secret',
  APP_URL: 'https://sms.example.com',
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  DATABASE_URL: 'postgres://app@db:5432/sms',
  MESSAGEBIRD_ACCESS_KEY: 'live_x',
  MESSAGEBIRD_SIGNING_KEY: 'sign',
};

function errorOf(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs in local mode with safe defaults when SHOPIFY_API_KEY is unset', () => {
    const c = loadConfig(clean);
    expect(c.mode).toBe('local');
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(3000);
    expect(c.database.url).toBeNull();
    expect(c.database.embeddedDir).toBe('.data/pglite');
    expect(c.shopify.apiSecret).toBe('local-dev-secret');
    expect(c.sms.provider).toBe('simulator');
    expect(c.sms.messagebird.signingKey).toBe('local-dev-signing-key');
    expect(c.tokenEncryptionKey).toHaveLength(32);
  });

  it('names a malformed DATABASE_URL in one line', () => {
    const msg = errorOf({ ...clean, DATABASE_URL: 'notaurl' });
    expect(msg).toBe(
      'Invalid configuration: DATABASE_URL must be a postgres:// or postgresql:// URL such as postgres://user@127.0.0.1:5432/app (got "notaurl")',
    );
    expect(msg).not.toContain('\n');
    expect(errorOf({ ...clean, DATABASE_URL: 'mysql://x@y/z' })).toMatch(
      /^Invalid configuration: DATABASE_URL/,
    );
  });

  it('rejects malformed numbers and enums naming the variable', () => {
    expect(errorOf({ ...clean, PORT: 'eighty' })).toMatch(/^Invalid configuration: PORT /);
    expect(errorOf({ ...clean, PORT: '70000' })).toMatch(/^Invalid configuration: PORT /);
    expect(errorOf({ ...clean, SMS_PROVIDER: 'twilio' })).toMatch(/^Invalid configuration: SMS_PROVIDER /);
    expect(errorOf({ ...clean, SHOPIFY_API_VERSION: 'latest' })).toMatch(
      /SHOPIFY_API_VERSION must look like 2025-10/,
    );
  });

  it('hides secret values in messages', () => {
    const msg = errorOf({ ...production, TOKEN_ENCRYPTION_KEY: 'tooshort' });
    expect(msg).toMatch(/^Invalid configuration: TOKEN_ENCRYPTION_KEY must be 32 bytes/);
    expect(msg).not.toContain('tooshort');
  });

  it('requires the production secrets once SHOPIFY_API_KEY is set, never defaulting them', () => {
    expect(loadConfig(production).mode).toBe('production');
    for (const key of [
      'SHOPIFY_API_SECRET',
      'APP_URL',
      'TOKEN_ENCRYPTION_KEY',
      'DATABASE_URL',
      'MESSAGEBIRD_ACCESS_KEY',
      'MESSAGEBIRD_SIGNING_KEY',
    ]) {
      expect(errorOf({ ...production, [key]: undefined })).toMatch(
        new RegExp(`^Invalid configuration: ${key} is required`),
      );
      expect(errorOf({ ...production, [key]: '  ' })).toMatch(
        new RegExp(`^Invalid configuration: ${key} is required`),
      );
    }
  });

  it('local mode never falls back to the public default secrets with MessageBird or NODE_ENV=production', () => {
    const localSecrets = {
      SHOPIFY_API_SECRET: 'webhook-secret',
      MESSAGEBIRD_SIGNING_KEY: 'signing-key',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    };
    const cases = [
      {
        env: { ...clean, SMS_PROVIDER: 'messagebird', MESSAGEBIRD_ACCESS_KEY: 'live_x' },
        why: 'when SMS_PROVIDER is messagebird',
      },
      { env: { ...clean, NODE_ENV: 'production' }, why: 'when NODE_ENV is production' },
    ];
    for (const { env, why } of cases) {
      const c = loadConfig({ ...env, ...localSecrets });
      expect(c.mode).toBe('local');
      expect(c.shopify.apiSecret).toBe('webhook-secret');
      expect(c.sms.messagebird.signingKey).toBe('signing-key');
      expect(c.tokenEncryptionKey).toEqual(Buffer.alloc(32, 9));
      for (const key of Object.keys(localSecrets)) {
        expect(errorOf({ ...env, ...localSecrets, [key]: undefined })).toBe(
          `Invalid configuration: ${key} is required ${why} (no public local default)`,
        );
      }
    }
    // A development machine on the simulator keeps its zero-configuration defaults.
    expect(loadConfig({ ...clean, NODE_ENV: 'development' }).shopify.apiSecret).toBe('local-dev-secret');
  });

  it("requires the simulator's signing key in production mode", () => {
    const simulator = { ...production, SMS_PROVIDER: 'simulator', MESSAGEBIRD_ACCESS_KEY: undefined };
    expect(loadConfig(simulator).sms.messagebird.signingKey).toBe('sign');
    expect(errorOf({ ...simulator, MESSAGEBIRD_SIGNING_KEY: undefined })).toMatch(
      /^Invalid configuration: MESSAGEBIRD_SIGNING_KEY is required when SHOPIFY_API_KEY is set \(production mode, SMS_PROVIDER simulator\)$/,
    );
  });

  it('binds to all interfaces in production and uses MessageBird by default', () => {
    const c = loadConfig(production);
    expect(c.host).toBe('0.0.0.0');
    expect(c.sms.provider).toBe('messagebird');
    expect(c.shopify.apiSecret).toBe('secret');
  });
});
