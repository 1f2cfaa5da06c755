// Signed MessageBird callbacks record their token (jti) in the transaction that processes them (issue #10,
// item 3): a failed attempt answers 503 and leaves no record, so MessageBird's retry of the same request is
// processed (a STOP is not lost); a database error in the replay check is a 503, not a 401; a callback that
// was processed is still refused when replayed. Outages are injected in the real database (a trigger, a
// renamed table), nothing of ours is mocked.
import request from 'supertest';
import { STATUS_WEBHOOK_PATH } from '../../../server/messaging/provider-setup.js';
import { buildDlrRequest } from '../../../server/messaging/providers/simulator/signed-webhooks.js';
import { startHarness, type Harness } from '../subscribers/support.js';

const PHONE = '+12015550166';
let h: Harness;

const inboundRows = (body: string) =>
  h.rows(`SELECT 1 FROM messages WHERE shop_id = $1 AND direction = 'inbound' AND body = $2`, [
    h.shopId,
    body,
  ]);
const marketingState = async (phone: string) =>
  (
    await h.rows<{ marketing_state: string }>(
      'SELECT marketing_state FROM subscribers WHERE shop_id = $1 AND phone = $2',
      [h.shopId, phone],
    )
  )[0]?.marketing_state;

beforeAll(async () => {
  h = await startHarness();
  await h.rows(`CREATE TABLE injected_outage (on_table text PRIMARY KEY)`);
  await h.rows(`CREATE FUNCTION injected_outage() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM injected_outage WHERE on_table = TG_TABLE_NAME || ':' || TG_OP) THEN
        RAISE EXCEPTION 'injected outage';
      END IF;
      RETURN NEW;
    END $$`);
  await h.rows(
    `CREATE TRIGGER injected_outage BEFORE INSERT OR UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION injected_outage()`,
  );
  await h.rows(
    `INSERT INTO subscribers (shop_id, phone, country_code, source, marketing_state, transactional_state) VALUES ($1, $2, 'US', 'import', 'subscribed', 'subscribed')`,
    [h.shopId, PHONE],
  );
});
afterEach(async () => {
  await h.rows('DELETE FROM injected_outage');
});
afterAll(async () => {
  await h.stop();
});

describe('inbound texts', () => {
  it('a STOP whose processing failed is processed when MessageBird retries the same request', async () => {
    const send = h.signedInbound(PHONE, 'STOP');
    await h.rows(`INSERT INTO injected_outage VALUES ('messages:INSERT')`);
    const failed = await send();
    expect(failed.status).toBe(503);
    expect(failed.body.error).toMatchObject({ code: 'service_unavailable' });
    expect(await marketingState(PHONE)).toBe('subscribed');
    expect(await h.rows('SELECT 1 FROM signature_nonces')).toHaveLength(0);

    await h.rows('DELETE FROM injected_outage');
    const retried = await send();
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'stored', intent: 'opt_out' });
    expect(await marketingState(PHONE)).toBe('unsubscribed');

    // Once processed, the same token is a replay: refused, nothing stored twice.
    const replayed = await send();
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.message).toContain('replayed token');
    expect(await inboundRows('STOP')).toHaveLength(1);
  });

  it('a database error in the replay check answers 503 (retry), not 401, and the retry is processed', async () => {
    const send = h.signedInbound(PHONE, 'HELP');
    await h.rows('ALTER TABLE signature_nonces RENAME TO signature_nonces_away');
    let unavailable: request.Response;
    try {
      unavailable = await send();
    } finally {
      await h.rows('ALTER TABLE signature_nonces_away RENAME TO signature_nonces');
    }
    expect(unavailable.status).toBe(503);
    expect(await inboundRows('HELP')).toHaveLength(0);
    const retried = await send();
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'stored', intent: 'help' });
  });
});

describe('delivery reports', () => {
  it('a report whose processing failed is applied when MessageBird retries the same request', async () => {
    const [msg] = await h.rows<{ id: string }>(
      `INSERT INTO messages (shop_id, phone, direction, kind, source_type, body, encoding, segments, idempotency_key, status, provider, provider_message_id, sent_at)
       VALUES ($1, $2, 'outbound', 'transactional', 'automation', 'Your order shipped', 'GSM-7', 1, 'dlr-replay-1', 'sent', 'simulator', 'pm-replay-1', now()) RETURNING id`,
      [h.shopId, PHONE],
    );
    const statusUrl = `${h.url}${STATUS_WEBHOOK_PATH}`;
    const signed = buildDlrRequest(
      statusUrl,
      {
        providerMessageId: 'pm-replay-1',
        reference: msg!.id,
        recipient: PHONE,
        status: 'delivered',
        statusReason: 'successfully delivered',
        at: new Date(),
      },
      h.app.config.sms.messagebird.signingKey,
      new Date(),
    );
    const send = () => {
      const req = request(h.url).post(STATUS_WEBHOOK_PATH);
      for (const [k, v] of Object.entries(signed.headers)) req.set(k, v);
      return req.send(signed.body);
    };
    await h.rows(`INSERT INTO injected_outage VALUES ('messages:UPDATE')`);
    const failed = await send();
    expect(failed.status).toBe(503);
    await h.rows('DELETE FROM injected_outage');
    const retried = await send();
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ applied: 1 });
    expect(
      (await h.rows<{ status: string }>('SELECT status FROM messages WHERE id = $1', [msg!.id]))[0]!.status,
    ).toBe('delivered');
    const replayed = await send();
    expect(replayed.status).toBe(401);
  });
});
