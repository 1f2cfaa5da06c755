// Simulator provider and provider registry. DLR callbacks are captured through the injected `post`
// and run through the real verification and parsing path.
import { createMessageBirdProvider } from '../../../../server/messaging/providers/messagebird/index.js';
import { createProviderRegistry } from '../../../../server/messaging/providers/registry.js';
import {
  createSimulatorProvider,
  type SimulatorProviderConfig,
} from '../../../../server/messaging/providers/simulator/index.js';
import {
  type OutboundSms,
  type ProviderRequest,
  type StatusReport,
  isParseError,
} from '../../../../server/messaging/providers/types.js';
import '../../../support/silence-logs.js';

const SIGNING_KEY = 'sim-signing-key';
const STATUS_URL = 'http://localhost:3000/webhooks/sms/status';

/** Deterministic PRNG (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns the given values in order, then fails the test if asked for more. */
function scripted(values: number[]): () => number {
  const queue = [...values];
  return () => {
    const next = queue.shift();
    if (next === undefined) throw new Error('scripted random exhausted');
    return next;
  };
}

function sms(messageId: string, to = '+31612345678', extra: Partial<OutboundSms> = {}): OutboundSms {
  return { messageId, to, from: 'MyShop', body: 'Hello', encoding: 'GSM-7', ...extra };
}

interface Posted {
  url: string;
  body: string;
  headers: Record<string, string>;
}

function simulator(config: Partial<SimulatorProviderConfig> = {}) {
  const posted: Posted[] = [];
  const provider = createSimulatorProvider({
    signingKey: SIGNING_KEY,
    post: async (url, body, headers) => {
      posted.push({ url, body, headers });
    },
    ...config,
  });
  return { provider, posted };
}

const asRequest = (p: {
  method?: string;
  url: string;
  body: string;
  headers: Record<string, string>;
}): ProviderRequest => ({
  method: p.method ?? 'POST',
  url: p.url,
  headers: Object.fromEntries(Object.entries(p.headers).map(([k, v]) => [k.toLowerCase(), v])),
  rawBody: Buffer.from(p.body, 'utf8'),
});

