// One campaign message as sent: the template of the recipient's language (and A/B variant) rendered with
// their values, links replaced by tracked short links (UTM for links to the shop's own site, unless turned
// off), then the shop prefix and opt-out footer of every marketing message.
import type { CampaignRecord } from './campaign-repository.js';
import type { CampaignTemplates } from '../contracts/campaigns.js';
import type { MergeVariables } from '../contracts/templates.js';
import { recipientLocale } from '../automations/recipient-locale.js';
import type { UtmParams } from '../messaging/links/index.js';
import { composeMessage, renderTemplate } from '../messaging/templates/index.js';
import type { CampaignShop } from './campaign-shop.js';

export interface Recipient {
  subscriberId: string;
  phone: string;
  locale: string | null;
  country: string | null;
  firstName: string | null;
  lastName: string | null;
}

/** The templates a recipient of `variant` gets: the variant's own in a content test, else the campaign's. */
export function templatesFor(
  campaign: Pick<CampaignRecord, 'message' | 'ab'>,
  variant: string | null,
): CampaignTemplates {
  if (variant && campaign.ab?.kind === 'content') {
    const own = campaign.ab.variants.find((v) => v.key === variant)?.templates;
    if (own) return own;
  }
  return campaign.message.templates;
}

/** Minutes after the start a recipient of `variant` gets it (send-time tests), else 0. */
export function variantDelayMinutes(campaign: Pick<CampaignRecord, 'ab'>, variant: string | null): number {
  if (!variant || campaign.ab?.kind !== 'send_time') return 0;
  return campaign.ab.variants.find((v) => v.key === variant)?.sendDelayMinutes ?? 0;
}

export function recipientVariables(
  shop: CampaignShop,
  r: Recipient,
  discount: { code: string; value: string | null } | null,
): MergeVariables {
  return {
    subscriber: { first_name: r.firstName, last_name: r.lastName, phone: r.phone },
    customer: { first_name: r.firstName, last_name: r.lastName },
    shop: { name: shop.name, url: `https://${shop.domain}` },
    ...(discount ? { discount: { code: discount.code, value: discount.value } } : {}),
  };
}

/** The rendered template (links not yet tracked). */
export function renderFor(templates: CampaignTemplates, r: Recipient, vars: MergeVariables): string {
  const locale = recipientLocale({ locale: r.locale, countryCode: r.country, phone: r.phone });
  const source = locale === 'fr' && templates.fr ? templates.fr : templates.en;
  return renderTemplate(source, vars).trim();
}

export function composeFor(shop: CampaignShop, r: Recipient, body: string): string {
  return composeMessage({
    kind: 'marketing',
    body,
    shopName: shop.name,
    senderId: shop.senderId,
    recipientCountry: r.country ?? shop.countryCode,
  }).text;
}

/** True for the shop's own domain (its myshopify domain, with or without www). */
export function isShopUrl(url: string, shopDomain: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  const domain = shopDomain.toLowerCase();
  return host === domain || host === `www.${domain}`;
}

/** utm_source=sms, utm_medium=sms, utm_campaign=<slug> for links to the shop's site when UTM is on; none otherwise. */
export function campaignUtm(url: string, shopDomain: string, slug: string, utmOn: boolean): UtmParams {
  return utmOn && isShopUrl(url, shopDomain)
    ? { medium: 'sms', campaign: slug }
    : { medium: 'sms', off: true };
}
