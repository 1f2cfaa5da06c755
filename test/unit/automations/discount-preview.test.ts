// The discount code is optional: with a flow's discount option off, neither the preview, nor the analysis,
// nor a test send may show a discount sentence or an empty code; templates that would are refused.
import { applyUpdate } from '../../../server/automations/automation-service.js';
import type { AutomationShop } from '../../../server/automations/automation-sender.js';
import { discountGuardIssues, unguardedDiscountFields } from '../../../server/automations/discount-guard.js';
import {
  analyzeFlowTemplate,
  effectiveDiscount,
  previewVariables,
} from '../../../server/automations/flow-analysis.js';
import { FLOW_DEFINITIONS } from '../../../server/automations/flow-definitions.js';
import type { FlowConfig } from '../../../server/automations/flow-repository.js';
import { createPublicUrl } from '../../../server/automations/public-url.js';
import { loadConfig } from '../../../server/config.js';
import { automationFlowKeys, type AutomationFlowKey } from '../../../server/contracts/automations.js';
import { AppError } from '../../../server/errors.js';

const shop: AutomationShop = {
  id: '00000000-0000-4000-8000-000000000001',
  domain: 'demo.myshopify.com',
  name: 'Demo Store',
  senderId: 'DemoStore',
  countryCode: 'US',
  currency: 'USD',
};
const app = {
  publicUrl: createPublicUrl(loadConfig({ APP_URL: 'https://sms.example.com', SHOPIFY_API_KEY: undefined })),
};
const OFF = { enabled: false, percentage: 10 };
const ON = { enabled: true, percentage: 10 };

function config(key: AutomationFlowKey, discountEnabled: boolean): FlowConfig {
  const def = FLOW_DEFINITIONS[key];
  return {
    key,
    definition: def,
    enabled: true,
    templates: { ...def.templates },
    delayMinutes: def.delay?.defaultMinutes ?? null,
    options: {
      discount:
        def.discountPercentage === null
          ? null
          : { enabled: discountEnabled, percentage: def.discountPercentage },
      winBackDays: def.winBackDays,
    },
    updatedAt: null,
  };
}

function previewOf(
  key: AutomationFlowKey,
  template: string,
  discount: { enabled: boolean; percentage: number } | null,
): string {
  const result = analyzeFlowTemplate(app, FLOW_DEFINITIONS[key], shop, template, 'en', discount);
  if (!result.valid) throw new Error(`invalid: ${JSON.stringify(result.errors)}`);
  return result.analysis.preview;
}

describe('the preview of a flow with its discount option off', () => {
  it('has no discount sentence (abandoned checkout default), and has it when the option is on', () => {
    const template = FLOW_DEFINITIONS.abandoned_checkout.templates.en;
    const off = previewOf('abandoned_checkout', template, OFF);
    expect(off).toMatch(
      /^Hi \w+, you left something in your cart\. Complete your order here: https:\/\/sms\.example\.com\/r\/\w+\nReply STOP/,
    );
    expect(off).not.toMatch(/code|off\./i);
    expect(previewOf('abandoned_checkout', template, ON)).toContain(' Use code WELCOME15 for 10% off.\n');
    expect(previewOf('abandoned_checkout', template, { enabled: true, percentage: 25 })).toContain(
      'for 25% off.',
    );
  });

  it.each(automationFlowKeys.filter((k) => FLOW_DEFINITIONS[k].discountPercentage !== null))(
    '%s: the default mentions no code while off, in both languages',
    (key) => {
      for (const locale of ['en', 'fr'] as const) {
        const result = analyzeFlowTemplate(
          app,
          FLOW_DEFINITIONS[key],
          shop,
          FLOW_DEFINITIONS[key].templates[locale],
          locale,
          OFF,
        );
        expect(result.valid).toBe(true);
        if (result.valid) expect(result.analysis.preview).not.toMatch(/WELCOME15|\bcode\b|%/i);
      }
    },
  );

  it('counts the discount sentence in length, segments and cost only while the option is on', () => {
    const template = FLOW_DEFINITIONS.abandoned_checkout.templates.en;
    const sentence = /\{% if discount\.code %\}([\s\S]*?)\{% endif %\}/;
    const analysisOf = (source: string, discount: { enabled: boolean; percentage: number }) => {
      const result = analyzeFlowTemplate(
        app,
        FLOW_DEFINITIONS.abandoned_checkout,
        shop,
        source,
        'en',
        discount,
      );
      if (!result.valid) throw new Error(`invalid: ${JSON.stringify(result.errors)}`);
      const { minLength, maxLength, minSegments, maxSegments, cost } = result.analysis;
      return { minLength, maxLength, minSegments, maxSegments, cost };
    };
    expect(template).toMatch(sentence);
    const off = analysisOf(template, OFF);
    const on = analysisOf(template, ON);
    expect(off).toEqual(analysisOf(template.replace(sentence, ''), OFF));
    expect(on).toEqual(analysisOf(template.replace(sentence, '$1'), ON));
    expect(off.maxLength).toBeLessThan(on.maxLength);
  });

  it('leaves the discount values out of the example variables unless the option is on', () => {
    expect(previewVariables(FLOW_DEFINITIONS.welcome, shop, OFF)).not.toHaveProperty('discount');
    expect(
      previewVariables(FLOW_DEFINITIONS.welcome, shop, { enabled: true, percentage: 20 }).discount,
    ).toEqual({ code: 'WELCOME15', value: '20%' });
    expect(previewVariables(FLOW_DEFINITIONS.order_confirmation, shop, null)).not.toHaveProperty('discount');
  });

  it("takes the editor's unsaved option over the saved one", () => {
    expect(effectiveDiscount(OFF, { enabled: true })).toEqual({ enabled: true, percentage: 10 });
    expect(effectiveDiscount(ON, { enabled: false, percentage: 30 })).toEqual({
      enabled: false,
      percentage: 30,
    });
    expect(effectiveDiscount(ON, undefined)).toBe(ON);
    expect(effectiveDiscount(null, { enabled: true })).toBeNull();
  });
});

