import { automationFlowKeys } from '../../../server/contracts/automations.js';
import { applyUpdate } from '../../../server/automations/automation-service.js';
import { FLOW_DEFINITIONS } from '../../../server/automations/flow-definitions.js';
import type { FlowConfig } from '../../../server/automations/flow-repository.js';
import { recipientLocale } from '../../../server/automations/recipient-locale.js';
import { analyzeSms } from '../../../server/messaging/encoding.js';
import {
  exampleVariables,
  renderTemplate,
  validateTemplate,
} from '../../../server/messaging/templates/index.js';
import { AppError } from '../../../server/errors.js';

function config(key: (typeof automationFlowKeys)[number]): FlowConfig {
  const def = FLOW_DEFINITIONS[key];
  return {
    key,
    definition: def,
    enabled: false,
    templates: { ...def.templates },
    delayMinutes: def.delay?.defaultMinutes ?? null,
    options: {
      discount:
        def.discountPercentage === null ? null : { enabled: false, percentage: def.discountPercentage },
      winBackDays: def.winBackDays,
    },
    updatedAt: null,
  };
}

describe('default automation templates', () => {
  it.each(automationFlowKeys.flatMap((k) => (['en', 'fr'] as const).map((l) => [k, l] as const)))(
    '%s (%s) validates with the flow fields and stays GSM-7',
    (key, locale) => {
      const def = FLOW_DEFINITIONS[key];
      const template = def.templates[locale];
      expect(validateTemplate(template, { kind: def.kind, allowedRoots: def.roots })).toMatchObject({
        ok: true,
      });
      const text = renderTemplate(template, exampleVariables());
      expect(analyzeSms(text).encoding).toBe('GSM-7');
      expect(text).not.toMatch(/\{\{|\{%/);
    },
  );

  it('marketing defaults offer the discount only when a code exists', () => {
    const t = FLOW_DEFINITIONS.welcome.templates.en;
    expect(renderTemplate(t, { shop: { name: 'Demo Store', url: 'https://demo.myshopify.com' } })).toBe(
      'Welcome to Demo Store texts! Shop now: https://demo.myshopify.com',
    );
    expect(
      renderTemplate(t, {
        shop: { name: 'Demo Store', url: 'https://d.example' },
        discount: { code: 'WELCOME-ABCD', value: '10%' },
      }),
    ).toBe(
      'Welcome to Demo Store texts! Here is 10% off your next order: WELCOME-ABCD. Shop now: https://d.example',
    );
  });
});

describe('recipientLocale', () => {
  it.each([
    [{ countryCode: 'FR' }, 'fr'],
    [{ countryCode: 'BE' }, 'fr'],
    [{ countryCode: 'CH' }, 'en'],
    [{ countryCode: 'CH', locale: 'fr-CH' }, 'fr'],
    [{ countryCode: 'CA', provinceCode: 'QC' }, 'fr'],
    [{ countryCode: 'CA', provinceCode: 'ON' }, 'en'],
    [{ countryCode: 'CA', phone: '+15145550123' }, 'fr'],
    [{ countryCode: 'US', phone: '+15145550123' }, 'en'],
    [{ countryCode: 'FR', locale: 'en-GB' }, 'en'],
    [{ phone: '+33612345678' }, 'fr'],
    [{}, 'en'],
  ] as const)('%j → %s', (facts, expected) => {
    expect(recipientLocale(facts)).toBe(expected);
  });
});

describe('applyUpdate (PUT validation)', () => {
  const errorOf = (fn: () => unknown): AppError => {
    try {
      fn();
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
    throw new Error('expected an AppError');
  };

  it('names every problem in fields', () => {
    const err = errorOf(() =>
      applyUpdate(config('abandoned_checkout'), {
        templates: { en: '{{ order.totl }}' },
        delayMinutes: 14,
        options: { winBackDays: 60 },
      }),
    );
    expect(err.status).toBe(400);
    expect(Object.keys(err.fields ?? {}).sort()).toEqual([
      'delayMinutes',
      'options.winBackDays',
      'templates.en',
    ]);
    expect(err.fields!.delayMinutes).toBe('The delay must be between 15 and 2880 minutes, got 14.');
  });

  it('accepts the bounds and merges options', () => {
    const next = applyUpdate(config('abandoned_checkout'), {
      delayMinutes: 2880,
      options: { discount: { enabled: true } },
      enabled: true,
    });
    expect(next).toMatchObject({
      enabled: true,
      delayMinutes: 2880,
      options: { discount: { enabled: true, percentage: 10 }, winBackDays: null },
    });
    expect(applyUpdate(config('abandoned_checkout'), { delayMinutes: 15 }).delayMinutes).toBe(15);
  });

  it('refuses a discount in a transactional flow and a delay where there is none', () => {
    const err = errorOf(() =>
      applyUpdate(config('order_confirmation'), {
        options: { discount: { enabled: true } },
        delayMinutes: 30,
      }),
    );
    expect(err.fields).toEqual({
      'options.discount': 'The order confirmation flow cannot carry a discount code.',
      delayMinutes: 'The order confirmation flow has no delay.',
    });
  });
});
