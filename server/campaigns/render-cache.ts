// A campaign's message bodies, rendered once per distinct set of merge values (moved here from the dispatch
// benchmark). Rendering is pure (same template and values, same text), and in a real audience the values a
// promotional template uses repeat a lot (first names, a shared discount code, the footer's language), so
// the fan-out renders each distinct combination once and reuses the text. The key holds only the values the
// template mentions (`{{ customer.first_name }}` → that one field), so a field the template does not use
// (the phone, say) does not make every recipient distinct. Both memos are bounded (MEMO_LIMIT entries, then
// they start over): memory does not grow with the audience.
import type { CampaignTemplates } from '../contracts/campaigns.js';
import type { MergeVariables } from '../contracts/templates.js';
import { composeMessage, optOutLanguage, renderTemplate } from '../messaging/templates/index.js';
import { recipientLocale } from '../automations/recipient-locale.js';

export const MEMO_LIMIT = 20_000;

export interface RenderRecipient {
  phone: string;
  locale: string | null;
  country: string | null;
}

export interface RenderShop {
  name: string;
  senderId: string;
  countryCode: string;
}

export interface CampaignBodyCache {
  /** The template of the recipient's language rendered with `vars` (links not yet tracked), trimmed. */
  render(templates: CampaignTemplates, r: RenderRecipient, vars: MergeVariables): string;
  /** Shop prefix + body + opt-out footer in the language of the recipient's country. */
  compose(shop: RenderShop, r: RenderRecipient, body: string): string;
  /** Templates actually rendered and bodies actually composed (the rest came from the memos). */
  stats(): { renders: number; composes: number };
}

const FIELD = /\b([a-z_]+)\.([a-z_]+)\b/g;

/** The `root.field` paths a source mentions, or null when it may reach values another way (no memo then). */
export function mentionedFields(source: string): Array<[string, string]> | null {
  if (/\[|\{%-?\s*(assign|capture|for|include|render)\b/.test(source)) return null;
  const seen = new Map<string, [string, string]>();
  for (const m of source.matchAll(FIELD)) seen.set(`${m[1]}.${m[2]}`, [m[1]!, m[2]!]);
  return [...seen.values()];
}

function keyOf(fields: Array<[string, string]>, vars: MergeVariables): string {
  const scope = vars as Record<string, Record<string, unknown> | undefined>;
  let key = '';
  for (const [root, name] of fields) {
    const v = scope[root]?.[name];
    key += `\u0001${v === null || v === undefined ? '' : String(v)}`;
  }
  return key;
}

export function createCampaignBodyCache(): CampaignBodyCache {
  const fieldsBySource = new Map<string, Array<[string, string]> | null>();
  const bodies = new Map<string, string>();
  const composed = new Map<string, string>();
  let renders = 0;
  let composes = 0;
  const remember = (memo: Map<string, string>, key: string, value: string): void => {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, value);
  };
  return {
    render(templates, r, vars) {
      const locale = recipientLocale({ locale: r.locale, countryCode: r.country, phone: r.phone });
      const source = locale === 'fr' && templates.fr ? templates.fr : templates.en;
      let fields = fieldsBySource.get(source);
      if (fields === undefined) {
        fields = mentionedFields(source);
        if (fieldsBySource.size >= 100) fieldsBySource.clear();
        fieldsBySource.set(source, fields);
      }
      const key = fields === null ? null : `${source}\u0000${keyOf(fields, vars)}`;
      const hit = key === null ? undefined : bodies.get(key);
      if (hit !== undefined) return hit;
      renders++;
      const body = renderTemplate(source, vars).trim();
      if (key !== null) remember(bodies, key, body);
      return body;
    },
    compose(shop, r, body) {
      const key = `${optOutLanguage(r.country ?? shop.countryCode)}\u0000${body}`;
      const hit = composed.get(key);
      if (hit !== undefined) return hit;
      composes++;
      const text = composeMessage({
        kind: 'marketing',
        body,
        shopName: shop.name,
        senderId: shop.senderId,
        recipientCountry: r.country ?? shop.countryCode,
      }).text;
      remember(composed, key, text);
      return text;
    },
    stats: () => ({ renders, composes }),
  };
}
