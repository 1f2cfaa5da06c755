// Provider faults for the simulator: wraps a simulator so chosen messages meet an outage (503), a
// 429 with Retry-After, a timeout after the provider took them (the uncertain case) or a permanent
// rejection (invalid number, blocked), on the app's clock. Faults answer exactly what the MessageBird
// provider answers for the same HTTP failure (error-mapping.ts), so the dispatcher sees production's
// outcomes. Every hand-off attempt is logged, so tests can check backoff and that nothing went twice.
import type { LookupRef, LookupResult, OutboundSms, SendOutcome, SmsProvider } from '../types.js';
import type { SimulatorProvider } from './simulator-provider.js';

/** Which messages a fault applies to (default: all). */
export type FaultMatch = (sms: OutboundSms) => boolean;

export type SimulatorFault =
  /** Every request fails with 503 while `from <= now < until`. */
  | { mode: 'outage'; from?: Date; until: Date; match?: FaultMatch }
  /** 429 with Retry-After (`retryAfterMs`) while `now < until`. */
  | { mode: 'rate_limit'; retryAfterMs: number; from?: Date; until: Date; match?: FaultMatch }
  /** The provider takes the message (records it, reports its delivery) but no answer comes back. */
  | { mode: 'timeout_after_accept'; match?: FaultMatch }
  /** A permanent verdict about the number, e.g. `invalid_recipient` or `blocked`. */
  | { mode: 'reject'; code: string; reason: string; match: FaultMatch };

export interface FaultAttempt {
  messageId: string;
  to: string;
  at: Date;
  /** What the dispatcher was told. */
  outcome: SendOutcome['status'];
  code?: string;
  /** Whether the provider really took it (accepted, or timed out after accepting). */
  taken: boolean;
}

export interface FaultySimulatorOptions {
  /** The app's clock: fault windows are read from it. */
  now: () => Date;
  faults?: readonly SimulatorFault[];
  /** false: the provider cannot be asked about a message (look-up unavailable), as after a MessageBird timeout. */
  lookup?: boolean;
}

export interface FaultySimulator extends SmsProvider {
  setFaults(faults: readonly SimulatorFault[]): void;
  /** Every hand-off attempt, in order. */
  attempts(): FaultAttempt[];
}

function active(fault: SimulatorFault, sms: OutboundSms, now: Date): boolean {
  if (fault.match && !fault.match(sms)) return false;
  switch (fault.mode) {
    case 'outage':
    case 'rate_limit':
      return (fault.from === undefined || fault.from <= now) && now < fault.until;
    case 'timeout_after_accept':
    case 'reject':
      return true;
  }
}

function faultOutcome(fault: SimulatorFault, sms: OutboundSms): SendOutcome | null {
  switch (fault.mode) {
    case 'outage':
      return {
        messageId: sms.messageId,
        status: 'transient',
        code: 'http_503',
        reason: 'Service Unavailable (simulated outage)',
      };
    case 'rate_limit':
      return {
        messageId: sms.messageId,
        status: 'transient',
        code: 'rate_limited',
        reason: 'Too Many Requests (simulated)',
        retryAfterMs: fault.retryAfterMs,
      };
    case 'reject':
      return {
        messageId: sms.messageId,
        status: 'rejected',
        permanent: true,
        code: fault.code,
        reason: fault.reason,
      };
    case 'timeout_after_accept':
      return null;
  }
}

export function withFaults(inner: SimulatorProvider, opts: FaultySimulatorOptions): FaultySimulator {
  let faults: readonly SimulatorFault[] = opts.faults ?? [];
  const log: FaultAttempt[] = [];

  async function send(batch: readonly OutboundSms[]): Promise<SendOutcome[]> {
    const now = opts.now();
    const outcomes = new Array<SendOutcome>(batch.length);
    const passOn: number[] = [];
    const timedOut = new Set<number>();
    batch.forEach((sms, i) => {
      const fault = faults.find((f) => active(f, sms, now));
      const outcome = fault ? faultOutcome(fault, sms) : null;
      if (outcome) outcomes[i] = outcome;
      else {
        passOn.push(i);
        if (fault?.mode === 'timeout_after_accept') timedOut.add(i);
      }
    });
    const answered = passOn.length > 0 ? await inner.send(passOn.map((i) => batch[i]!)) : [];
    passOn.forEach((i, k) => {
      const outcome = answered[k]!;
      outcomes[i] =
        timedOut.has(i) && outcome.status === 'accepted'
          ? {
              messageId: outcome.messageId,
              status: 'uncertain',
              code: 'timeout',
              reason: 'no response within the timeout (simulated; the provider took it)',
            }
          : outcome;
    });
    batch.forEach((sms, i) => {
      const outcome = outcomes[i]!;
      log.push({
        messageId: sms.messageId,
        to: sms.to,
        at: now,
        outcome: outcome.status,
        ...(outcome.status === 'accepted' ? {} : { code: outcome.code }),
        taken: outcome.status === 'accepted' || (timedOut.has(i) && outcome.status === 'uncertain'),
      });
    });
    return outcomes;
  }

  const lookup =
    opts.lookup === false || !inner.lookup
      ? undefined
      : (ref: LookupRef): Promise<LookupResult> => inner.lookup!(ref);

  return {
    name: inner.name,
    capabilities: inner.capabilities,
    send,
    verify: (req) => inner.verify(req),
    parseStatusCallback: (req) => inner.parseStatusCallback(req),
    parseInbound: (req) => inner.parseInbound(req),
    ...(lookup ? { lookup } : {}),
    setFaults(next) {
      faults = next;
    },
    attempts: () => log.map((a) => ({ ...a })),
  };
}
