// MessageBird provider, sending and lookup: MessageBird is faked at the HTTP layer with nock and
// every request it receives is captured and asserted exactly.
import nock from 'nock';
import { createMessageBirdProvider } from '../../../../server/messaging/providers/messagebird/index.js';
import {
  parseRetryAfter,
  RETRY_AFTER_MAX_MS,
} from '../../../../server/messaging/providers/messagebird/retry-after.js';
import type { OutboundSms, SendOutcome, SmsProvider } from '../../../../server/messaging/providers/types.js';
import '../../../support/silence-logs.js';
import { restoreNock } from '../../../support/nock-lifecycle.js';

const API = 'https://rest.messagebird.com';
const REPORT_URL = 'https://app.example.com/webhooks/sms/status';

interface Captured {
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** The documented message object MessageBird answers a create with. */
function messageObject(
  id: string,
  req: Record<string, unknown>,
  recipients = String(req.recipients).split(','),
) {
  return {
    id,
    href: `${API}/messages/${id}`,
    direction: 'mt',
    type: 'sms',
    originator: req.originator,
    body: req.body,
    reference: req.reference ?? null,
    validity: req.validity ?? null,
    gateway: 10,
    typeDetails: {},
    datacoding: req.datacoding,
    mclass: 1,
    scheduledDatetime: null,
    createdDatetime: '2024-05-03T14:26:57+00:00',
    recipients: {
      totalCount: recipients.length,
      totalSentCount: recipients.length,
      totalDeliveredCount: 0,
      totalDeliveryFailedCount: 0,
      items: recipients.map((r) => ({
        recipient: Number(r),
        status: 'sent',
        statusDatetime: '2024-05-03T14:26:57+00:00',
      })),
    },
  };
}

/** Intercepts one POST /messages, records it, and answers with `respond(body)` (status, body, headers). */
function interceptCreate(
  captured: Captured[],
  respond: (
    body: Record<string, unknown>,
    n: number,
  ) => readonly [number, unknown] | readonly [number, unknown, Record<string, string>],
) {
  return nock(API)
    .post('/messages')
    .reply(async (req: Request) => {
      const body = JSON.parse(await req.text()) as Record<string, unknown>;
      captured.push({ body, headers: Object.fromEntries(req.headers) });
      const [status, answer, headers = {}] = respond(body, captured.length);
      return [status, answer as string | Record<string, unknown>, headers];
    });
}

function accept(id = 'mb-id') {
  return (body: Record<string, unknown>, n: number) => [201, messageObject(`${id}-${n}`, body)] as const;
}

function provider(overrides: Partial<Parameters<typeof createMessageBirdProvider>[0]> = {}): SmsProvider {
  return createMessageBirdProvider({
    accessKey: 'test_key',
    signingKey: 'sk',
    reportUrl: REPORT_URL,
    timeoutMs: 2000,
    concurrency: 1,
    ...overrides,
  });
}

function sms(messageId: string, to: string, extra: Partial<OutboundSms> = {}): OutboundSms {
  return { messageId, to, from: 'MyShop', body: 'Sale starts now', encoding: 'GSM-7', ...extra };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

describe('MessageBird send: request shape', () => {
  it('sends one message with every documented field and the AccessKey header', async () => {
    const captured: Captured[] = [];
    interceptCreate(captured, accept('abc'));
    const outcomes = await provider().send([sms('msg-1', '+31612345678', { validityMinutes: 10 })]);

    expect(captured).toHaveLength(1);
    expect(captured[0]!.body).toEqual({
      originator: 'MyShop',
      body: 'Sale starts now',
      recipients: '31612345678',
      datacoding: 'plain',
      reference: 'msg-1',
      reportUrl: REPORT_URL,
      validity: 600,
    });
    expect(captured[0]!.headers.authorization).toBe('AccessKey test_key');
    expect(captured[0]!.headers['content-type']).toBe('application/json');
    expect(outcomes).toEqual([{ messageId: 'msg-1', status: 'accepted', providerMessageId: 'abc-1' }]);
  });

  it('uses datacoding unicode for UCS-2, an E.164 originator as given, and omits validity when unset', async () => {
    const captured: Captured[] = [];
    interceptCreate(captured, accept());
    await provider().send([
      sms('msg-2', '+4915112345678', { from: '+14155550123', body: 'Grüße 😀', encoding: 'UCS-2' }),
    ]);
    expect(captured[0]!.body).toEqual({
      originator: '+14155550123',
      body: 'Grüße 😀',
      recipients: '4915112345678',
      datacoding: 'unicode',
      reference: 'msg-2',
      reportUrl: REPORT_URL,
    });
  });

  it('groups identical bodies into requests of at most 50 recipients and sends other bodies alone', async () => {
    const captured: Captured[] = [];
    interceptCreate(captured, accept('grp')).persist();
    const batch = Array.from({ length: 120 }, (_, i) => sms(`m${i}`, `+3161${String(i).padStart(7, '0')}`));
    batch.splice(60, 0, sms('other', '+31699999999', { body: 'Different text' }));
    const outcomes = await provider().send(batch);

    expect(captured.map((c) => String(c.body.recipients).split(',').length)).toEqual([50, 50, 1, 20]);
    expect(captured.map((c) => c.body.reference)).toEqual(['grp:m0', 'grp:m50', 'other', 'grp:m100']);
    expect(String(captured[0]!.body.recipients).split(',')).toEqual(
      batch.slice(0, 50).map((m) => m.to.slice(1)),
    );
    expect(captured[2]!.body).toMatchObject({
      body: 'Different text',
      recipients: '31699999999',
      reference: 'other',
    });
    // One outcome per input, in input order; grouped messages share their request's provider id.
    expect(outcomes.map((o) => o.messageId)).toEqual(batch.map((m) => m.messageId));
    const idOf = (o: SendOutcome) => (o.status === 'accepted' ? o.providerMessageId : o.status);
    expect([0, 49, 50, 60, 61, 120].map((i) => idOf(outcomes[i]!))).toEqual([
      'grp-1',
      'grp-1',
      'grp-2',
      'grp-3',
      'grp-2',
      'grp-4',
    ]);
  });

  it('never puts the same recipient twice in one request, and keeps different validity apart', async () => {
    const captured: Captured[] = [];
    interceptCreate(captured, accept()).persist();
    await provider().send([
      sms('a', '+31600000001'),
      sms('b', '+31600000001'),
      sms('c', '+31600000002'),
      sms('d', '+31600000003', { validityMinutes: 5 }),
    ]);
    expect(captured.map((c) => [c.body.reference, c.body.recipients, c.body.validity])).toEqual([
      ['grp:a', '31600000001,31600000002', undefined],
      ['b', '31600000001', undefined],
      ['d', '31600000003', 300],
    ]);
  });

  it('rejects invalid originators and recipients locally without calling MessageBird', async () => {
    const outcomes = await provider().send([
      sms('long', '+31612345678', { from: 'TwelveLetter' }),
      sms('symbols', '+31612345678', { from: 'Shop!' }),
      sms('badnum', '+31612345678', { from: '+0123' }),
      sms('to', '0612345678'),
      sms('empty', '+31612345678', { body: '' }),
    ]);
    expect(outcomes.map((o) => [o.messageId, o.status, o.status === 'rejected' ? o.code : ''])).toEqual([
      ['long', 'rejected', 'invalid_originator'],
      ['symbols', 'rejected', 'invalid_originator'],
      ['badnum', 'rejected', 'invalid_originator'],
      ['to', 'rejected', 'invalid_recipient'],
      ['empty', 'rejected', 'empty_body'],
    ]);
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('MessageBird send: failures become outcomes', () => {
  const one = [sms('m1', '+31612345678')];

  it('maps 422 for the recipient to a permanent rejection', async () => {
    interceptCreate([], () => [
      422,
      { errors: [{ code: 10, description: 'no (correct) recipients found', parameter: 'recipients' }] },
    ]);
    const [outcome] = await provider().send(one);
    expect(outcome).toEqual({
      messageId: 'm1',
      status: 'rejected',
      permanent: true,
      code: 'invalid_recipient',
      reason: 'no (correct) recipients found (code 10, parameter recipients)',
    });
  });

  it('resends a grouped request one by one when a recipient is refused, so only that one is rejected', async () => {
    const captured: Captured[] = [];
    interceptCreate(captured, (body, n) =>
      n === 1 || body.recipients === '31600000002'
        ? [
            422,
            { errors: [{ code: 10, description: 'no (correct) recipients found', parameter: 'recipients' }] },
          ]
        : [201, messageObject(`single-${n}`, body)],
    ).persist();
    const outcomes = await provider().send([sms('a', '+31600000001'), sms('b', '+31600000002')]);
    expect(captured.map((c) => [c.body.recipients, c.body.reference])).toEqual([
      ['31600000001,31600000002', 'grp:a'],
      ['31600000001', 'a'],
      ['31600000002', 'b'],
    ]);
    expect(outcomes[0]).toEqual({ messageId: 'a', status: 'accepted', providerMessageId: 'single-2' });
    expect(outcomes[1]).toMatchObject({ messageId: 'b', status: 'rejected', code: 'invalid_recipient' });
  });

  it('maps other 422 validation errors to a permanent rejection with the MessageBird code', async () => {
    interceptCreate([], () => [
      422,
      { errors: [{ code: 9, description: 'originator is required', parameter: 'originator' }] },
    ]);
    const [outcome] = await provider().send(one);
    expect(outcome).toMatchObject({ status: 'rejected', permanent: true, code: 'messagebird_9' });
  });

  it.each([
    [
      '401 bad access key',
      401,
      {
        errors: [
          { code: 2, description: 'Request not allowed (incorrect access_key)', parameter: 'access_key' },
        ],
      },
      'auth',
    ],
    ['422 not enough balance', 422, { errors: [{ code: 25, description: 'Not enough balance' }] }, 'balance'],
    ['429 rate limited', 429, 'Too Many Requests', 'rate_limited'],
    ['500 with errors', 500, { errors: [{ code: 99, description: 'Internal error' }] }, 'http_500'],
    ['503 HTML', 503, '<html>Service Unavailable</html>', 'http_503'],
    ['201 without an id', 201, {}, 'bad_response'],
  ])('maps %s to a transient outcome', async (_label, status, body, code) => {
    interceptCreate([], () => [status, body]);
    const [outcome] = await provider().send(one);
    expect(outcome).toMatchObject({ messageId: 'm1', status: 'transient', code });
  });

  it('reports a timeout as uncertain (never retried blindly) when MessageBird does not answer within timeoutMs', async () => {
    nock(API).post('/messages').delay(1000).reply(201, { id: 'late' });
    const started = Date.now();
    const [outcome] = await provider({ timeoutMs: 100 }).send(one);
    expect(outcome).toMatchObject({ messageId: 'm1', status: 'uncertain', code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('reports a connection error as transient', async () => {
    nock(API).post('/messages').replyWithError('connect ECONNREFUSED');
    const [outcome] = await provider().send(one);
    expect(outcome).toMatchObject({ messageId: 'm1', status: 'transient', code: 'network' });
  });

  it('rejects a recipient MessageBird left out of the created message', async () => {
    interceptCreate([], (body) => [201, messageObject('partial', body, ['31600000001'])]);
    const outcomes = await provider().send([sms('a', '+31600000001'), sms('b', '+31600000002')]);
    expect(outcomes[0]).toEqual({ messageId: 'a', status: 'accepted', providerMessageId: 'partial' });
    expect(outcomes[1]).toMatchObject({ messageId: 'b', status: 'rejected', code: 'recipient_not_accepted' });
  });
});

describe('MessageBird send: a 429 with Retry-After holds the shop back that long', () => {
  const one = [sms('m1', '+31612345678')];
  /** MessageBird's documented error body. */
  const tooMany = { errors: [{ code: 429, description: 'Too many requests', parameter: null }] };
  const httpDate = (ms: number) => new Date(ms).toUTCString(); // IMF-fixdate

  it.each([
    ['delta-seconds', () => '30', 30_000, 30_000],
    ['an HTTP-date 90 s ahead', () => httpDate(Date.now() + 90_000), 88_000, 90_000],
    ['an HTTP-date in the past', () => httpDate(Date.now() - 60_000), 0, 0],
    ['a day, clamped', () => '86400', RETRY_AFTER_MAX_MS, RETRY_AFTER_MAX_MS],
  ])('reads Retry-After as %s', async (_label, header, min, max) => {
    interceptCreate([], () => [429, tooMany, { 'Retry-After': header() }]);
    const [outcome] = await provider().send(one);
    expect(outcome).toMatchObject({ messageId: 'm1', status: 'transient', code: 'rate_limited' });
    const retryAfterMs = (outcome as { retryAfterMs?: number }).retryAfterMs;
    expect(retryAfterMs).toBeGreaterThanOrEqual(min);
    expect(retryAfterMs).toBeLessThanOrEqual(max);
  });

  it.each([
    ['no Retry-After', {}],
    ['an invalid Retry-After', { 'Retry-After': 'soon' }],
  ])('leaves the delay to the backoff with %s', async (_label, headers) => {
    interceptCreate([], () => [429, tooMany, headers]);
    const [outcome] = await provider().send(one);
    expect(outcome).toEqual({
      messageId: 'm1',
      status: 'transient',
      code: 'rate_limited',
      reason: 'Too many requests (code 429)',
    });
  });

  it('treats a 429 JSON answer without an errors list as a rate limit, not a success (the SDK would)', async () => {
    interceptCreate([], () => [429, { message: 'slow down' }, { 'Retry-After': '12' }]);
    const [outcome] = await provider().send(one);
    expect(outcome).toMatchObject({ status: 'transient', code: 'rate_limited', retryAfterMs: 12_000 });
  });

  it("does not hold the shop on a 503 Retry-After (an outage, not the shop's own rate)", async () => {
    interceptCreate([], () => [503, 'Service Unavailable', { 'Retry-After': '120' }]);
    const [outcome] = await provider().send(one);
    expect(outcome).toEqual(expect.objectContaining({ status: 'transient', code: 'http_503' }));
    expect(outcome).not.toHaveProperty('retryAfterMs');
  });

  it('gives each of two requests in flight at once its own Retry-After', async () => {
    nock(API)
      .post('/messages')
      .times(2)
      .delay(100)
      .reply(async (req: Request) => {
        const { body } = JSON.parse(await req.text()) as { body: string };
        return [429, tooMany, { 'Retry-After': body.startsWith('First') ? '5' : '60' }];
      });
    const outcomes = await provider({ concurrency: 2 }).send([
      sms('a', '+31600000001', { body: 'First sale' }),
      sms('b', '+31600000002', { body: 'Second sale' }),
    ]);
    expect(outcomes.map((o) => [o.messageId, (o as { retryAfterMs?: number }).retryAfterMs])).toEqual([
      ['a', 5_000],
      ['b', 60_000],
    ]);
  });

  it.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT', 37_000],
    ['RFC 850', 'Sunday, 06-Nov-94 08:49:37 GMT', 37_000],
    ['asctime', 'Sun Nov  6 08:49:37 1994', 37_000],
    ['delta-seconds with spaces', ' 7 ', 7_000],
    ['an impossible date', 'Sun, 31 Feb 1994 08:49:37 GMT', undefined],
    ['a negative delay', '-5', undefined],
    ['a fraction', '1.5', undefined],
    ['a date without its zone', 'Sun, 06 Nov 1994 08:49:37', undefined],
  ])('parses %s', (_label, header, expected) => {
    expect(parseRetryAfter(header, Date.UTC(1994, 10, 6, 8, 49, 0))).toBe(expected);
  });
});

describe('MessageBird lookup', () => {
  it('reads the message and reports the recipient status', async () => {
    nock(API)
      .get('/messages/mb123')
      .matchHeader('authorization', 'AccessKey test_key')
      .reply(200, {
        ...messageObject('mb123', {
          originator: 'MyShop',
          body: 'x',
          datacoding: 'plain',
          reference: 'msg-9',
          recipients: '31612345678',
        }),
        recipients: {
          totalCount: 1,
          totalSentCount: 0,
          totalDeliveredCount: 0,
          totalDeliveryFailedCount: 1,
          items: [
            {
              recipient: 31612345678,
              status: 'delivery_failed',
              statusReason: 'unknown subscriber',
              statusErrorCode: 1,
              statusDatetime: '2024-05-03T15:00:00+00:00',
            },
          ],
        },
      });
    const result = await provider().lookup!({ messageId: 'msg-9', providerMessageId: 'mb123' });
    expect(result).toEqual({
      providerMessageId: 'mb123',
      reference: 'msg-9',
      status: 'undeliverable',
      providerStatus: 'delivery_failed: unknown subscriber',
      errorCode: 1,
      errorReason: 'unknown subscriber',
      occurredAt: new Date('2024-05-03T15:00:00Z'),
      recipient: '+31612345678',
    });
  });

  it('picks the right recipient of a grouped message', async () => {
    nock(API)
      .get('/messages/grp1')
      .times(2)
      .reply(
        200,
        messageObject('grp1', {
          originator: 'MyShop',
          body: 'x',
          datacoding: 'plain',
          reference: 'grp:m0',
          recipients: '31600000001,31600000002',
        }),
      );
    const p = provider();
    await expect(
      p.lookup!({ messageId: 'm1', providerMessageId: 'grp1', to: '+31600000002' }),
    ).resolves.toMatchObject({ status: 'sent', recipient: '+31600000002' });
    // Without the recipient we cannot tell which of the two is meant.
    await expect(p.lookup!({ messageId: 'm1', providerMessageId: 'grp1' })).resolves.toBe('unknown');
  });

  it('answers not_found for an unknown id and unknown without a provider id', async () => {
    nock(API)
      .get('/messages/nope')
      .reply(404, { errors: [{ code: 20, description: 'message not found', parameter: null }] });
    const p = provider();
    await expect(p.lookup!({ messageId: 'm', providerMessageId: 'nope' })).resolves.toBe('not_found');
    await expect(p.lookup!({ messageId: 'm' })).resolves.toBe('unknown');
    expect(p.capabilities).toEqual({ maxRecipientsPerRequest: 50, unicode: true, lookupByReference: false });
    expect(Object.isFrozen(p)).toBe(true);
  });
});

afterAll(restoreNock);
