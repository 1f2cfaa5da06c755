// The live analysis of a flow's template in one locale: validation against the flow's merge fields, then
// length, encoding and segment range as sent (marketing prefix and opt-out footer included, links at their
// tracked short length), the estimated cost per send, and a preview rendered with example values (the
// discount code only when the flow's discount option is on). The length, segments and cost count an
// `{% if discount.code %}` branch only when the option is on (and its `{% else %}` only when it is off).
import type { AppContext } from '../app-context.js';
import type {
  AutomationDiscountOption,
  AutomationLocale,
  AutomationTemplateAnalysisResult,
  PreviewDiscount,
} from '../contracts/automations.js';
import { MERGE_FIELD_CATALOGUE, type MergeFieldGroup, type MergeVariables } from '../contracts/templates.js';
import { SHORT_CODE_LENGTH, shortUrl } from '../messaging/links/index.js';
import { formatMicrosAsUsd, pricePerSegment } from '../messaging/pricing.js';
import {
  analyzeComposedTemplate,
  composeMessage,
  exampleVariables,
  renderTemplate,
  validateTemplate,
} from '../messaging/templates/index.js';
import type { AutomationShop } from './automation-sender.js';
import { discountGuardIssues } from './discount-guard.js';
import type { FlowDefinition } from './flow-definitions.js';
import { linkBaseUrl } from './public-url.js';

const FRENCH_COUNTRIES = new Set(['FR', 'BE', 'MC', 'LU']);

/** The country a locale's analysis is made for: the shop's own when it speaks that language, else a typical one. */
export function analysisCountry(shopCountry: string, locale: AutomationLocale): string {
  const french = FRENCH_COUNTRIES.has(shopCountry) || shopCountry === 'CA';
  if (locale === 'fr') return french ? shopCountry : 'FR';
  return french && shopCountry !== 'CA' ? 'GB' : shopCountry;
}

export function flowMergeFields(def: FlowDefinition): MergeFieldGroup[] {
  return MERGE_FIELD_CATALOGUE.filter((g) => def.roots.includes(g.root)).map((g) => ({
    ...g,
    fields: [...g.fields],
  }));
}

/**
 * Example values of the flow's fields, with the shop's own name and address. The discount values are there
 * only when the discount option is on (worth its percentage), as in the messages really sent: with it off a
 * `{% if discount.code %}` sentence is left out.
 */
export function previewVariables(
  def: FlowDefinition,
  shop: AutomationShop,
  discount: AutomationDiscountOption | null,
): MergeVariables {
  const all = exampleVariables() as Record<string, Record<string, string>>;
  const picked: Record<string, Record<string, string>> = {};
  for (const root of def.roots) if (all[root]) picked[root] = { ...all[root] };
  if (picked.shop) picked.shop = { name: shop.name, url: `https://${shop.domain}` };
  if (picked.discount) {
    if (discount?.enabled === true)
      picked.discount = { ...picked.discount, value: `${discount.percentage}%` };
    else delete picked.discount;
  }
  return picked;
}

/** The discount option a preview or test send uses: the editor's (unsaved) one over the saved one. */
export function effectiveDiscount(
  saved: AutomationDiscountOption | null,
  editor: PreviewDiscount | undefined,
): AutomationDiscountOption | null {
  if (saved === null || editor === undefined) return saved;
  return { enabled: editor.enabled, percentage: editor.percentage ?? saved.percentage };
}

export function analyzeFlowTemplate(
  app: Pick<AppContext, 'publicUrl'>,
  def: FlowDefinition,
  shop: AutomationShop & { pricesMicros?: Record<string, number> },
  template: string,
  locale: AutomationLocale,
  discount: AutomationDiscountOption | null,
): AutomationTemplateAnalysisResult {
  const validation = validateTemplate(template, { kind: def.kind, allowedRoots: def.roots });
  if (!validation.ok) return { valid: false, errors: validation.errors };
  const unguarded = discountGuardIssues(template, discount === null ? null : discount.enabled);
  if (unguarded.length > 0) return { valid: false, errors: unguarded };
  const country = analysisCountry(shop.countryCode, locale);
  const base = linkBaseUrl(app);
  const analysis = analyzeComposedTemplate({
    kind: def.kind,
    template,
    shopName: shop.name,
    senderId: shop.senderId,
    recipientCountry: country,
    linkBaseUrl: base,
    trackTransactionalLinks: true,
    knownFields: discount === null ? {} : { discount: discount.enabled ? 'present' : 'absent' },
  });
  const price = pricePerSegment(country, shop.pricesMicros ?? {});
  const vars = previewVariables(def, shop, discount) as Record<string, Record<string, string>>;
  const exampleLink = shortUrl(base, 'aB3dE5gH9kLm'.slice(0, SHORT_CODE_LENGTH));
  for (const [root, fields] of Object.entries(vars)) {
    for (const name of Object.keys(fields)) if (/url$/.test(name)) fields[name] = exampleLink;
    vars[root] = fields;
  }
  const body = renderTemplate(template, vars);
  const preview = composeMessage({
    kind: def.kind,
    body,
    shopName: shop.name,
    senderId: shop.senderId,
    recipientCountry: country,
  }).text;
  const unicode = analysis.suggestions.flatMap((s) =>
    s.kind === 'unicode-in-text'
      ? s.characters
      : s.kind === 'replace-characters'
        ? s.replacements.map((r) => r.char)
        : [],
  );
  return {
    valid: true,
    analysis: {
      minLength: analysis.minLength,
      maxLength: analysis.maxLength,
      encoding: analysis.encoding,
      minSegments: analysis.minSegments,
      maxSegments: analysis.maxSegments,
      exact: analysis.exact,
      fields: validation.fields,
      unicodeCharacters: [...new Set(unicode)],
      cost: {
        country: price.country,
        microsPerSegment: price.microsPerSegment,
        minMicros: price.microsPerSegment * analysis.minSegments,
        maxMicros: price.microsPerSegment * analysis.maxSegments,
        minUsd: formatMicrosAsUsd(price.microsPerSegment * analysis.minSegments),
        maxUsd: formatMicrosAsUsd(price.microsPerSegment * analysis.maxSegments),
      },
      preview,
    },
  };
}