describe('simulator sending', () => {
  it('records every message it is given with its outcome, newest last, bounded by capacity', async () => {
    const { provider } = simulator({ capacity: 2 });
    const outcomes = await provider.send([sms('a'), sms('b', '+4915112345678'), sms('c', 'not-a-number')]);

    expect(outcomes[0]).toMatchObject({
      messageId: 'a',
      status: 'accepted',
      providerMessageId: expect.stringMatching(/^sim-[0-9a-f]{32}$/),
    });
    expect(outcomes[2]).toMatchObject({ messageId: 'c', status: 'rejected', code: 'invalid_recipient' });
    expect(provider.sent().map((r) => [r.message.messageId, r.outcome.status])).toEqual([
      ['b', 'accepted'],
      ['c', 'rejected'],
    ]);
    expect(provider.sent()[0]!.message).toEqual(sms('b', '+4915112345678'));
    provider.clear();
    expect(provider.sent()).toEqual([]);
  });

  it('fails and rejects according to the rates, driven by the injected random', async () => {
    const { provider } = simulator({
      failureRate: 0.2,
      rejectRate: 0.1,
      random: scripted([0.1, 0.25, 0.5, 0.1999, 0.31]),
    });
    const outcomes = await provider.send(['m1', 'm2', 'm3', 'm4', 'm5'].map((id) => sms(id)));
    expect(outcomes.map((o) => o.status)).toEqual([
      'transient',
      'rejected',
      'accepted',
      'transient',
      'accepted',
    ]);
    expect(outcomes[0]).toEqual({
      messageId: 'm1',
      status: 'transient',
      code: 'simulated_failure',
      reason: 'simulated transient failure',
    });
    expect(outcomes[1]).toEqual({
      messageId: 'm2',
      status: 'rejected',
      permanent: true,
      code: 'simulated_reject',
      reason: 'simulated permanent rejection',
    });
  });

  it('is reproducible with a seed and matches the configured rates over many messages', async () => {
    const batch = Array.from({ length: 10_000 }, (_, i) => sms(`m${i}`));
    const run = async () =>
      (
        await simulator({
          failureRate: 0.05,
          rejectRate: 0.02,
          random: seeded(7),
          capacity: 10,
        }).provider.send(batch)
      ).map((o) => o.status);
    const first = await run();
    expect(await run()).toEqual(first);
    const share = (s: string) => first.filter((x) => x === s).length / first.length;
    expect(share('transient')).toBeCloseTo(0.05, 1);
    expect(share('rejected')).toBeCloseTo(0.02, 1);
    expect(share('accepted')).toBeGreaterThan(0.9);
  });

  it('waits latencyMs before answering', async () => {
    const { provider } = simulator({ latencyMs: 50 });
    const started = Date.now();
    await provider.send([sms('a')]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('refuses impossible configuration', () => {
    expect(() => simulator({ failureRate: 0.7, rejectRate: 0.5 })).toThrow(/failureRate \+ rejectRate/);
    expect(() => simulator({ dlr: { enabled: true } })).toThrow(/statusUrl/);
    expect(() =>
      simulator({ dlr: { enabled: true, outcomes: { delivered: 0 } }, statusUrl: STATUS_URL }),
    ).toThrow(/weights/);
  });
});

describe('simulator DLRs', () => {
  it('posts one signed MessageBird-shaped status report per accepted message', async () => {
    const { provider, posted } = simulator({
      statusUrl: STATUS_URL,
      dlr: { enabled: true, delayMs: 5, outcomes: { delivered: 1, failed: 1, expired: 1 } },
      // three send rolls (all accepted), then one DLR roll per message: delivered, failed, expired
      random: scripted([0.9, 0.9, 0.9, 0.1, 0.5, 0.9]),
    });
    const outcomes = await provider.send([
      sms('a', '+31600000001'),
      sms('b', '+31600000002'),
      sms('c', '+31600000003'),
    ]);
    expect(posted).toEqual([]);
    await provider.drain();

    expect(posted).toHaveLength(3);
    // The production MessageBird provider, holding the same signing key, accepts them too.
    const messagebird = createMessageBirdProvider({
      accessKey: 'k',
      signingKey: SIGNING_KEY,
      reportUrl: STATUS_URL,
      timeoutMs: 1000,
    });
    const reports: StatusReport[] = [];
    for (const post of posted) {
      expect(post.url).toBe(STATUS_URL);
      expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded');
      const req = asRequest(post);
      await expect(provider.verify(req)).resolves.toEqual({
        ok: true,
        replayToken: expect.objectContaining({ jti: expect.any(String) }),
      });
      await expect(messagebird.verify(req)).resolves.toEqual({
        ok: true,
        replayToken: expect.objectContaining({ jti: expect.any(String) }),
      });
      const parsed = provider.parseStatusCallback(req);
      if (isParseError(parsed)) throw new Error(parsed.reason);
      reports.push(...parsed);
    }
    expect(reports.map((r) => [r.reference, r.recipient, r.status, r.providerStatus])).toEqual([
      ['a', '+31600000001', 'delivered', 'delivered: successfully delivered'],
      ['b', '+31600000002', 'failed', 'delivery_failed: generic delivery failure'],
      ['c', '+31600000003', 'expired', 'expired: expired'],
    ]);
    expect(reports.map((r) => r.providerMessageId)).toEqual(
      outcomes.map((o) => (o.status === 'accepted' ? o.providerMessageId : '')),
    );
    // Verification records nothing: the route records the token with its processing (replay-guard.ts).
    await expect(provider.verify(asRequest(posted[0]!))).resolves.toMatchObject({ ok: true });
    // lookup reflects the final status.
    await expect(provider.lookup!({ messageId: 'b' })).resolves.toMatchObject({
      status: 'failed',
      reference: 'b',
    });
    await expect(provider.lookup!({ messageId: 'zzz' })).resolves.toBe('not_found');
  });

  it('posts nothing for rejected or failed messages, or when DLRs are disabled', async () => {
    const withDlr = simulator({ statusUrl: STATUS_URL, dlr: { enabled: true }, rejectRate: 1 });
    await withDlr.provider.send([sms('a')]);
    await withDlr.provider.drain();
    expect(withDlr.posted).toEqual([]);

    const without = simulator({ statusUrl: STATUS_URL });
    await without.provider.send([sms('a')]);
    await without.provider.drain();
    expect(without.posted).toEqual([]);
  });

  it('cancels pending DLRs on close', async () => {
    const { provider, posted } = simulator({ statusUrl: STATUS_URL, dlr: { enabled: true, delayMs: 20 } });
    await provider.send([sms('a')]);
    provider.close();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(posted).toEqual([]);
  });
});

describe('simulator inbound signing', () => {
  const url = 'http://localhost:3000/webhooks/sms/inbound';

  it.each(['POST', 'GET'] as const)(
    'produces a %s request that verifies and parses like MessageBird traffic',
    async (method) => {
      const { provider } = simulator();
      const req = provider.signInbound({
        from: '+31612345678',
        to: '+3197010260188',
        body: 'STOP please',
        url,
        id: 'in-1',
        receivedAt: new Date('2024-05-03T09:00:00Z'),
        method,
      });
      const providerRequest = asRequest(req);
      expect(providerRequest.url.startsWith(url)).toBe(true);
      await expect(provider.verify(providerRequest)).resolves.toEqual({
        ok: true,
        replayToken: expect.objectContaining({ jti: expect.any(String) }),
      });
      expect(provider.parseInbound(providerRequest)).toEqual({
        providerMessageId: 'in-1',
        from: '+31612345678',
        to: '+3197010260188',
        body: 'STOP please',
        receivedAt: new Date('2024-05-03T09:00:00Z'),
      });
      // Tampering with the body or URL breaks the signature.
      const tampered =
        method === 'POST'
          ? { ...providerRequest, rawBody: Buffer.from(req.body.replace('STOP', 'START')) }
          : { ...providerRequest, url: providerRequest.url.replace('STOP', 'START') };
      await expect(provider.verify(tampered)).resolves.toMatchObject({ ok: false });
    },
  );
});

describe('provider registry', () => {
  const messagebird = {
    accessKey: 'k',
    signingKey: 's',
    reportUrl: STATUS_URL,
    timeoutMs: 1000,
  };

  it('picks the provider per shop, falls back to the default, and builds each once', () => {
    const registry = createProviderRegistry({
      default: 'messagebird',
      messagebird,
      simulator: { signingKey: SIGNING_KEY },
      perShop: { 'shop-local': 'simulator' },
    });
    expect(registry.forShop('shop-local').name).toBe('simulator');
    expect(registry.forShop('shop-other').name).toBe('messagebird');
    expect(registry.forShop('constructor').name).toBe('messagebird');
    expect(registry.forShop('shop-local')).toBe(registry.byName('simulator'));
    expect(registry.forShop('shop-a')).toBe(registry.forShop('shop-b'));
  });

  it('refuses at construction a default or shop mapping to a provider that is not configured', () => {
    expect(() =>
      createProviderRegistry({ default: 'messagebird', simulator: { signingKey: SIGNING_KEY } }),
    ).toThrow(/'messagebird' is not configured/);
    expect(() =>
      createProviderRegistry({
        default: 'simulator',
        simulator: { signingKey: SIGNING_KEY },
        perShop: { s: 'messagebird' },
      }),
    ).toThrow(/'messagebird' is not configured/);
    const registry = createProviderRegistry({ default: 'simulator', simulator: { signingKey: SIGNING_KEY } });
    expect(() => registry.byName('messagebird')).toThrow(/not configured/);
  });
});
