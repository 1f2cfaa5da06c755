// customers/redact and shop/redact leave no personal data anywhere: Jane is seeded through every path the
// app takes in data (manual add, CSV import, customers/create, checkout SMS consent, orders, fulfillments,
// the automations they trigger, a link click, an inbound keyword, a data request), all through the real
// HTTP endpoints, signed webhooks and the inbox processor; then the redaction, then every table of the
// database (the public schema, agenda's jobs included) is dumped as JSON text and searched for each of
// Jane's identifiers.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { signShopifyWebhook } from '../../../server/webhooks/sign.js';
import type { WebhookTopic } from '../../../server/webhooks/schemas/index.js';
import { fixture, startHarness, type Harness, type Json } from '../subscribers/support.js';

const SECRET = 'local-dev-secret';
const SHOP = 'demo.myshopify.com';
const CLICK_AGENT = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) JaneClick/7.7';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const orderCreate = fixture('orders/create') as {
  order_status_url: string;
  browser_ip: string;
  client_details: { user_agent: string };
};
const checkoutCreate = fixture('checkouts/create');

/** Every identifier of Jane's, as a pattern over a row's JSON text. */
const IDENTIFIERS: Record<string, RegExp> = {
  'phone E.164': /\+14155550142/,
  'phone digits': /4155550142/,
  'phone national': /\(415\) 555-0142/,
  'phone dashed': /415-555-0142/,
  email: /jane\.doe@example\.com/i,
  'first name': /\bJane\b/i,
  'last name': /\bDoe\b/,
  'address line': /548 Market Street/i,
  'tracking number': /1Z999AA10123456784/,
  ip: /203\.0\.113\.24/,
  'user agent (order)': new RegExp(
    orderCreate.client_details.user_agent.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  ),
  'user agent (click)': /JaneClick\/7\.7/,
  'order status URL': /authenticate\?key=/,
  'checkout URL': /recover\?key=/,
  tag: /loyal-x92/,
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    role: 'all',
    webhookInbox: { pollIntervalMs: 50, backoff: { baseMs: 50, maxMs: 200 } },
  });
});
afterAll(() => h?.stop());

const api = () => request(h.url);

