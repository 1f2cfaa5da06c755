// MessageBird SMS provider: sends through the official SDK, verifies and parses its webhooks.
// Built once from credentials; the returned object is frozen. Grouping of identical bodies and
// the DLR mapping that follows from it are described in send-plan.ts.
import type { MessageParameters } from 'messagebird';
import { AppError } from '../../../errors.js';
import { logger } from '../../../logger.js';
import {
  type LookupRef,
  type LookupResult,
  type OutboundSms,
  type SendOutcome,
  type SmsProvider,
  isParseError,
} from '../types.js';
import { classifyFailure, outcomeFromVerdict } from './error-mapping.js';
import { mapLimited } from './map-limited.js';
import { createMessageBirdClient } from './sdk-client.js';
import {
  MAX_RECIPIENTS_PER_REQUEST,
  type SendGroup,
  msisdn,
  planGroups,
  referenceFor,
  validateOutbound,
} from './send-plan.js';
import { createSignatureVerifier } from './signature-verify.js';
import {
  messageIdFromReference,
  parseMessageBirdInbound,
  parseMessageBirdStatusCallback,
  toStatusReport,
} from './webhook-parsing.js';

export interface MessageBirdProviderConfig {
  accessKey: string;
  /** Webhook signing key (Developers → Settings); not the access key. */
  signingKey: string;
  /** Absolute URL of our status-report webhook, sent as `reportUrl` with every message. */
  reportUrl: string;
  /** Hard deadline per API call. */
  timeoutMs: number;
  /** Parallel API calls per send(); default 4. */
  concurrency?: number;
  now?: () => Date;
}

const log = logger.child({ provider: 'messagebird' });

type Indexed = readonly [index: number, outcome: SendOutcome];

function assertConfig(config: MessageBirdProviderConfig): void {
  const problems: string[] = [];
  if (config.accessKey.trim() === '') problems.push('accessKey is empty');
  if (config.signingKey.trim() === '') problems.push('signingKey is empty');
  if (!URL.canParse(config.reportUrl) || !/^https?:$/.test(new URL(config.reportUrl).protocol))
    problems.push('reportUrl must be an absolute http(s) URL');
  if (!(Number.isFinite(config.timeoutMs) && config.timeoutMs > 0))
    problems.push('timeoutMs must be positive');
  if (problems.length > 0)
    throw new AppError({ code: 'config_invalid', message: `MessageBird provider: ${problems.join('; ')}` });
}

