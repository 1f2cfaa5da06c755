// The operator assigns the number that receives a shop's texts: `npm run shop:number` (its command, on a real
// database) and SHOP_SMS_NUMBERS at boot. Numbers are unique across shops; every assignment is kept.
import { shopNumberCommand } from '../../../server/cli/shop-number-command.js';
import { start, type RunningApp } from '../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';

let db: TestDatabase;
let app: RunningApp;
const now = new Date('2026-01-05T10:00:00Z');
const rows = async <T>(text: string, params: unknown[] = []): Promise<T[]> =>
  (await app.database.pool.query(text, params)).rows as T[];
const shop = async (domain: string) =>
  (
    await rows<{ sms_number: string | null; sender_id: string }>(
      'SELECT sms_number, sender_id FROM shops WHERE domain = $1',
      [domain],
    )
  )[0];
const run = (...args: string[]) => shopNumberCommand(app.database.db, args, now);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false' }) });
  for (const domain of ['alpha.myshopify.com', 'bravo.myshopify.com', 'demo.myshopify.com'])
    await rows(`INSERT INTO shops (domain, name, sender_id) VALUES ($1, 'Alpha & Co. Stores', 'AlphaCo')`, [
      domain,
    ]);
});
afterAll(async () => {
  await app.stop();
  await db.drop();
});

describe('npm run shop:number', () => {
  it('refuses bad arguments with the usage (exit 2) and an unknown shop (exit 1)', async () => {
    expect(await run()).toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('usage: npm run shop:number'),
    });
    expect(await run('alpha.myshopify.com')).toMatchObject({ exitCode: 2 });
    expect(await run('alpha.myshopify.com', '4155550100')).toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('not an E.164 number'),
    });
    expect(await run('nobody.myshopify.com', '+14155550100')).toMatchObject({
      exitCode: 1,
      message: expect.stringContaining('no shop nobody.myshopify.com'),
    });
  });

  it('assigns a number, refuses it to a second shop, and keeps the history of who held it', async () => {
    expect(await run('Alpha.myshopify.com', '+14155550100')).toEqual({
      exitCode: 0,
      message: 'alpha.myshopify.com receives texts to +14155550100\n',
    });
    expect(await shop('alpha.myshopify.com')).toMatchObject({ sms_number: '+14155550100' });
    const taken = await run('bravo.myshopify.com', '+14155550100');
    expect(taken.exitCode).toBe(1);
    expect(taken.message).toContain('+14155550100 belongs to alpha.myshopify.com');
    expect(taken.message).toContain('npm run shop:number -- alpha.myshopify.com --release');
    expect(await shop('bravo.myshopify.com')).toMatchObject({ sms_number: null });
  });

  it('moving a shop to another number releases the old one and drops a sender ID that was the old number', async () => {
    await rows(`UPDATE shops SET sender_id = sms_number WHERE domain = 'alpha.myshopify.com'`);
    expect(await run('alpha.myshopify.com', '+14155550101')).toMatchObject({
      exitCode: 0,
      message: expect.stringContaining('(was +14155550100)'),
    });
    expect(await shop('alpha.myshopify.com')).toEqual({
      sms_number: '+14155550101',
      sender_id: 'Alpha Co St',
    });
    expect(await run('bravo.myshopify.com', '+14155550100')).toMatchObject({ exitCode: 0 });
    expect(await run('bravo.myshopify.com', '--release')).toEqual({
      exitCode: 0,
      message: 'bravo.myshopify.com has no SMS number now (was +14155550100)\n',
    });
    const history = await rows<{ domain: string; sms_number: string; released: boolean }>(
      `SELECT s.domain, a.sms_number, a.released_at IS NOT NULL AS released FROM sms_number_assignments a JOIN shops s ON s.id = a.shop_id ORDER BY a.id`,
    );
    expect(history).toEqual([
      { domain: 'alpha.myshopify.com', sms_number: '+14155550100', released: true },
      { domain: 'alpha.myshopify.com', sms_number: '+14155550101', released: false },
      { domain: 'bravo.myshopify.com', sms_number: '+14155550100', released: true },
    ]);
  });
});

describe('SHOP_SMS_NUMBERS at boot', () => {
  async function restart(env: Record<string, string | undefined>): Promise<void> {
    await app.stop();
    app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false', ...env }) });
  }

  it('assigns the configured numbers (local mode: the demo shop gets its number by default)', async () => {
    await restart({ SHOP_SMS_NUMBERS: undefined });
    expect(await shop('demo.myshopify.com')).toMatchObject({ sms_number: '+15005550006' });
    await restart({ SHOP_SMS_NUMBERS: 'bravo.myshopify.com=+14155550102,later.myshopify.com=+14155550103' });
    expect(await shop('bravo.myshopify.com')).toMatchObject({ sms_number: '+14155550102' });
  });

  it("stops boot when the configuration gives a shop another shop's number", async () => {
    await app.stop();
    await expect(
      start({
        port: 0,
        role: 'web',
        env: testEnv(db, { LOCAL_SEED: 'false', SHOP_SMS_NUMBERS: 'bravo.myshopify.com=+14155550101' }),
      }),
    ).rejects.toThrow(
      /SHOP_SMS_NUMBERS bravo.myshopify.com=\+14155550101: \+14155550101 belongs to alpha.myshopify.com/,
    );
    app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false' }) });
  });
});
