// A provider for local mode and tests. It validates like MessageBird, records what it is given,
// fails or rejects at configured rates (seedable `random`), and, when DLRs are enabled, posts
// signed MessageBird-shaped status reports to our status webhook. Verification and parsing are the
// MessageBird code, so the simulator exercises exactly the production webhook path.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../errors.js';
import { logger } from '../../../logger.js';
import { MAX_RECIPIENTS_PER_REQUEST, validateOutbound } from '../messagebird/send-plan.js';
import { createSignatureVerifier } from '../messagebird/signature-verify.js';
import { parseMessageBirdInbound, parseMessageBirdStatusCallback } from '../messagebird/webhook-parsing.js';
import type {
  DeliveryStatus,
  LookupRef,
  LookupResult,
  OutboundSms,
  SendOutcome,
  SmsProvider,
} from '../types.js';
import { createHandoffLog } from './handoff-log.js';
import { createRingBuffer } from './ring-buffer.js';
import {
  type DlrInput,
  type InboundInput,
  type SignedWebhookRequest,
  buildDlrRequest,
  buildInboundRequest,
} from './signed-webhooks.js';

export type PostFn = (url: string, body: string, headers: Record<string, string>) => Promise<void>;

export interface SimulatorDlrConfig {
  enabled: boolean;
  delayMs?: number;
  /** Relative weights of final outcomes; default all delivered. */
  outcomes?: { delivered?: number; failed?: number; expired?: number };
}

export interface SimulatorProviderConfig {
  latencyMs?: number;
  /** Share of messages answered with a transient failure. */
  failureRate?: number;
  /** Share of messages answered with a permanent rejection. */
  rejectRate?: number;
  dlr?: SimulatorDlrConfig;
  /** Our status webhook; required when DLRs are enabled. */
  statusUrl?: string;
  signingKey: string;
  random?: () => number;
  post?: PostFn;
  /** How many recorded messages to keep; default 1000. */
  capacity?: number;
  now?: () => Date;
  /** A file every accepted message is appended to and look-ups consult (handoff-log.ts); shared by processes. */
  handoffLog?: string;
}

export interface SimulatedMessage {
  message: OutboundSms;
  outcome: SendOutcome;
  at: Date;
  /** Final status after the simulated DLR was emitted. */
  dlr?: { status: DeliveryStatus; at: Date };
}

export interface SimulatorProvider extends SmsProvider {
  readonly name: 'simulator';
  sent(): SimulatedMessage[];
  clear(): void;
  signInbound(input: InboundInput): SignedWebhookRequest;
  /** Resolves when every scheduled DLR has been posted. */
  drain(): Promise<void>;
  /** Cancels DLRs not yet posted. */
  close(): void;
}

const log = logger.child({ provider: 'simulator' });

const DLR_SHAPES = {
  delivered: { status: 'delivered', statusReason: 'successfully delivered', ours: 'delivered' },
  failed: { status: 'delivery_failed', statusReason: 'generic delivery failure', ours: 'failed' },
  expired: { status: 'expired', statusReason: 'expired', ours: 'expired' },
} as const satisfies Record<
  string,
  { status: DlrInput['status']; statusReason: string; ours: DeliveryStatus }
>;
type DlrKind = keyof typeof DLR_SHAPES;

const defaultPost: PostFn = async (url, body, headers) => {
  const res = await fetch(url, { method: 'POST', body, headers });
  if (!res.ok) throw new Error(`status webhook answered ${res.status}`);
};

function assertRate(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0 && value <= 1))
    throw new AppError({
      code: 'config_invalid',
      message: `simulator ${name} must be within [0, 1], got ${value}`,
    });
}

