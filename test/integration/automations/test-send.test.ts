// Test sends through the HTTP API on the real app (local mode, simulator provider, real database): a test to
// the merchant's own test number goes out through the outbox and the provider, marked as a test, whatever
// its consent; a test to any other number obeys consent and the answer says why it did not go out. A test
// send is rendered with the discount option as the editor has it: off, no discount sentence.
import type {
  AutomationTemplateAnalysisResult,
  AutomationTestResponse,
} from '../../../server/contracts/automations.js';
import type {
  MessageDetail,
  MessageList,
  SendTestMessageResult,
} from '../../../server/contracts/messages.js';
import { start, type RunningApp } from '../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { verifyTestPhone } from '../../support/test-phone.js';
import { waitFor } from '../../support/wait-for.js';

const OWN = '+14155550188';
const STRANGER = '+14155550123';
const SUBSCRIBER = '+14155550142';
const OPTED_OUT = '+14155550199';

describe('test sends: own test number, consent for everyone else (HTTP API, simulator)', () => {
  let db: TestDatabase;
  let app: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({ port: 0, env: testEnv(db, { LOCAL_SEED: 'false', TEST_SEND_RATE_PER_HOUR: '100' }) });
    const pool = app.database.pool;
    const shop = await pool.query<{ id: string }>(
      `INSERT INTO shops (domain, name, sender_id, country_code, currency, installed_at)
       VALUES ('demo.myshopify.com', 'Demo Store', 'DemoStore', 'US', 'USD', now()) RETURNING id`,
    );
    for (const [phone, state] of [
      [SUBSCRIBER, 'subscribed'],
      [OPTED_OUT, 'unsubscribed'],
    ] as const) {
      await pool.query(
        `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source, subscribed_at)
         VALUES ($1, $2, 'US', $3, $3, 'admin', now())`,
        [shop.rows[0]!.id, phone, state],
      );
    }
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${app.url}/api${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }
  const testSend = (flow: string, body: Record<string, unknown>) =>
    api<AutomationTestResponse>('POST', `/automations/${flow}/test`, body);
  const handedOff = (id: string) =>
    waitFor(`message ${id} handed to the simulator`, async () => {
      const { body } = await api<MessageDetail>('GET', `/messages/${id}`);
      return ['sent', 'delivered'].includes(body.status) ? body : null;
    });

  it("sends an automation test to the merchant's own test number, not a subscriber, through the provider", async () => {
    // Before the number is set it is a stranger like any other: suppressed, and the answer says why.
    const before = await testSend('order_confirmation', { phone: OWN });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      ownTestNumber: false,
      notSentReason: 'no_subscriber',
      message: { status: 'suppressed' },
    });

    await verifyTestPhone(app.url!, app.database.pool, OWN);
    for (const flow of ['order_confirmation', 'abandoned_checkout']) {
      const res = await testSend(flow, { phone: OWN });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        ownTestNumber: true,
        notSentReason: null,
        message: {
          phone: OWN,
          isTest: true,
          status: 'queued',
          sourceType: 'automation',
          sourceId: flow,
          suppressedReason: null,
        },
      });
      const sent = await handedOff(res.body.message.id);
      expect(sent).toMatchObject({ isTest: true, provider: 'simulator' });
      expect(sent.providerMessageId).not.toBeNull();
    }
    const listed = await api<MessageList>('GET', `/messages?phone=${encodeURIComponent(OWN)}`);
    const automationTests = listed.body.items.filter(
      (m) => m.isTest && m.sourceType === 'automation' && ['sent', 'delivered'].includes(m.status),
    );
    expect(automationTests).toHaveLength(2);
  });

  it('keeps consent for every other number, answering 200 with the reason, never a 500', async () => {
    const stranger = await testSend('abandoned_checkout', { phone: STRANGER });
    expect(stranger.status).toBe(200);
    expect(stranger.body).toMatchObject({
      ownTestNumber: false,
      notSentReason: 'no_subscriber',
      message: { phone: STRANGER, isTest: true, status: 'suppressed', suppressedReason: 'no_subscriber' },
    });
    const optedOut = await testSend('order_confirmation', { phone: OPTED_OUT });
    expect(optedOut.status).toBe(200);
    expect(optedOut.body).toMatchObject({
      ownTestNumber: false,
      notSentReason: 'opted_out',
      message: { status: 'suppressed' },
    });
    const subscriber = await testSend('order_confirmation', { phone: SUBSCRIBER });
    expect(subscriber.body).toMatchObject({
      ownTestNumber: false,
      notSentReason: null,
      message: { phone: SUBSCRIBER, isTest: true },
    });
    await handedOff(subscriber.body.message.id);
    // Nothing was handed over for the suppressed ones.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const id of [stranger.body.message.id, optedOut.body.message.id]) {
      expect((await api<MessageDetail>('GET', `/messages/${id}`)).body).toMatchObject({
        status: 'suppressed',
        providerMessageId: null,
      });
    }
  });

  it('does the same for POST /api/messages/test', async () => {
    const own = await api<SendTestMessageResult>('POST', '/messages/test', {
      phone: OWN,
      body: 'Hello from the test number',
    });
    expect(own.status).toBe(202);
    expect(own.body).toMatchObject({
      ownTestNumber: true,
      notSentReason: null,
      message: { isTest: true, sourceType: 'test' },
    });
    await handedOff(own.body.message.id);
    const stranger = await api<SendTestMessageResult>('POST', '/messages/test', {
      phone: STRANGER,
      body: 'Hello',
    });
    expect(stranger.body).toMatchObject({ ownTestNumber: false, notSentReason: 'no_subscriber' });
  });

  it('renders a test send with the discount option as edited: off, no discount sentence nor empty code', async () => {
    const off = await testSend('abandoned_checkout', { phone: OWN });
    expect(off.body.message.body).toMatch(
      /^Hi Camille, you left something in your cart\. Complete your order here: http:\/\/127\.0\.0\.1:\d+\/r\/\w+\nReply STOP/,
    );
    expect(off.body.message.body).not.toMatch(/code|WELCOME15| off\./i);
    const on = await testSend('abandoned_checkout', {
      phone: OWN,
      discount: { enabled: true, percentage: 20 },
    });
    expect(on.body.message.body).toContain(' Use code WELCOME15 for 20% off.\n');
    const unguarded = await api<{ error: { fields: Record<string, string> } }>(
      'POST',
      '/automations/welcome/test',
      {
        phone: OWN,
        template: 'Welcome! Your code: {{ discount.code }}',
      },
    );
    expect(unguarded.status).toBe(400);
    expect(unguarded.body.error.fields['templates.en']).toContain('{{ discount.code }} would be empty');
    const allowedWhenOn = await testSend('welcome', {
      phone: OWN,
      template: 'Welcome! Your code: {{ discount.code }}',
      discount: { enabled: true },
    });
    expect(allowedWhenOn.body.message.body).toMatch(/^Welcome! Your code: WELCOME15\n/);
  });

  it("analyses with the saved discount option, or the editor's", async () => {
    const detail = await api<{ analysis: { en: AutomationTemplateAnalysisResult } }>(
      'GET',
      '/automations/welcome',
    );
    const saved = detail.body.analysis.en;
    expect(saved.valid && saved.analysis.preview).toMatch(
      /^Welcome to Demo Store texts! Shop now: \S+\nReply STOP/,
    );
    const template = (await api<{ flow: { templates: { en: string } } }>('GET', '/automations/welcome')).body
      .flow.templates.en;
    const on = await api<AutomationTemplateAnalysisResult>('POST', '/automations/welcome/analyze', {
      template,
      locale: 'en',
      discount: { enabled: true },
    });
    expect(on.body.valid && on.body.analysis.preview).toContain(
      'Here is 10% off your next order: WELCOME15.',
    );
    const off = await api<AutomationTemplateAnalysisResult>('POST', '/automations/welcome/analyze', {
      template,
      locale: 'en',
    });
    expect(off.body.valid && off.body.analysis.preview).not.toContain('WELCOME15');
  });
});