describe('discount fields outside {% if discount.code %}', () => {
  it.each([
    ['Use {{ discount.code }} now', ['discount.code']],
    ['{% if discount.code %}Use {{ discount.code }} for {{ discount.value }}{% endif %}', []],
    ['{% if discount.code and customer.first_name %}{{ discount.code }}{% endif %}', []],
    ['{% if discount.code or customer.first_name %}{{ discount.code }}{% endif %}', ['discount.code']],
    ['{% if discount.code %}{% else %}{{ discount.value }}{% endif %}', ['discount.value']],
    ['{% if customer.first_name %}{% elsif discount.code %}{{ discount.code }}{% endif %}', []],
    ['{% if discount.code == blank %}{{ discount.code }}{% endif %}', ['discount.code']],
    ['{% unless discount.code %}{{ discount.code | default: "none" }}{% endunless %}', ['discount.code']],
    ['{% raw %}{{ discount.code }}{% endraw %} {% comment %}{{ discount.value }}{% endcomment %}', []],
    [
      '{% if discount.code %}{% if shop.name %}{{ discount.code }}{% endif %}{% endif %} {{ discount.value }}',
      ['discount.value'],
    ],
  ])('%s → %j', (template, expected) => {
    expect(unguardedDiscountFields(template)).toEqual(expected);
  });

  it('is only a problem while the option is off', () => {
    expect(discountGuardIssues('Code {{ discount.code }}', true)).toEqual([]);
    expect(discountGuardIssues('Code {{ discount.code }}', null)).toEqual([]);
    expect(discountGuardIssues('Code {{ discount.code }}', false)).toEqual([
      expect.objectContaining({
        field: 'discount.code',
        message: expect.stringContaining('{% if discount.code %}'),
      }),
    ]);
  });

  it('makes the analysis invalid while off, naming the field', () => {
    const result = analyzeFlowTemplate(
      app,
      FLOW_DEFINITIONS.welcome,
      shop,
      'Welcome! Code: {{ discount.code }}',
      'en',
      OFF,
    );
    expect(result).toEqual({ valid: false, errors: [expect.objectContaining({ field: 'discount.code' })] });
    expect(
      analyzeFlowTemplate(app, FLOW_DEFINITIONS.welcome, shop, 'Welcome! Code: {{ discount.code }}', 'en', ON)
        .valid,
    ).toBe(true);
  });

  const fieldsOf = (fn: () => unknown): Record<string, string> => {
    try {
      fn();
    } catch (err) {
      if (err instanceof AppError && err.status === 400) return err.fields ?? {};
      throw err;
    }
    throw new Error('expected a 400');
  };

  it('is refused on save while off, and when switching the discount off under such a template', () => {
    expect(
      Object.keys(
        fieldsOf(() =>
          applyUpdate(config('welcome', false), { templates: { fr: 'Code {{ discount.code }}' } }),
        ),
      ),
    ).toEqual(['templates.fr']);
    const on = applyUpdate(config('welcome', true), { templates: { en: 'Code {{ discount.code }}' } });
    expect(on.templates.en).toBe('Code {{ discount.code }}');
    expect(fieldsOf(() => applyUpdate(on, { options: { discount: { enabled: false } } }))).toEqual({
      'templates.en': expect.stringContaining('{{ discount.code }} would be empty'),
    });
    // Guarded, or switched off together with a guarded template: fine.
    const guarded = '{% if discount.code %}Code {{ discount.code }}{% endif %}';
    expect(
      applyUpdate(on, { templates: { en: guarded }, options: { discount: { enabled: false } } }).options
        .discount,
    ).toEqual(OFF);
    // Unrelated changes are not blocked by a template stored before the rule.
    const legacy = {
      ...config('welcome', false),
      templates: { en: 'Code {{ discount.code }}', fr: FLOW_DEFINITIONS.welcome.templates.fr },
    };
    expect(applyUpdate(legacy, { enabled: false }).enabled).toBe(false);
  });
});
