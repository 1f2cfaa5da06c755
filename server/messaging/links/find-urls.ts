// Finding and replacing links in a message body. A link is an http(s) URL up to the next space; trailing
// punctuation that ends a sentence (".", ",", "!", "?", ";", ":", quotes) and an unbalanced closing
// bracket are not part of it, so "Shop now: https://x.com/sale." links to https://x.com/sale.
import { assertNever } from '../../errors.js';
import type { TemplateKind } from '../../contracts/templates.js';

const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,!?;:'"`*]+$/;

function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    const stripped = url.replace(TRAILING, '');
    const last = stripped.at(-1);
    const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
    const open = last === undefined ? undefined : pairs[last];
    if (open !== undefined && stripped.split(open).length <= stripped.split(last!).length - 1) {
      url = stripped.slice(0, -1);
      continue;
    }
    return stripped;
  }
}

/** Each link in `text` with its position, in order. */
export function locateUrls(text: string): { url: string; index: number }[] {
  const out: { url: string; index: number }[] = [];
  for (const m of text.matchAll(URL_CANDIDATE)) {
    const url = trimUrl(m[0]);
    if (/^https?:\/\/[^/?#]+/i.test(url)) out.push({ url, index: m.index });
  }
  return out;
}

/** Distinct links in `text`, in order of first appearance. */
export function findUrls(text: string): string[] {
  return [...new Set(locateUrls(text).map((u) => u.url))];
}

/** Replaces every link found in `body` that has an entry in `map` (url → short URL); other text is untouched. */
export function rewriteLinks(
  body: string,
  map: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): string {
  const lookup = (url: string): string | undefined =>
    map instanceof Map
      ? map.get(url)
      : Object.hasOwn(map, url)
        ? (map as Record<string, string>)[url]
        : undefined;
  let out = '';
  let last = 0;
  for (const { url, index } of locateUrls(body)) {
    const replacement = lookup(url);
    if (replacement === undefined) continue;
    out += body.slice(last, index) + replacement;
    last = index + url.length;
  }
  return out + body.slice(last);
}

export interface TrackableUrlsInput {
  kind: TemplateKind;
  /** The rendered body. */
  body: string;
  /** Values of the URL merge fields used in this message (order.status_url, shipment.tracking_url, ...). */
  urlFieldValues: readonly string[];
  /** Whether the shop tracks the tracking/checkout links of its transactional messages. */
  trackTransactional: boolean;
}

/**
 * The links to shorten in a message: every link of a marketing message; in a transactional message only
 * the URL merge fields' links (tracking, checkout, order status), and only when the shop enabled it.
 */
export function trackableUrls(input: TrackableUrlsInput): string[] {
  const all = findUrls(input.body);
  switch (input.kind) {
    case 'marketing':
      return all;
    case 'transactional': {
      if (!input.trackTransactional) return [];
      const fromFields = new Set(input.urlFieldValues.flatMap((v) => findUrls(v)));
      return all.filter((u) => fromFields.has(u));
    }
    default:
      return assertNever(input.kind, 'message kind');
  }
}