export function createSimulatorProvider(config: SimulatorProviderConfig): SimulatorProvider {
  const {
    latencyMs = 0,
    failureRate = 0,
    rejectRate = 0,
    random = Math.random,
    post = defaultPost,
    capacity = 1000,
  } = config;
  const now = config.now ?? (() => new Date());
  assertRate('failureRate', failureRate);
  assertRate('rejectRate', rejectRate);
  assertRate('failureRate + rejectRate', failureRate + rejectRate);
  const dlrEnabled = config.dlr?.enabled === true;
  const weights: [DlrKind, number][] = [
    ['delivered', config.dlr?.outcomes?.delivered ?? (config.dlr?.outcomes ? 0 : 1)],
    ['failed', config.dlr?.outcomes?.failed ?? 0],
    ['expired', config.dlr?.outcomes?.expired ?? 0],
  ];
  const weightSum = weights.reduce((sum, [, w]) => sum + w, 0);
  if (dlrEnabled) {
    if (!config.statusUrl || !URL.canParse(config.statusUrl))
      throw new AppError({
        code: 'config_invalid',
        message: 'simulator statusUrl must be an absolute URL when DLRs are enabled',
      });
    if (weights.some(([, w]) => !(Number.isFinite(w) && w >= 0)) || weightSum <= 0)
      throw new AppError({
        code: 'config_invalid',
        message: 'simulator DLR outcome weights must be non-negative with a positive sum',
      });
  }
  const verify = createSignatureVerifier({
    signingKey: config.signingKey,
    now,
  });
  const records = createRingBuffer<SimulatedMessage>(capacity);
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const handoffs = config.handoffLog ? createHandoffLog(config.handoffLog) : null;

  function pickDlr(): DlrKind {
    let roll = random() * weightSum;
    for (const [kind, weight] of weights) {
      if (roll < weight) return kind;
      roll -= weight;
    }
    return weights.filter(([, w]) => w > 0).at(-1)![0];
  }

  async function emitDlr(record: SimulatedMessage, providerMessageId: string): Promise<void> {
    const kind = pickDlr();
    const shape = DLR_SHAPES[kind];
    const at = now();
    const request = buildDlrRequest(
      config.statusUrl!,
      {
        providerMessageId,
        reference: record.message.messageId,
        recipient: record.message.to,
        status: shape.status,
        statusReason: shape.statusReason,
        at,
      },
      config.signingKey,
      at,
    );
    record.dlr = { status: shape.ours, at };
    try {
      await post(request.url, request.body, request.headers);
    } catch (err) {
      log.warn({ err, providerMessageId }, 'simulator could not post DLR');
    }
  }

  function scheduleDlr(record: SimulatedMessage, providerMessageId: string): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      const done = emitDlr(record, providerMessageId).finally(() => inFlight.delete(done));
      inFlight.add(done);
    }, config.dlr?.delayMs ?? 0);
    timer.unref();
    timers.add(timer);
  }

  function decide(sms: OutboundSms): SendOutcome {
    const invalid = validateOutbound(sms);
    if (invalid) return invalid;
    const roll = random();
    if (roll < failureRate)
      return {
        messageId: sms.messageId,
        status: 'transient',
        code: 'simulated_failure',
        reason: 'simulated transient failure',
      };
    if (roll < failureRate + rejectRate)
      return {
        messageId: sms.messageId,
        status: 'rejected',
        permanent: true,
        code: 'simulated_reject',
        reason: 'simulated permanent rejection',
      };
    return {
      messageId: sms.messageId,
      status: 'accepted',
      providerMessageId: `sim-${randomUUID().replaceAll('-', '')}`,
    };
  }

  async function send(batch: readonly OutboundSms[]): Promise<SendOutcome[]> {
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const outcomes = batch.map((sms) => {
      const outcome = decide(sms);
      const record: SimulatedMessage = { message: { ...sms }, outcome, at: now() };
      records.push(record);
      if (outcome.status === 'accepted' && dlrEnabled) scheduleDlr(record, outcome.providerMessageId);
      return outcome;
    });
    handoffs?.append(outcomes.flatMap((o) => (o.status === 'accepted' ? [o] : [])));
    return outcomes;
  }

  async function lookup(ref: LookupRef): Promise<LookupResult> {
    const match = records
      .toArray()
      .reverse()
      .find(
        (r) =>
          r.outcome.status === 'accepted' &&
          (ref.providerMessageId
            ? r.outcome.providerMessageId === ref.providerMessageId
            : r.message.messageId === ref.messageId),
      );
    if (!match || match.outcome.status !== 'accepted') {
      const providerMessageId = handoffs?.find(ref.messageId);
      if (providerMessageId)
        return {
          providerMessageId,
          reference: ref.messageId,
          status: 'sent',
          providerStatus: 'sent',
          occurredAt: now(),
          recipient: ref.to,
        };
      if (handoffs) return 'not_found';
      return records.total > capacity ? 'unknown' : 'not_found';
    }
    const status = match.dlr?.status ?? 'sent';
    return {
      providerMessageId: match.outcome.providerMessageId,
      reference: match.message.messageId,
      status,
      providerStatus: status,
      occurredAt: match.dlr?.at ?? match.at,
      recipient: match.message.to,
    };
  }

  async function drain(): Promise<void> {
    while (timers.size > 0 || inFlight.size > 0) {
      if (inFlight.size > 0) await Promise.all([...inFlight]);
      else await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  function close(): void {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  }

  return Object.freeze({
    name: 'simulator' as const,
    capabilities: Object.freeze({
      maxRecipientsPerRequest: MAX_RECIPIENTS_PER_REQUEST,
      unicode: true,
      lookupByReference: true,
    }),
    send,
    verify,
    parseStatusCallback: parseMessageBirdStatusCallback,
    parseInbound: parseMessageBirdInbound,
    lookup,
    sent: () => records.toArray().map((r) => ({ ...r, message: { ...r.message } })),
    clear: () => records.clear(),
    signInbound: (input: InboundInput) => buildInboundRequest(input, config.signingKey, now()),
    drain,
    close,
  });
}
