// A subscriber's detail lists the orders attributed to their messages (order_attributions, written by the
// reports' attribution), and not another subscriber's.
import request from 'supertest';
import { startHarness, type Harness } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

it("lists the orders attributed to the subscriber's messages, newest first", async () => {
  const api = () => request(h.url);
  const add = async (phone: string) =>
    (
      await api()
        .post('/api/subscribers')
        .send({
          phone,
          countryCode: 'FR',
          disclosureText: 'Agreed in store.',
          consentSource: 'Counter',
          consentDate: '2025-01-31',
        })
        .expect(201)
    ).body as { id: string };
  const ada = await add('+33612340001');
  const bob = await add('+33612340002');
  const message = async (subscriberId: string, phone: string, body: string) =>
    (
      await h.rows<{ id: string }>(
        `INSERT INTO messages (shop_id, subscriber_id, phone, kind, source_type, body, encoding, segments, idempotency_key, status, sent_at)
         VALUES ($1, $2, $3, 'marketing', 'campaign', $4, 'GSM-7', 1, gen_random_uuid()::text, 'sent', now() - interval '2 days') RETURNING id`,
        [h.shopId, subscriberId, phone, body],
      )
    )[0]!.id;
  const adaMessage = await message(ada.id, '+33612340001', 'Spring sale');
  const bobMessage = await message(bob.id, '+33612340002', 'Other sale');
  await h.rows(
    `INSERT INTO orders (shop_id, id, name, currency, total_price, shopify_created_at, shopify_updated_at)
     VALUES ($1, 5550001, '#1001', 'EUR', '42.00', now() - interval '1 day', now() - interval '1 day')`,
    [h.shopId],
  );
  const attribute = (orderId: number, messageId: string, total: string, daysAgo: number) =>
    h.rows(
      `INSERT INTO order_attributions (shop_id, order_id, message_id, source_kind, source_id, message_kind, channel, matched_by,
                                       window_hours, touched_at, ordered_at, currency, in_shop_currency, total)
       VALUES ($1, $2, $3, 'campaign', 'c1', 'marketing', 'click', 'phone', 120, now() - interval '2 days',
               now() - make_interval(days => $5), 'EUR', false, $4)
       ON CONFLICT (shop_id, order_id) DO UPDATE SET message_id = EXCLUDED.message_id, total = EXCLUDED.total,
         ordered_at = EXCLUDED.ordered_at, channel = EXCLUDED.channel`,
      [h.shopId, orderId, messageId, total, daysAgo],
    );
  await attribute(5550001, adaMessage, '42.00', 1);
  await attribute(5550002, adaMessage, '10.00', 0);
  await attribute(5550003, bobMessage, '99.00', 0);

  const detail = (await api().get(`/api/subscribers/${ada.id}`).expect(200)).body;
  expect(detail.attributedOrders).toEqual([
    expect.objectContaining({
      orderId: '5550002',
      name: null,
      total: '10.00',
      channel: 'click',
      messageBody: 'Spring sale',
    }),
    expect.objectContaining({
      orderId: '5550001',
      name: '#1001',
      total: '42.00',
      currency: 'EUR',
      cancelled: false,
      messageId: adaMessage,
    }),
  ]);
  expect((await api().get(`/api/subscribers/${bob.id}`).expect(200)).body.attributedOrders).toEqual([
    expect.objectContaining({ orderId: '5550003' }),
  ]);
});