async function post(topic: WebhookTopic, payload: Json): Promise<void> {
  const body = JSON.stringify(payload);
  const headers = signShopifyWebhook({
    secret: SECRET,
    topic,
    shopDomain: SHOP,
    body,
    apiVersion: '2025-10',
    webhookId: randomUUID(),
  });
  const res = await fetch(`${h.url}/webhooks/shopify`, { method: 'POST', headers, body });
  expect(res.status).toBe(200);
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function drained(): Promise<void> {
  await until('the inbox to drain', async () => {
    const [busy] = await h.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_events WHERE status IN ('pending', 'processing')`,
    );
    return busy!.n === 0 ? true : null;
  });
  expect(await h.rows(`SELECT topic, error FROM webhook_events WHERE status <> 'done'`)).toEqual([]);
}

/** The order and shipping confirmations carry tracked links: Jane clicks one. */
async function clickLink(): Promise<void> {
  const [link] = await until('a tracked link sent to Jane', async () => {
    const rows = await h.rows<{ code: string }>(
      `SELECT l.code FROM short_links l JOIN messages m ON m.id = l.message_id WHERE m.phone = '+14155550142' ORDER BY l.created_at`,
    );
    return rows.length > 0 ? rows : null;
  });
  await api().get(`/r/${link!.code}`).set('User-Agent', CLICK_AGENT).expect(302);
  await until('the click', async () =>
    (await h.rows(`SELECT 1 FROM link_clicks WHERE user_agent = $1`, [CLICK_AGENT])).length > 0 ? true : null,
  );
}

/** Jane through every path the app takes personal data in. */
async function seedJane(opts: { click: boolean }): Promise<void> {
  const manual = await api()
    .post('/api/subscribers')
    .send({
      phone: '(415) 555-0142',
      countryCode: 'US',
      disclosureText: 'Jane Doe agreed at the counter to receive texts.',
      consentDate: '2025-01-31',
      consentSource: 'Paper form at the counter',
      evidence: {
        staff: {
          customer: {
            name: 'Jane Doe',
            contact: 'jane.doe@example.com',
            dialled: '(415) 555-0142',
            alt: ['415-555-0142'],
          },
          seenFrom: '203.0.113.24',
        },
      },
    });
  expect([200, 201]).toContain(manual.status);
  for (const flow of ['order_confirmation', 'shipping_confirmation']) {
    await api().put(`/api/automations/${flow}`).send({ enabled: true }).expect(200);
  }
  const csv = [
    'phone,first_name,last_name,country,consent_date,consent_source,disclosure_text',
    '415-555-0142,Jane,Doe,US,2025-01-15,paper form signed by Jane Doe,I agree to receive texts',
  ].join('\r\n');
  const imported = await api()
    .post('/api/subscribers/import')
    .set('Content-Type', 'text/csv')
    .set('X-Textlane-Csv-Import', '1')
    .send(csv);
  expect(imported.status).toBe(200);
  expect(imported.body.errors).toEqual([]);
  // The background import keeps rejected rows (raw CSV cells) for the merchant to download: Jane's row,
  // rejected for its future consent date, stays there until the redaction.
  const upload = await api()
    .post('/api/subscribers/imports?filename=people.csv')
    .set('Content-Type', 'text/csv')
    .set('X-Textlane-Csv-Import', '1')
    .send(
      'mobile,first,last,email,opted_in,how\n(415) 555-0142,Jane,Doe,jane.doe@example.com,2999-01-01,paper form\n',
    );
  expect(upload.status).toBe(201);
  const importId = upload.body.id as string;
  const mapping = {
    phone: 'mobile',
    firstName: 'first',
    lastName: 'last',
    email: 'email',
    consentDate: 'opted_in',
    consentSource: 'how',
    defaultDisclosureText: 'I agree to receive texts',
  };
  await api().post(`/api/subscribers/imports/${importId}/start`).send({ mapping }).expect(202);
  await until('the background import to finish', async () => {
    const rows = await h.rows(
      `SELECT 1 FROM subscriber_imports WHERE id = '${importId}' AND status = 'completed'`,
    );
    return rows.length > 0 ? true : null;
  });
  expect(await h.rows(`SELECT reason FROM subscriber_import_rows WHERE import_id = '${importId}'`)).toEqual([
    { reason: 'future_consent_date' },
  ]);
  // Double opt-in (US): Jane confirms by text, so order updates go to her as a marketing subscriber.
  expect((await h.inbound('+14155550142', 'Y')).status).toBe(200);
  await until('Jane to be subscribed', async () => {
    const rows = await h.rows(
      `SELECT 1 FROM subscribers WHERE phone = '+14155550142' AND marketing_state = 'subscribed'`,
    );
    return rows.length > 0 ? true : null;
  });

  await post('customers/create', { ...fixture('customers/create'), tags: 'loyal-x92' });
  await post('checkouts/create', {
    ...checkoutCreate,
    buyer_accepts_sms_marketing: true,
    sms_marketing_phone: '+14155550142',
    shipping_address: fixture('orders/create').shipping_address,
  });
  await post('orders/create', fixture('orders/create'));
  await post('orders/paid', fixture('orders/paid'));
  await post('fulfillments/create', fixture('fulfillments/create'));
  await post('fulfillment_events/create', fixture('fulfillment_events/create'));
  await drained();

  // The order and shipping confirmations carry tracked links; Jane clicks one.
  if (opts.click) await clickLink();

  expect((await h.inbound('+14155550142', 'Jane Doe here, STOP texting me please')).status).toBe(200);
  await post('customers/data_request', fixture('customers/data_request'));
  await drained();
  // Every message reached the provider and its delivery reports are in (nothing in flight writes later).
  await until('messages to settle', async () => {
    const [busy] = await h.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE status IN ('sending', 'sent')`,
    );
    return busy!.n === 0 ? true : null;
  });
}

