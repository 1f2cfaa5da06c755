// customers.reachable_phones (migration 0024) is what segment counts sum for "reachable": it must equal the
// reachable rule (segments' REACHABLE_SQL, evaluated afresh) after every way the app changes it: a subscriber
// created and linked, consent given, STOP received, a number reported undeliverable, a subscriber relinked,
// a customer row arriving after its subscriber, an undeliverable message purged, and a customer redacted.
import { randomUUID } from 'node:crypto';
import { REACHABLE_SQL } from '../../../server/segments/compile.js';
import { countSegment } from '../../../server/segments/segment-queries.js';
import { applyStatusReport } from '../../../server/messaging/outbox/status-apply.js';
import { appendConsentEvents } from '../../../server/subscribers/consent-ledger.js';
import { handleInboundSms } from '../../../server/subscribers/inbound-handler.js';
import {
  ensureSubscriber,
  findSubscriberByPhone,
} from '../../../server/subscribers/subscriber-repository.js';
import { fixture, ids, startHarness, type Harness } from '../webhooks/handlers-support.js';

let h: Harness;
let shopId: string;
const NOW = new Date('2026-06-01T12:00:00Z');

beforeAll(async () => {
  h = await startHarness();
  shopId = (await h.createShop('demo.myshopify.com')).id;
});
afterAll(() => h?.stop());

/** Each live customer's maintained count, after checking it against the rule evaluated afresh for all of them. */
async function reachable(): Promise<Record<string, number>> {
  const rows = await h.rows<{ id: string; kept: number; rule: number }>(
    `SELECT c.id::text AS id, c.reachable_phones AS kept,
            (SELECT count(*)::int FROM subscribers s WHERE s.shop_id = $1 AND s.customer_id = c.id AND ${REACHABLE_SQL}) AS rule
       FROM customers c WHERE c.shop_id = $1 ORDER BY c.id`,
    [shopId],
  );
  for (const r of rows) expect({ id: r.id, reachable: r.kept }).toEqual({ id: r.id, reachable: r.rule });
  return Object.fromEntries(rows.map((r) => [r.id, r.kept]));
}

const addCustomer = (id: string, phone: string | null) =>
  h.rows(`INSERT INTO customers (shop_id, id, phone, orders_count) VALUES ($1, $2, $3, 1)`, [
    shopId,
    id,
    phone,
  ]);

async function subscribe(phone: string, customerId: string | null): Promise<string> {
  return h.app.database.db.transaction(async (tx) => {
    const s = await ensureSubscriber(tx, shopId, {
      phone,
      countryCode: 'US',
      customerId: customerId === null ? null : BigInt(customerId),
      source: 'checkout',
      now: NOW,
    });
    await appendConsentEvents(
      tx,
      shopId,
      s.id,
      [
        { channel: 'marketing', action: 'subscribed', source: 'checkout', occurredAt: NOW },
        { channel: 'transactional', action: 'subscribed', source: 'checkout', occurredAt: NOW },
      ],
      NOW,
    );
    return s.id;
  });
}

const PHONE_A = '+14155550101';
const PHONE_B = '+14155550102';
const PHONE_C = '+14155550103';

describe('customers.reachable_phones', () => {
  it('counts a linked subscriber once consent is confirmed, not before', async () => {
    await addCustomer('1', PHONE_A);
    await h.app.database.db.transaction((tx) =>
      ensureSubscriber(tx, shopId, {
        phone: PHONE_A,
        countryCode: 'US',
        customerId: 1n,
        source: 'checkout',
        now: NOW,
      }),
    );
    expect((await reachable())['1']).toBe(0);
    await subscribe(PHONE_A, '1');
    expect((await reachable())['1']).toBe(1);
  });

  it('drops to 0 when STOP arrives from the number', async () => {
    const outcome = await handleInboundSms(
      h.app.database.db,
      shopId,
      {
        providerMessageId: `in-${randomUUID()}`,
        from: PHONE_A,
        to: '+15005550006',
        body: 'STOP',
        receivedAt: NOW,
      },
      'messagebird',
      NOW,
    );
    expect(outcome.kind).not.toBe('duplicate');
    const s = await findSubscriberByPhone(h.app.database.db, shopId, PHONE_A);
    expect(s?.marketingState).toBe('unsubscribed');
    expect((await reachable())['1']).toBe(0);
  });

  it('drops to 0 when a message to the number is reported undeliverable, and comes back if that message is purged', async () => {
    await addCustomer('2', PHONE_B);
    const subscriberId = await subscribe(PHONE_B, '2');
    expect((await reachable())['2']).toBe(1);
    const messageId = randomUUID();
    await h.rows(
      `INSERT INTO messages (id, shop_id, subscriber_id, phone, direction, status, kind, source_type, body, encoding, segments, idempotency_key, provider_message_id, sent_at)
       VALUES ($1, $2, $3, $4, 'outbound', 'sent', 'marketing', 'campaign', 'hi', 'gsm7', 1, $5, 'pm-1', $6)`,
      [messageId, shopId, subscriberId, PHONE_B, `test:${messageId}`, NOW],
    );
    expect((await reachable())['2']).toBe(1);
    const applied = await applyStatusReport(
      h.app.database.pool,
      {
        providerMessageId: 'pm-1',
        reference: messageId,
        status: 'undeliverable',
        providerStatus: 'delivery_failed',
        errorCode: 21,
        occurredAt: NOW,
        recipient: PHONE_B,
      },
      'messagebird',
    );
    expect(applied).toBe('applied');
    expect((await reachable())['2']).toBe(0);
    await h.rows(`DELETE FROM messages WHERE id = $1`, [messageId]);
    expect((await reachable())['2']).toBe(1);
  });

  it('follows a subscriber created before its customer row, and one relinked to another customer', async () => {
    await subscribe(PHONE_C, '3');
    expect((await reachable())['3']).toBeUndefined();
    await addCustomer('3', PHONE_C);
    expect((await reachable())['3']).toBe(1);
    await addCustomer('4', null);
    await h.rows(`UPDATE subscribers SET customer_id = 4 WHERE shop_id = $1 AND phone = $2`, [
      shopId,
      PHONE_C,
    ]);
    expect(await reachable()).toMatchObject({ '3': 0, '4': 1 });
  });

  it('drops to 0 when the customer is redacted (customers/redact)', async () => {
    const redact = fixture('customers/redact');
    await addCustomer(ids.customer, ids.phone);
    await subscribe(ids.phone, ids.customer);
    expect((await reachable())[ids.customer]).toBe(1);
    await h.deliver('customers/redact', redact, { shopId });
    expect((await reachable())[ids.customer]).toBe(0);
  });

  it('is what a segment count sums: reachable equals the rule over the members', async () => {
    const all = {
      kind: 'and' as const,
      conditions: [{ kind: 'order_count' as const, compare: { op: 'gte' as const, value: 0 } }],
    };
    const counts = await countSegment(h.app.database.pool, shopId, all, { timeoutMs: 5000, now: NOW });
    const { n } = await h.one<{ n: number }>(
      `SELECT count(DISTINCT s.phone)::int AS n FROM subscribers s JOIN customers c ON c.shop_id = s.shop_id AND c.id = s.customer_id
        WHERE s.shop_id = $1 AND c.deleted_at IS NULL AND c.redacted_at IS NULL AND ${REACHABLE_SQL}`,
      [shopId],
    );
    expect(counts.reachable).toBe(n);
    expect(counts.reachable).toBe(2); // customers 2 and 4
  });
});
