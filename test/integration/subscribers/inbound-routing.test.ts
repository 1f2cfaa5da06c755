// Inbound routing by the operator-assigned number only (issue #10, item 1): a merchant cannot take another
// shop's number through /api/settings, an alphanumeric or numeric sender ID never routes, the number is unique
// in the database, and a STOP to a number no shop owns reaches the shops that texted that phone from it.
import request from 'supertest';
import { assignSmsNumber } from '../../../server/shops/sms-numbers.js';
import { SHOP_NUMBER, startHarness, type Harness } from './support.js';

const VICTIM_NUMBER = '+14155550100';
const OLD_NUMBER = '+14155550199';
const CUSTOMER = '+12015550177';
const DAY = 24 * 3600 * 1000;

let h: Harness;
let victimId: string;

async function addShop(domain: string, smsNumber: string | null): Promise<string> {
  const [row] = await h.rows<{ id: string }>(
    `INSERT INTO shops (domain, name, sender_id, country_code, sms_number) VALUES ($1, $1, 'Other', 'US', $2) RETURNING id`,
    [domain, smsNumber],
  );
  return row!.id;
}

async function subscribe(shopId: string, phone: string): Promise<void> {
  await h.rows(
    `INSERT INTO subscribers (shop_id, phone, country_code, source, marketing_state, transactional_state) VALUES ($1, $2, 'US', 'import', 'subscribed', 'subscribed')`,
    [shopId, phone],
  );
}

const marketingState = async (shopId: string, phone: string) =>
  (
    await h.rows<{ marketing_state: string }>(
      'SELECT marketing_state FROM subscribers WHERE shop_id = $1 AND phone = $2',
      [shopId, phone],
    )
  )[0]?.marketing_state;

/** An outbound text the shop sent to `phone`, `daysAgo` days ago. */
async function sentText(shopId: string, phone: string, daysAgo: number, key: string): Promise<void> {
  const at = new Date(Date.now() - daysAgo * DAY);
  await h.rows(
    `INSERT INTO messages (shop_id, phone, direction, kind, source_type, body, encoding, segments, idempotency_key, status, sent_at, created_at, queued_at, not_before)
     VALUES ($1, $2, 'outbound', 'marketing', 'campaign', 'Sale!', 'GSM-7', 1, $3, 'delivered', $4, $4, $4, $4)`,
    [shopId, phone, key, at],
  );
}

beforeAll(async () => {
  h = await startHarness();
  victimId = await addShop('victim.myshopify.com', VICTIM_NUMBER);
});
afterAll(async () => {
  await h.stop();
});

describe('the number that receives replies is operator-assigned', () => {
  it('shows the shop its number, read-only: a PUT naming smsNumber is refused', async () => {
    const got = await request(h.url).get('/api/settings');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ senderId: 'DemoStore', smsNumber: SHOP_NUMBER });
    const put = await request(h.url).put('/api/settings').send({ smsNumber: VICTIM_NUMBER });
    expect(put.status).toBe(400);
    expect(put.body.error).toMatchObject({
      code: 'validation_failed',
      fields: { _: expect.stringContaining('smsNumber') },
    });
    expect(
      await h.rows('SELECT 1 FROM shops WHERE id = $1 AND sms_number = $2', [h.shopId, SHOP_NUMBER]),
    ).toHaveLength(1);
  });

  it("refuses another shop's number (or any unassigned number) as the sender ID, naming the field", async () => {
    for (const senderId of [VICTIM_NUMBER, '+14155550111']) {
      const res = await request(h.url).put('/api/settings').send({ senderId, timezone: 'Europe/Paris' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'sender_id_not_assigned',
        fields: { senderId: expect.stringContaining('assigned to your shop') },
      });
    }
    // Nothing half-written: the timezone of the refused request was not saved either.
    const after = await request(h.url).get('/api/settings');
    expect(after.body).toMatchObject({ senderId: 'DemoStore', timezone: 'UTC' });
  });

  it('accepts the shop’s own number or an alphanumeric brand as the sender ID', async () => {
    const own = await request(h.url).put('/api/settings').send({ senderId: SHOP_NUMBER });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ senderId: SHOP_NUMBER, smsNumber: SHOP_NUMBER });
    const brand = await request(h.url).put('/api/settings').send({ senderId: 'DemoStore' });
    expect(brand.status).toBe(200);
  });

  it('the database refuses a duplicate number and a numeric sender ID that is not the shop’s own', async () => {
    await expect(
      h.rows('UPDATE shops SET sms_number = $1 WHERE id = $2', [VICTIM_NUMBER, h.shopId]),
    ).rejects.toThrow(/shops_sms_number_unique/);
    await expect(
      h.rows('UPDATE shops SET sender_id = $1 WHERE id = $2', [VICTIM_NUMBER, h.shopId]),
    ).rejects.toThrow(/shops_sender_id_owned/);
    await expect(
      h.rows('UPDATE shops SET sms_number = $1 WHERE id = $2', ['0800 FLOWERS', h.shopId]),
    ).rejects.toThrow(/shops_sms_number_e164/);
  });
});

