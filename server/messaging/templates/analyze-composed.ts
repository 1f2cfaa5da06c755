// Length, encoding and segments of a template as it will be SENT: with the sender prefix and opt-out
// footer a marketing message gets (compose-message.ts), and with links at their tracked length when link
// tracking is on (every link of a marketing message, the URL fields of a transactional one when enabled).
import type { TemplateKind } from '../../contracts/templates.js';
import {
  analyzeTemplate,
  type FieldBounds,
  type KnownFields,
  type TemplateAnalysis,
} from '../template-analysis.js';
import { locateUrls } from '../links/find-urls.js';
import { SHORT_CODE_LENGTH, shortUrl, shortUrlLength } from '../links/short-codes.js';
import { composeParts } from './compose-message.js';
import { URL_FIELD_PATHS, defaultFieldBounds } from './merge-fields.js';

export interface ComposedTemplateInput {
  kind: TemplateKind;
  template: string;
  /** Bounds from the shop's audience; fields without any use the catalogue's typical lengths. */
  bounds?: Record<string, FieldBounds>;
  shopName: string;
  senderId: string | null | undefined;
  /** One recipient country: the footer's language depends on it (analyze once per audience country). */
  recipientCountry: string | null | undefined;
  shopNumber?: string | null;
  /** Tracking on: the base of the short links (`https://<app host>`). Unset: links are counted as written. */
  linkBaseUrl?: string | null;
  /** Transactional messages: whether the shop tracks their URL fields. */
  trackTransactionalLinks?: boolean;
  /** Fields known to be absent or present (a flow's discount), so `{% if %}` branches that cannot render are not counted. */
  knownFields?: KnownFields;
}

const TAG_OR_OUTPUT = /(\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\})/;

/** Replaces literal links in the template's text (not inside tags) with a placeholder of the short link's length. */
function shortenLiteralLinks(template: string, length: number): string {
  return template
    .split(TAG_OR_OUTPUT)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      let out = '';
      let last = 0;
      for (const { url, index } of locateUrls(part)) {
        out += part.slice(last, index) + 'x'.repeat(length);
        last = index + url.length;
      }
      return out + part.slice(last);
    })
    .join('');
}

export function analyzeComposedTemplate(input: ComposedTemplateInput): TemplateAnalysis {
  const { prefix, footer } = composeParts({ ...input, body: input.template });
  // The shop's own name is known: `{{ shop.name }}` renders exactly it (a range would call a plain-ASCII
  // message "variable" and count segments it can never have).
  const bounds: Record<string, FieldBounds> = {
    ...defaultFieldBounds(),
    'shop.name': { values: [input.shopName] },
    ...input.bounds,
  };
  let template = input.kind === 'marketing' ? input.template.trim() : input.template;
  const tracked = input.linkBaseUrl && (input.kind === 'marketing' || input.trackTransactionalLinks === true);
  if (tracked) {
    const length = shortUrlLength(input.linkBaseUrl!);
    // A short URL is ASCII letters, digits and the base's characters: known exactly.
    const link = shortUrl(input.linkBaseUrl!, 'x'.repeat(SHORT_CODE_LENGTH));
    for (const path of URL_FIELD_PATHS) bounds[path] = { values: [link] };
    if (input.kind === 'marketing') template = shortenLiteralLinks(template, length);
  }
  return analyzeTemplate(template, bounds, { prefix, footer, knownFields: input.knownFields });
}
