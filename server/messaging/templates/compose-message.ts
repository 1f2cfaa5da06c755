// Marketing messages = sender identification + body + opt-out footer. Transactional messages are the
// body alone (no marketing content, no footer requirement).
//
// - Prefix "<shop name>: " unless the sender ID already is the shop name (compared case-insensitively,
//   ignoring spaces and punctuation: sender IDs cannot carry "'" or "&") or the body already starts with
//   the shop name.
// - Footer "\n<opt-out hint>" in the recipient's language (opt-out-footer.ts), unless the body already
//   contains that exact hint.
import { assertNever } from '../../errors.js';
import type { TemplateKind } from '../../contracts/templates.js';
import { buildOptOutFooter, FOOTER_SEPARATOR } from './opt-out-footer.js';

export const PREFIX_SEPARATOR = ': ';

const comparable = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

/** True when recipients already see the shop's name as the sender. */
export function senderIdentifiesShop(senderId: string | null | undefined, shopName: string): boolean {
  const a = comparable(senderId ?? '');
  return a.length > 0 && a === comparable(shopName);
}

export interface SenderPrefixInput {
  shopName: string;
  senderId: string | null | undefined;
}

/** "Demo Store: ", or '' when the sender ID already is the shop name (or there is no shop name). */
export function buildSenderPrefix(input: SenderPrefixInput): string {
  const name = input.shopName.trim();
  if (!name || senderIdentifiesShop(input.senderId, name)) return '';
  return name + PREFIX_SEPARATOR;
}

export interface ComposeInput {
  kind: TemplateKind;
  /** The rendered template. */
  body: string;
  shopName: string;
  senderId: string | null | undefined;
  /** ISO 3166-1 alpha-2 country of the recipient (from the number or address); decides the footer's language. */
  recipientCountry: string | null | undefined;
  /** The shop's short code or number, shown in the French hint ("STOP au 36111"). */
  shopNumber?: string | null;
}

export interface ComposedMessage {
  text: string;
  /** What was put before the body ('' when nothing). */
  prefix: string;
  /** What was appended after the body, separator included ('' when nothing). */
  footer: string;
}

const startsWithName = (body: string, shopName: string): boolean =>
  shopName.trim() !== '' && body.trimStart().toLowerCase().startsWith(shopName.trim().toLowerCase());

const containsHint = (body: string, footer: string): boolean =>
  body.toLowerCase().includes(footer.slice(FOOTER_SEPARATOR.length).toLowerCase());

/** The prefix and footer a marketing body gets (empty for transactional), deciding as composeMessage does. */
export function composeParts(input: ComposeInput): { prefix: string; footer: string } {
  switch (input.kind) {
    case 'transactional':
      return { prefix: '', footer: '' };
    case 'marketing': {
      const prefix = startsWithName(input.body, input.shopName) ? '' : buildSenderPrefix(input);
      const footer = buildOptOutFooter({
        recipientCountry: input.recipientCountry,
        shopNumber: input.shopNumber,
        senderId: input.senderId,
      });
      return { prefix, footer: containsHint(input.body, footer) ? '' : footer };
    }
    default:
      return assertNever(input.kind, 'message kind');
  }
}

export function composeMessage(input: ComposeInput): ComposedMessage {
  const { prefix, footer } = composeParts(input);
  const body = input.kind === 'marketing' ? input.body.trim() : input.body;
  return { text: prefix + body + footer, prefix, footer };
}
