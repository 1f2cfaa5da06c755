// MessageBird provider, incoming side: signature verification (against MessageBird's own reference
// vectors and our signer), status report parsing and inbound message parsing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  createMessageBirdProvider,
  signMessageBirdRequest,
} from '../../../../server/messaging/providers/messagebird/index.js';
import {
  isParseError,
  type ProviderRequest,
  type SmsProvider,
  type StatusReport,
} from '../../../../server/messaging/providers/types.js';
import '../../../support/silence-logs.js';

const SIGNING_KEY = 'webhook-signing-key';
const STATUS_URL = 'https://app.example.com/webhooks/sms/status';
const NOW = new Date('2024-05-03T12:00:00Z');

function provider(opts: { now?: Date; signingKey?: string } = {}): SmsProvider {
  const now = opts.now ?? NOW;
  return createMessageBirdProvider({
    accessKey: 'test_key',
    signingKey: opts.signingKey ?? SIGNING_KEY,
    reportUrl: STATUS_URL,
    timeoutMs: 1000,
    now: () => now,
  });
}

function request(
  method: string,
  url: string,
  body = '',
  headers: Record<string, string> = {},
): ProviderRequest {
  return { method, url, headers, rawBody: Buffer.from(body, 'utf8') };
}

function signed(
  method: string,
  url: string,
  body = '',
  extra: { key?: string; now?: Date; ttlSeconds?: number; jti?: string; contentType?: string } = {},
): ProviderRequest {
  const token = signMessageBirdRequest({
    url,
    body,
    signingKey: extra.key ?? SIGNING_KEY,
    now: extra.now ?? NOW,
    ttlSeconds: extra.ttlSeconds,
    jti: extra.jti,
  });
  const headers: Record<string, string> = { 'messagebird-signature-jwt': token };
  if (body) headers['content-type'] = extra.contentType ?? 'application/x-www-form-urlencoded';
  return request(method, url, body, headers);
}

describe('MessageBird signature verification', () => {
  interface ReferenceCase {
    name: string;
    method: string;
    secret: string;
    url: string;
    timestamp: string;
    token: string;
    payload?: string;
    valid: boolean;
  }
  const require = createRequire(import.meta.url);
  const vectors = JSON.parse(
    readFileSync(require.resolve('messagebird/lib/testdata/webhook-signature-jwt-reference.json'), 'utf8'),
  ) as ReferenceCase[];

  it.each(vectors.map((v) => [v.name, v] as const))(
    'agrees with MessageBird reference vector: %s',
    async (_name, v) => {
      const now = new Date(v.timestamp);
      const p = provider({ now, signingKey: v.secret });
      const result = await p.verify(
        request(v.method, v.url, v.payload ?? '', { 'messagebird-signature-jwt': v.token }),
      );
      expect(result.ok).toBe(v.valid);
    },
  );

  it('accepts a valid token for a GET with a query and for a POST with a body', async () => {
    const p = provider();
    await expect(p.verify(signed('GET', `${STATUS_URL}?id=abc&status=delivered`))).resolves.toEqual({
      ok: true,
      replayToken: expect.objectContaining({ jti: expect.any(String) }),
    });
    await expect(p.verify(signed('POST', STATUS_URL, 'id=abc&status=delivered'))).resolves.toEqual({
      ok: true,
      replayToken: expect.objectContaining({ jti: expect.any(String) }),
    });
  });

  it.each([
    ['a forged key', () => signed('POST', STATUS_URL, 'id=abc', { key: 'not-the-key' })],
    [
      'a tampered body',
      () => ({
        ...signed('POST', STATUS_URL, 'id=abc&status=sent'),
        rawBody: Buffer.from('id=abc&status=delivered'),
      }),
    ],
    [
      'a body added to a bodiless token',
      () => ({ ...signed('GET', STATUS_URL), rawBody: Buffer.from('id=abc') }),
    ],
    ['a different URL', () => ({ ...signed('GET', `${STATUS_URL}?id=abc`), url: `${STATUS_URL}?id=abd` })],
    [
      'an expired token',
      () => signed('GET', STATUS_URL, '', { now: new Date(NOW.getTime() - 120_000), ttlSeconds: 60 }),
    ],
    ['a token not yet valid', () => signed('GET', STATUS_URL, '', { now: new Date(NOW.getTime() + 60_000) })],
    ['a missing header', () => request('GET', STATUS_URL)],
    ['a garbage header', () => request('GET', STATUS_URL, '', { 'messagebird-signature-jwt': 'not.a.jwt' })],
  ])('refuses %s', async (_label, build) => {
    const result = await provider().verify(build());
    expect(result.ok).toBe(false);
  });

  it('hands back the jti and when its record may expire, for the route to record with its processing', async () => {
    const p = provider();
    await expect(p.verify(signed('GET', STATUS_URL, '', { jti: 'good', ttlSeconds: 60 }))).resolves.toEqual({
      ok: true,
      replayToken: { jti: 'good', expiresAt: new Date(NOW.getTime() + 65_000) },
    });
    await expect(
      p.verify(signed('GET', STATUS_URL, '', { jti: 'forged', key: 'wrong' })),
    ).resolves.toMatchObject({ ok: false });
  });

  it('stores nothing itself: the same token verifies again (the route refuses a processed replay)', async () => {
    const p = provider();
    const req = signed('GET', `${STATUS_URL}?id=abc`, '', { jti: 'jti-1' });
    await expect(p.verify(req)).resolves.toMatchObject({ ok: true, replayToken: { jti: 'jti-1' } });
    await expect(p.verify(req)).resolves.toMatchObject({ ok: true, replayToken: { jti: 'jti-1' } });
  });
});