describe('inbound routing', () => {
  it("a STOP to a shop's number reaches that shop, even when another shop tried to take the number", async () => {
    await subscribe(victimId, CUSTOMER);
    await subscribe(h.shopId, CUSTOMER);
    await request(h.url).put('/api/settings').send({ senderId: VICTIM_NUMBER }); // refused (see above)
    const res = await h.inbound(CUSTOMER, 'STOP', { to: VICTIM_NUMBER });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'stored', intent: 'opt_out' });
    expect(await marketingState(victimId, CUSTOMER)).toBe('unsubscribed');
    // The other shop neither swallowed it nor received the reply.
    expect(await marketingState(h.shopId, CUSTOMER)).toBe('subscribed');
    expect(
      await h.rows(`SELECT 1 FROM messages WHERE shop_id = $1 AND direction = 'inbound'`, [h.shopId]),
    ).toHaveLength(0);
  });

  it('an alphanumeric sender ID never routes inbound texts', async () => {
    const res = await h.inbound(CUSTOMER, 'HELP', { to: 'DemoStore' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'invalid_inbound_message',
      message: expect.stringContaining('recipient'),
    });
    expect(
      await h.rows(`SELECT 1 FROM messages WHERE shop_id = $1 AND direction = 'inbound'`, [h.shopId]),
    ).toHaveLength(0);
  });

  it('a number held by an uninstalled shop routes to nobody', async () => {
    const gone = await addShop('gone.myshopify.com', '+14155550155');
    await h.rows('UPDATE shops SET uninstalled_at = now() WHERE id = $1', [gone]);
    const res = await h.inbound(CUSTOMER, 'INFO', { to: '+14155550155' });
    expect(res.body).toEqual({ status: 'ignored', reason: 'unknown_recipient' });
    expect(await h.rows(`SELECT 1 FROM messages WHERE shop_id = $1`, [gone])).toHaveLength(0);
  });
});

describe('a STOP to a number no shop owns', () => {
  const phone = '+12015550188';
  let texted: string;
  let textedLongAgo: string;
  let neverTexted: string;

  beforeAll(async () => {
    texted = await addShop('texted.myshopify.com', null);
    textedLongAgo = await addShop('long-ago.myshopify.com', null);
    neverTexted = await addShop('never.myshopify.com', null);
    for (const id of [texted, textedLongAgo, neverTexted]) await subscribe(id, phone);
    // Two shops held OLD_NUMBER in turn and texted the phone from it; a third texted it from elsewhere.
    const assignedAt = new Date(Date.now() - 200 * DAY);
    expect(
      await assignSmsNumber(h.app.database.db, 'long-ago.myshopify.com', OLD_NUMBER, assignedAt),
    ).toMatchObject({ ok: true });
    await sentText(textedLongAgo, phone, 120, 'long-ago-1');
    expect(
      await assignSmsNumber(
        h.app.database.db,
        'long-ago.myshopify.com',
        null,
        new Date(Date.now() - 100 * DAY),
      ),
    ).toMatchObject({ ok: true });
    expect(
      await assignSmsNumber(
        h.app.database.db,
        'texted.myshopify.com',
        OLD_NUMBER,
        new Date(Date.now() - 60 * DAY),
      ),
    ).toMatchObject({ ok: true });
    await sentText(texted, phone, 30, 'texted-1');
    expect(
      await assignSmsNumber(h.app.database.db, 'texted.myshopify.com', null, new Date(Date.now() - 10 * DAY)),
    ).toMatchObject({ ok: true });
    await sentText(neverTexted, phone, 5, 'never-1');
  });

  it('is not dropped: it applies to every shop that texted that phone from that number in the last 90 days', async () => {
    const res = await h.inbound(phone, 'Stop', { to: OLD_NUMBER });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'opt_out_applied', reason: 'unknown_recipient', shops: 1 });
    expect(await marketingState(texted, phone)).toBe('unsubscribed');
    expect(await marketingState(textedLongAgo, phone)).toBe('subscribed');
    expect(await marketingState(neverTexted, phone)).toBe('subscribed');
  });

  it('anything but an opt-out to such a number is acknowledged and stored nowhere', async () => {
    const res = await h.inbound('+12015550189', 'STOP', { to: OLD_NUMBER });
    expect(res.body).toEqual({ status: 'ignored', reason: 'unknown_recipient' });
    const help = await h.inbound(phone, 'HELP', { to: OLD_NUMBER });
    expect(help.body).toEqual({ status: 'ignored', reason: 'unknown_recipient' });
    expect(await h.rows(`SELECT 1 FROM messages WHERE direction = 'inbound' AND body = 'HELP'`)).toHaveLength(
      0,
    );
  });
});
