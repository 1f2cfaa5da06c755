// A test SMS provider that records every accepted message as a line in a file, so sends survive
// the death of the process that made them, and answers look-ups from that file (like a real
// provider that knows what it accepted). `crashAfter` makes send() accept that many messages of
// the batch and then kill the process, as a worker dying mid-batch would.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type {
  LookupRef,
  LookupResult,
  OutboundSms,
  SendOutcome,
  SmsProvider,
} from '../../../../server/messaging/providers/types.js';

export function readSentIds(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

export function createFileProvider(
  file: string,
  opts: { crashAfter?: number; lookup?: boolean } = {},
): SmsProvider {
  const provider: SmsProvider = {
    name: 'simulator',
    capabilities: { maxRecipientsPerRequest: 50, unicode: true, lookupByReference: true },
    async send(batch: readonly OutboundSms[]): Promise<SendOutcome[]> {
      return batch.map((sms, i) => {
        if (opts.crashAfter !== undefined && i === opts.crashAfter) process.exit(17);
        appendFileSync(file, `${sms.messageId}\n`);
        return { messageId: sms.messageId, status: 'accepted', providerMessageId: `file-${sms.messageId}` };
      });
    },
    verify: async () => ({ ok: false, reason: 'not used' }),
    parseStatusCallback: () => ({ kind: 'parse_error', reason: 'not used' }),
    parseInbound: () => ({ kind: 'parse_error', reason: 'not used' }),
  };
  if (opts.lookup === false) return provider;
  return {
    ...provider,
    async lookup(ref: LookupRef): Promise<LookupResult> {
      if (!readSentIds(file).includes(ref.messageId)) return 'not_found';
      return {
        providerMessageId: `file-${ref.messageId}`,
        reference: ref.messageId,
        status: 'sent',
        providerStatus: 'sent',
        occurredAt: new Date(),
        recipient: ref.to,
      };
    },
  };
}