export function createMessageBirdProvider(config: MessageBirdProviderConfig): SmsProvider {
  assertConfig(config);
  const client = createMessageBirdClient({ accessKey: config.accessKey, timeoutMs: config.timeoutMs });
  const verify = createSignatureVerifier({
    signingKey: config.signingKey,
    now: config.now,
  });
  const concurrency = config.concurrency ?? 4;

  async function sendGroup(group: SendGroup, batch: readonly OutboundSms[]): Promise<Indexed[]> {
    const params: MessageParameters = {
      originator: group.originator,
      body: group.body,
      recipients: group.indexes.map((i) => msisdn(batch[i]!.to)),
      datacoding: group.datacoding,
      reference: referenceFor(group, batch),
      reportUrl: config.reportUrl,
      ...(group.validitySeconds === undefined ? {} : { validity: group.validitySeconds }),
    };
    const result = await client.createMessage(params);
    if (result.ok) {
      const id: unknown = result.data.id;
      if (typeof id !== 'string' || id === '') {
        log.warn(
          { recipients: group.indexes.length },
          'MessageBird accepted a request without returning a message id',
        );
        return group.indexes.map(
          (i) =>
            [
              i,
              {
                messageId: batch[i]!.messageId,
                status: 'transient',
                code: 'bad_response',
                reason: 'response carried no message id',
              },
            ] as const,
        );
      }
      const items: unknown = result.data.recipients?.items;
      const listed = Array.isArray(items)
        ? new Set(items.map((it: { recipient?: unknown }) => String(it.recipient)))
        : undefined;
      return group.indexes.map((i): Indexed => {
        const sms = batch[i]!;
        if (listed && !listed.has(msisdn(sms.to))) {
          return [
            i,
            {
              messageId: sms.messageId,
              status: 'rejected',
              permanent: true,
              code: 'recipient_not_accepted',
              reason: 'MessageBird did not list this recipient in the created message',
            },
          ];
        }
        return [i, { messageId: sms.messageId, status: 'accepted', providerMessageId: id }];
      });
    }
    const verdict = classifyFailure(result.failure, group.indexes.length);
    if (verdict.kind === 'split') {
      const singles = await mapLimited(group.indexes, concurrency, (i) =>
        sendGroup({ ...group, indexes: [i] }, batch),
      );
      return singles.flat();
    }
    log.warn(
      { code: verdict.code, kind: verdict.kind, recipients: group.indexes.length, reason: verdict.reason },
      'MessageBird send failed',
    );
    return group.indexes.map((i) => [i, outcomeFromVerdict(batch[i]!.messageId, verdict)] as const);
  }

  async function send(batch: readonly OutboundSms[]): Promise<SendOutcome[]> {
    const outcomes = new Array<SendOutcome | undefined>(batch.length);
    const valid: number[] = [];
    batch.forEach((sms, i) => {
      const rejection = validateOutbound(sms);
      if (rejection) outcomes[i] = rejection;
      else valid.push(i);
    });
    const perGroup = await mapLimited(planGroups(batch, valid), concurrency, (group) =>
      sendGroup(group, batch),
    );
    for (const [i, outcome] of perGroup.flat()) outcomes[i] = outcome;
    return outcomes.map((outcome, i) => {
      if (!outcome)
        throw new AppError({
          code: 'provider_bug',
          message: `no outcome for message ${batch[i]!.messageId}`,
        });
      return outcome;
    });
  }

  async function lookup(ref: LookupRef): Promise<LookupResult> {
    // MessageBird cannot search by reference; without its id we cannot tell.
    if (!ref.providerMessageId) return 'unknown';
    const result = await client.readMessage(ref.providerMessageId);
    if (!result.ok) {
      const f = result.failure;
      if (f.kind === 'api' && (f.statusCode === 404 || f.errors.some((e) => e.code === 20)))
        return 'not_found';
      return 'unknown';
    }
    const message = result.data as unknown as {
      id?: unknown;
      reference?: unknown;
      recipients?: { items?: unknown };
    };
    const reference =
      typeof message.reference === 'string' ? messageIdFromReference(message.reference) : undefined;
    if (reference !== undefined && reference !== ref.messageId) {
      log.warn(
        { providerMessageId: ref.providerMessageId },
        'MessageBird message reference does not match our message id',
      );
      return 'unknown';
    }
    const items = (Array.isArray(message.recipients?.items) ? message.recipients.items : []) as Record<
      string,
      unknown
    >[];
    const item =
      ref.to !== undefined
        ? items.find((it) => String(it.recipient) === msisdn(ref.to!))
        : items.length === 1
          ? items[0]
          : undefined;
    if (!item) return ref.to !== undefined && items.length > 0 ? 'not_found' : 'unknown';
    const str = (v: unknown): string | undefined =>
      typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
    const report = toStatusReport({
      id: String(message.id),
      reference: typeof message.reference === 'string' ? message.reference : undefined,
      recipient: str(item.recipient),
      status: str(item.status) ?? '',
      statusReason: str(item.statusReason),
      statusErrorCode: str(item.statusErrorCode),
      statusDatetime: str(item.statusDatetime),
    });
    return isParseError(report) ? 'unknown' : report;
  }

  return Object.freeze({
    name: 'messagebird' as const,
    capabilities: Object.freeze({
      maxRecipientsPerRequest: MAX_RECIPIENTS_PER_REQUEST,
      unicode: true,
      lookupByReference: false,
    }),
    send,
    verify,
    parseStatusCallback: parseMessageBirdStatusCallback,
    parseInbound: parseMessageBirdInbound,
    lookup,
  });
}
