// The fan-out's render memo gives exactly what rendering each recipient gives, renders each distinct set of
// the values a template uses once, and never lets a value the template uses be shared by mistake.
import { createCampaignBodyCache, mentionedFields } from '../../../server/campaigns/render-cache.js';
import type { MergeVariables } from '../../../server/contracts/templates.js';
import { composeMessage, renderTemplate } from '../../../server/messaging/templates/index.js';
import { recipientLocale } from '../../../server/automations/recipient-locale.js';

const shop = { name: 'Bench Shop', senderId: 'BenchShop', countryCode: 'US' };
const templates = {
  en: 'Hi {{ subscriber.first_name | default: "there" }}, 20% off with {{ discount.code }} at {{ shop.name }}',
  fr: 'Bonjour {{ customer.first_name | default: "à vous" }}, -20% avec {{ discount.code }}',
};
const NAMES = ['Camille', 'Liam', null, 'Zoé', '  Léa ', 'Hugo'];
const COUNTRIES = ['US', 'FR', 'CA', null, 'DE', 'ES'];

function recipient(i: number) {
  const first = NAMES[i % NAMES.length]!;
  return {
    r: {
      phone: `+1212555${String(i).padStart(4, '0')}`,
      locale: i % 7 === 0 ? 'fr-CA' : null,
      country: COUNTRIES[i % COUNTRIES.length]!,
    },
    vars: {
      subscriber: { first_name: first, last_name: 'X', phone: `+1212555${String(i).padStart(4, '0')}` },
      customer: { first_name: first },
      shop: { name: shop.name, url: 'https://bench.myshopify.com' },
      discount: { code: i % 2 === 0 ? 'SPRING' : 'SPRING2', value: '20%' },
    } satisfies MergeVariables,
  };
}

function direct(r: ReturnType<typeof recipient>['r'], vars: MergeVariables): string {
  const locale = recipientLocale({ locale: r.locale, countryCode: r.country, phone: r.phone });
  const body = renderTemplate(locale === 'fr' ? templates.fr : templates.en, vars).trim();
  return composeMessage({
    kind: 'marketing',
    body,
    shopName: shop.name,
    senderId: shop.senderId,
    recipientCountry: r.country ?? shop.countryCode,
  }).text;
}

describe('campaign render memo', () => {
  it('gives what rendering each recipient gives, rendering each distinct combination once', () => {
    const cache = createCampaignBodyCache();
    for (let i = 0; i < 5000; i++) {
      const { r, vars } = recipient(i);
      expect(cache.compose(shop, r, cache.render(templates, r, vars))).toBe(direct(r, vars));
    }
    // 6 names x 2 codes x 2 languages at most, however many recipients.
    expect(cache.stats().renders).toBeLessThanOrEqual(24);
    expect(cache.stats().composes).toBeLessThan(100);
  });

  it('keys on every field the template uses (the phone makes each recipient distinct)', () => {
    const cache = createCampaignBodyCache();
    const own = { en: 'Your number {{ subscriber.phone }}, {{ subscriber.first_name }}' };
    const a = recipient(1);
    const b = recipient(7 * 6 + 1);
    expect(a.vars.subscriber.first_name).toBe(b.vars.subscriber.first_name);
    expect(cache.render(own, { ...a.r, locale: null }, a.vars)).toContain(a.r.phone);
    expect(cache.render(own, { ...b.r, locale: null }, b.vars)).toContain(b.r.phone);
    expect(cache.stats().renders).toBe(2);
  });

  it('does not memoise a template that could reach values another way', () => {
    expect(mentionedFields('{{ subscriber["first_name"] }}')).toBeNull();
    expect(mentionedFields('{% assign n = subscriber.first_name %}{{ n }}')).toBeNull();
    expect(mentionedFields('Hi {{ customer.first_name | default: "you" }} {{ shop.name }}')).toEqual([
      ['customer', 'first_name'],
      ['shop', 'name'],
    ]);
  });
});