describe('MessageBird status reports', () => {
  const p = provider();
  const base = {
    id: 'efa6405d518d4c0c88cce11f7db775fb',
    reference: 'msg-1',
    recipient: '31612345678',
    statusDatetime: '2024-05-03T08:58:10+00:00',
  };
  const parseGet = (fields: Record<string, string>) =>
    p.parseStatusCallback(request('GET', `${STATUS_URL}?${new URLSearchParams(fields).toString()}`));

  it.each([
    ['scheduled', {}, 'scheduled'],
    ['sent', { statusReason: 'pending DLR' }, 'sent'],
    ['buffered', {}, 'buffered'],
    ['delivered', { statusReason: 'successfully delivered' }, 'delivered'],
    ['expired', { statusReason: 'expired' }, 'expired'],
    ['delivery_failed', { statusReason: 'unknown subscriber', statusErrorCode: '1' }, 'undeliverable'],
    ['delivery_failed', { statusReason: 'carrier rejected', statusErrorCode: '13' }, 'undeliverable'],
    ['delivery_failed', { statusReason: 'unavailable subscriber', statusErrorCode: '27' }, 'failed'],
    ['delivery_failed', { statusReason: 'generic delivery failure' }, 'failed'],
    ['delivery_failed', { statusReason: 'opted out' }, 'undeliverable'],
  ])('maps %s %j to %s', (status, extra, expected) => {
    const parsed = parseGet({ ...base, status, ...extra });
    expect(isParseError(parsed)).toBe(false);
    const [report] = parsed as StatusReport[];
    expect(report!.status).toBe(expected);
    expect(report!.providerMessageId).toBe(base.id);
    expect(report!.reference).toBe('msg-1');
    expect(report!.recipient).toBe('+31612345678');
    expect(report!.occurredAt).toEqual(new Date('2024-05-03T08:58:10Z'));
  });

  it('keeps the provider status, error code and reason', () => {
    expect(
      parseGet({
        ...base,
        status: 'delivery_failed',
        statusReason: 'unavailable subscriber',
        statusErrorCode: '27',
      }),
    ).toEqual([
      {
        providerMessageId: base.id,
        reference: 'msg-1',
        status: 'failed',
        providerStatus: 'delivery_failed: unavailable subscriber',
        errorCode: 27,
        errorReason: 'absent subscriber',
        occurredAt: new Date('2024-05-03T08:58:10Z'),
        recipient: '+31612345678',
      },
    ]);
  });

  it('reads the same report from a form POST and from a JSON POST', () => {
    const fields = { ...base, status: 'delivered', statusReason: 'successfully delivered' };
    const fromGet = parseGet(fields);
    const form = p.parseStatusCallback(
      request('POST', STATUS_URL, new URLSearchParams(fields).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    );
    const json = p.parseStatusCallback(
      request(
        'POST',
        STATUS_URL,
        JSON.stringify({ ...fields, recipient: 31612345678, mccmnc: '20408', ported: 0 }),
        { 'content-type': 'application/json; charset=utf-8' },
      ),
    );
    expect(form).toEqual(fromGet);
    expect(json).toEqual(fromGet);
  });

  it('leaves out group references, which are not message ids', () => {
    const [report] = parseGet({ ...base, reference: 'grp:m0', status: 'delivered' }) as StatusReport[];
    expect(report!.reference).toBeUndefined();
    expect(report!.recipient).toBe('+31612345678');
  });

  it.each([
    ['missing id', { ...base, id: '', status: 'sent' }, 'missing id'],
    ['unknown status', { ...base, status: 'teleported' }, "unknown status 'teleported'"],
    [
      'bad datetime',
      { ...base, status: 'sent', statusDatetime: 'yesterday' },
      "missing or invalid statusDatetime 'yesterday'",
    ],
    [
      'bad error code',
      { ...base, status: 'delivery_failed', statusErrorCode: 'x1' },
      "invalid statusErrorCode 'x1'",
    ],
  ])('returns a parse error for %s', (_label, fields, reason) => {
    expect(parseGet(fields)).toEqual({ kind: 'parse_error', reason });
  });

  it('returns a parse error for malformed JSON', () => {
    expect(
      p.parseStatusCallback(request('POST', STATUS_URL, '{"id":', { 'content-type': 'application/json' })),
    ).toEqual({ kind: 'parse_error', reason: 'body is not valid JSON' });
  });
});

describe('MessageBird incoming messages', () => {
  const p = provider();
  const INBOUND_URL = 'https://app.example.com/webhooks/sms/inbound';
  const fields = {
    id: 'e5b9ebc1ba314b56a3e4e2c2f0ab5b3d',
    originator: '31612345678',
    recipient: '3197010260188',
    body: 'STOP',
    createdDatetime: '2024-05-03T09:00:00+00:00',
  };
  const expected = {
    providerMessageId: fields.id,
    from: '+31612345678',
    to: '+3197010260188',
    body: 'STOP',
    receivedAt: new Date('2024-05-03T09:00:00Z'),
  };

  it('parses a GET, a form POST and a JSON POST, adding + to the originator', () => {
    const qs = new URLSearchParams(fields).toString();
    expect(p.parseInbound(request('GET', `${INBOUND_URL}?${qs}`))).toEqual(expected);
    expect(
      p.parseInbound(
        request('POST', INBOUND_URL, qs, { 'content-type': 'application/x-www-form-urlencoded' }),
      ),
    ).toEqual(expected);
    expect(
      p.parseInbound(
        request('POST', INBOUND_URL, JSON.stringify({ ...fields, originator: 31612345678 }), {
          'content-type': 'application/json',
        }),
      ),
    ).toEqual(expected);
  });

  it('accepts the legacy field names message, mid and receive_datetime', () => {
    const legacy = {
      mid: fields.id,
      originator: fields.originator,
      recipient: '3008',
      message: 'Hi there',
      receive_datetime: '20240503090000',
    };
    expect(
      p.parseInbound(request('GET', `${INBOUND_URL}?${new URLSearchParams(legacy).toString()}`)),
    ).toEqual({ ...expected, to: '3008', body: 'Hi there' });
  });

  it('refuses an originator that is not a phone number', () => {
    const qs = new URLSearchParams({ ...fields, originator: 'CarrierInfo' }).toString();
    expect(p.parseInbound(request('GET', `${INBOUND_URL}?${qs}`))).toEqual({
      kind: 'parse_error',
      reason: "originator 'CarrierInfo' is not a phone number",
    });
  });
});