/** Every row of every table (public schema: the app's tables and agenda's jobs) as JSON text. */
async function dumpDatabase(): Promise<Array<{ table: string; row: string }>> {
  const tables = await h.rows<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  expect(tables.map((t) => t.table_name)).toEqual(
    expect.arrayContaining(['agenda_jobs', 'consent_events', 'webhook_events']),
  );
  const out: Array<{ table: string; row: string }> = [];
  for (const { table_name: table } of tables) {
    const rows = await h.rows<{ r: string }>(`SELECT row_to_json(t)::text AS r FROM "${table}" t`);
    out.push(...rows.map((r) => ({ table, row: r.r })));
  }
  return out;
}

function hits(
  dump: Array<{ table: string; row: string }>,
): Array<{ identifier: string; table: string; row: string }> {
  const found: Array<{ identifier: string; table: string; row: string }> = [];
  for (const { table, row } of dump) {
    for (const [identifier, pattern] of Object.entries(IDENTIFIERS)) {
      if (pattern.test(row)) found.push({ identifier, table, row: row.slice(0, 400) });
    }
  }
  return found;
}

const countsSql = `SELECT
  (SELECT count(*)::int FROM orders) AS orders,
  (SELECT count(*)::int FROM fulfillments) AS fulfillments,
  (SELECT count(*)::int FROM subscribers) AS subscribers,
  (SELECT count(*)::int FROM consent_events) AS consent_events,
  (SELECT count(*)::int FROM messages) AS messages,
  (SELECT count(*)::int FROM link_clicks) AS link_clicks`;

describe('redaction leaves no personal data in any table', () => {
  it('customers/redact: every identifier of Jane is gone from every table; the counts and the fact of consent stay', async () => {
    await seedJane({ click: true });
    const before = await dumpDatabase();
    // The seed really put each identifier somewhere (a search that cannot find anything proves nothing).
    const seeded = new Set(hits(before).map((f) => f.identifier));
    expect([...seeded].sort()).toEqual(Object.keys(IDENTIFIERS).sort());
    const counts = (await h.rows(countsSql))[0];
    expect(counts).toMatchObject({ orders: 1, fulfillments: 1, subscribers: 1, link_clicks: 1 });
    // A keyword event records the keyword, not the whole text Jane sent (which named her).
    expect(
      await h.rows(
        `SELECT disclosure_text, evidence ? 'body' AS has_body FROM consent_events WHERE source = 'keyword' ORDER BY id`,
      ),
    ).toEqual([
      { disclosure_text: 'Y', has_body: false },
      { disclosure_text: 'STOP', has_body: false },
      { disclosure_text: 'STOP', has_body: false },
    ]);
    const consentTimes = await h.rows(
      `SELECT channel, action, source, occurred_at FROM consent_events ORDER BY id`,
    );

    await post('customers/redact', fixture('customers/redact'));
    await drained();

    expect(hits(await dumpDatabase())).toEqual([]);
    expect((await h.rows(countsSql))[0]).toEqual(counts);
    // What the law requires to keep: that consent existed, for what, from where, and when; a keyword keeps its keyword.
    expect(
      await h.rows(`SELECT channel, action, source, occurred_at FROM consent_events ORDER BY id`),
    ).toEqual(consentTimes);
    const keyword = await h.rows<{ disclosure_text: string }>(
      `SELECT DISTINCT disclosure_text FROM consent_events WHERE source = 'keyword'`,
    );
    expect(keyword.map((e) => e.disclosure_text).sort()).toEqual(['STOP', 'Y']);
  });

  it('shop/redact: nothing of the shop is left, identifiers included', async () => {
    // Jane is a redacted tombstone now: her new orders are mirrored without contact details, so no
    // order update goes out and there is no link to click this time.
    await seedJane({ click: false });
    expect(hits(await dumpDatabase()).length).toBeGreaterThan(0);
    await post('shop/redact', fixture('shop/redact'));
    await drained();
    expect(hits(await dumpDatabase())).toEqual([]);
    expect(await h.rows(`SELECT count(*)::int AS n FROM shops WHERE domain = $1`, [SHOP])).toEqual([
      { n: 0 },
    ]);
  });
});
