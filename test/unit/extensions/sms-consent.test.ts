import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CHECKBOX_NAME,
  PHONE_FIELD_NAME,
  SMS_MARKETING_POLICY,
  renderModelFromApi,
  type RenderModel,
  type UiState,
  type VisibleModel,
} from '../../../extensions/sms-consent/src/render-model.js';
import {
  DISCLOSURE_METAFIELD,
  SETTING_KEYS,
  merchantDisclosure,
  parseSettings,
} from '../../../extensions/sms-consent/src/settings.js';
import {
  CHECKOUT_TARGET,
  OPT_IN_STORAGE_KEY,
  SMS_MARKETING_CAPABILITY,
  THANK_YOU_TARGET,
  readCheckoutOptIn,
  writeCheckoutOptIn,
  type AppMetafieldEntryLike,
  type BuyerCustomer,
  type ExtensionStorage,
  type RawSettings,
  type SignalLike,
  type SmsConsentApi,
  type TranslateFn,
} from '../../../extensions/sms-consent/src/shopify-api.js';

const EXT_DIR = fileURLToPath(new URL('../../../extensions/sms-consent/', import.meta.url));
type Locale = 'en' | 'fr';
type Messages = { [key: string]: string | Messages };
const LOCALE_FILES: Record<Locale, string> = { en: 'en.default.json', fr: 'fr.json' };

function loadMessages(locale: Locale): Messages {
  return JSON.parse(readFileSync(`${EXT_DIR}locales/${LOCALE_FILES[locale]}`, 'utf8')) as Messages;
}

/** Mirrors Shopify's i18n.translate: dotted keys, {{placeholders}}, `count` pluralisation. Throws on gaps. */
function fakeTranslate(locale: Locale): TranslateFn {
  const messages = loadMessages(locale);
  const rules = new Intl.PluralRules(locale);
  return (key, options = {}) => {
    let node: string | Messages | undefined = messages;
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    if (typeof node === 'object' && typeof options.count === 'number')
      node = node[rules.select(options.count)] ?? node.other;
    if (typeof node !== 'string') throw new Error(`missing ${locale} translation: ${key}`);
    return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      const value = options[name];
      if (value === undefined) throw new Error(`missing option ${name} for ${key}`);
      return String(value);
    });
  };
}

interface FakeSignal<T> extends SignalLike<T> {
  set(value: T): void;
}

function signal<T>(initial: T): FakeSignal<T> {
  let current = initial;
  const listeners = new Set<(value: T) => void>();
  return {
    get value() {
      return current;
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    set(value) {
      current = value;
      for (const fn of listeners) fn(value);
    },
  };
}

interface FakeOptions {
  target?: string;
  locale?: Locale;
  settings?: RawSettings;
  capabilities?: string[];
  storefrontUrl?: string;
  customer?: BuyerCustomer;
  phone?: string;
  noBuyerIdentity?: boolean;
  metafields?: AppMetafieldEntryLike[];
}

interface FakeShopify extends SmsConsentApi {
  readonly settings: FakeSignal<RawSettings>;
  readonly appMetafields: FakeSignal<readonly AppMetafieldEntryLike[]>;
  readonly store: Map<string, unknown>;
}

function fakeShopify(options: FakeOptions = {}): FakeShopify {
  const store = new Map<string, unknown>();
  const storage: ExtensionStorage = {
    read: async <T>(key: string) => (store.has(key) ? (store.get(key) as T) : null),
    write: async (key, data) => {
      store.set(key, data);
    },
  };
  return {
    extension: {
      target: options.target ?? CHECKOUT_TARGET,
      capabilities: signal<readonly string[]>(options.capabilities ?? [SMS_MARKETING_CAPABILITY]),
    },
    settings: signal(options.settings ?? {}),
    appMetafields: signal<readonly AppMetafieldEntryLike[]>(options.metafields ?? []),
    i18n: { translate: fakeTranslate(options.locale ?? 'en') },
    shop: {
      name: 'Acme Outdoors',
      storefrontUrl: 'storefrontUrl' in options ? options.storefrontUrl : 'https://acme.example/',
    },
    buyerIdentity: options.noBuyerIdentity
      ? undefined
      : { customer: signal(options.customer), phone: signal(options.phone) },
    storage,
    store,
  };
}

const UNCHECKED: UiState = { checked: false, consentedInCheckout: false };
const CHECKED: UiState = { checked: true, consentedInCheckout: false };

function visible(model: RenderModel): VisibleModel {
  if (model.kind !== 'visible') throw new Error(`expected a visible model, got hidden (${model.reason})`);
  return model;
}

describe('sms-consent render model: checkout contact target', () => {
  it('renders an unticked sms-marketing consent checkbox with the default English disclosure', () => {
    const model = visible(renderModelFromApi(fakeShopify(), UNCHECKED));
    expect(model.target).toBe(CHECKOUT_TARGET);
    expect(model.heading).toBeNull();
    expect(model.checkbox).toEqual({
      tag: 's-consent-checkbox',
      policy: 'sms-marketing',
      name: CHECKBOX_NAME,
      label: 'Text me with news and offers',
      defaultChecked: false,
    });
    expect(model.phoneField).toBeNull();
    expect(model.disclosure.text).toBe(
      'By checking this box, you agree to receive recurring automated marketing text messages from Acme Outdoors ' +
        'at the number provided. Msg frequency varies. Msg & data rates may apply. Reply STOP to cancel. ' +
        'Reply HELP for help. Consent is not a condition of purchase.',
    );
    expect(model.disclosure.links).toEqual([
      { label: 'Terms', href: 'https://acme.example/policies/terms-of-service' },
      { label: 'Privacy policy', href: 'https://acme.example/policies/privacy-policy' },
    ]);
  });

  it('builds the disclosure from merchant settings', () => {
    const settings: RawSettings = {
      [SETTING_KEYS.programName]: '  Acme Alerts ',
      [SETTING_KEYS.checkboxLabel]: 'Send me trail deals by SMS',
      [SETTING_KEYS.maxMessagesPerMonth]: 4,
      [SETTING_KEYS.termsUrl]: 'https://acme.example/pages/sms-terms',
      [SETTING_KEYS.privacyUrl]: 'https://legal.acme.example/privacy',
    };
    const model = visible(renderModelFromApi(fakeShopify({ settings }), UNCHECKED));
    expect(model.checkbox.label).toBe('Send me trail deals by SMS');
    expect(model.disclosure.text).toContain('text messages from Acme Alerts at the number provided.');
    expect(model.disclosure.text).toContain('Up to 4 msgs/month.');
    expect(model.disclosure.text).not.toContain('Msg frequency varies.');
    expect(model.disclosure.links.map((l) => l.href)).toEqual([
      'https://acme.example/pages/sms-terms',
      'https://legal.acme.example/privacy',
    ]);
  });

  it('uses the singular frequency form for one message a month', () => {
    const model = visible(
      renderModelFromApi(fakeShopify({ settings: { max_messages_per_month: 1 } }), UNCHECKED),
    );
    expect(model.disclosure.text).toContain('Up to 1 msg/month.');
  });

  it('never links a non-https URL: falls back to the store policy pages, or no link without a storefront', () => {
    const settings: RawSettings = {
      terms_url: 'javascript:alert(1)',
      privacy_url: 'http://acme.example/privacy',
    };
    const withStore = visible(renderModelFromApi(fakeShopify({ settings }), UNCHECKED));
    expect(withStore.disclosure.links.map((l) => l.href)).toEqual([
      'https://acme.example/policies/terms-of-service',
      'https://acme.example/policies/privacy-policy',
    ]);
    const noStore = visible(
      renderModelFromApi(fakeShopify({ settings, storefrontUrl: undefined }), UNCHECKED),
    );
    expect(noStore.disclosure.links).toEqual([]);
    // The mandatory wording is there even without links.
    expect(noStore.disclosure.text).toContain('Reply STOP to cancel.');
  });

  it('renders French strings for the fr locale', () => {
    const model = visible(
      renderModelFromApi(fakeShopify({ locale: 'fr', settings: { max_messages_per_month: 3 } }), CHECKED),
    );
    expect(model.checkbox.label).toBe('Recevoir les nouveautés et les offres par SMS');
    expect(model.phoneField?.label).toBe('Numéro de téléphone mobile');
    expect(model.disclosure.text).toContain('SMS marketing automatisés et récurrents de Acme Outdoors');
    expect(model.disclosure.text).toContain("Jusqu'à 3 SMS par mois.");
    expect(model.disclosure.text).toContain("Des frais de messagerie et de données peuvent s'appliquer.");
    expect(model.disclosure.text).toContain('Répondez STOP pour vous désabonner.');
    expect(model.disclosure.links.map((l) => l.label)).toEqual([
      'Conditions',
      'Politique de confidentialité',
    ]);
  });

  it('asks for a mobile number once ticked when checkout has no phone for the buyer', () => {
    expect(visible(renderModelFromApi(fakeShopify(), UNCHECKED)).phoneField).toBeNull();
    expect(visible(renderModelFromApi(fakeShopify(), CHECKED)).phoneField).toEqual({
      tag: 's-consent-phone-field',
      policy: SMS_MARKETING_POLICY,
      name: PHONE_FIELD_NAME,
      label: 'Mobile phone number',
      type: 'mobile',
      autocomplete: 'tel',
    });
    expect(visible(renderModelFromApi(fakeShopify({ phone: '   ' }), CHECKED)).phoneField).not.toBeNull();
    expect(
      visible(renderModelFromApi(fakeShopify({ phone: '+33612345678' }), CHECKED)).phoneField,
    ).toBeNull();
  });
});

describe('sms-consent render model: visibility', () => {
  it('is never pre-ticked, whatever the target, locale, settings or buyer', () => {
    for (const target of [CHECKOUT_TARGET, THANK_YOU_TARGET]) {
      for (const locale of ['en', 'fr'] as const) {
        for (const ui of [UNCHECKED, CHECKED]) {
          const model = visible(
            renderModelFromApi(
              fakeShopify({
                target,
                locale,
                settings: { show_consent: true },
                customer: { acceptsSmsMarketing: false },
              }),
              ui,
            ),
          );
          expect(model.checkbox.defaultChecked).toBe(false);
          expect(model.checkbox.policy).toBe('sms-marketing');
        }
      }
    }
  });

  it('hides when the merchant switches it off, and shows while the setting is unset', () => {
    expect(renderModelFromApi(fakeShopify({ settings: { show_consent: false } }), UNCHECKED)).toEqual({
      kind: 'hidden',
      reason: 'disabled',
    });
    expect(renderModelFromApi(fakeShopify({ settings: {} }), UNCHECKED).kind).toBe('visible');
    expect(parseSettings({}).showConsent).toBe(true);
  });

  it('follows settings changes pushed by the editor', () => {
    const shopify = fakeShopify();
    expect(renderModelFromApi(shopify, UNCHECKED).kind).toBe('visible');
    shopify.settings.set({ show_consent: false });
    expect(renderModelFromApi(shopify, UNCHECKED)).toEqual({ kind: 'hidden', reason: 'disabled' });
  });

  it('hides without the collect_buyer_consent.sms_marketing capability', () => {
    const model = renderModelFromApi(fakeShopify({ capabilities: ['api_access'] }), UNCHECKED);
    expect(model).toEqual({ kind: 'hidden', reason: 'missing-capability' });
  });

  it('hides for a customer already subscribed to SMS, unless they just ticked it here', () => {
    const subscribed = { customer: { acceptsSmsMarketing: true } };
    expect(renderModelFromApi(fakeShopify(subscribed), UNCHECKED)).toEqual({
      kind: 'hidden',
      reason: 'already-subscribed',
    });
    expect(renderModelFromApi(fakeShopify({ ...subscribed, target: THANK_YOU_TARGET }), UNCHECKED).kind).toBe(
      'hidden',
    );
    expect(renderModelFromApi(fakeShopify(subscribed), CHECKED).kind).toBe('visible');
    expect(renderModelFromApi(fakeShopify({ noBuyerIdentity: true }), UNCHECKED).kind).toBe('visible');
  });

  it('hides on targets it is not registered for', () => {
    const model = renderModelFromApi(fakeShopify({ target: 'purchase.checkout.block.render' }), UNCHECKED);
    expect(model).toEqual({ kind: 'hidden', reason: 'unsupported-target' });
  });
});

describe('sms-consent render model: thank-you target', () => {
  it('renders with a heading for buyers who skipped the box in checkout', () => {
    const model = visible(renderModelFromApi(fakeShopify({ target: THANK_YOU_TARGET }), UNCHECKED));
    expect(model.heading).toBe('Get news and offers by text');
    expect(model.checkbox.tag).toBe('s-consent-checkbox');
    expect(model.disclosure.text).toContain('Msg & data rates may apply.');
  });

  it('does not render when the buyer already consented during checkout', async () => {
    const shopify = fakeShopify({ target: THANK_YOU_TARGET });
    await writeCheckoutOptIn(shopify.storage, true);
    expect(shopify.store.get(OPT_IN_STORAGE_KEY)).toBe(true);
    const consentedInCheckout = await readCheckoutOptIn(shopify.storage);
    expect(consentedInCheckout).toBe(true);
    expect(renderModelFromApi(shopify, { checked: false, consentedInCheckout })).toEqual({
      kind: 'hidden',
      reason: 'consented-in-checkout',
    });
    // The flag only matters on the thank-you page.
    expect(renderModelFromApi(fakeShopify(), { checked: false, consentedInCheckout: true }).kind).toBe(
      'visible',
    );
  });

  it('treats an unticked or unreadable checkout record as not consented', async () => {
    const shopify = fakeShopify({ target: THANK_YOU_TARGET });
    await writeCheckoutOptIn(shopify.storage, false);
    expect(await readCheckoutOptIn(shopify.storage)).toBe(false);
    const broken: ExtensionStorage = {
      read: () => Promise.reject(new Error('storage unavailable')),
      write: () => Promise.reject(new Error('storage unavailable')),
    };
    expect(await readCheckoutOptIn(broken)).toBe(false);
    await expect(writeCheckoutOptIn(broken, true)).resolves.toBeUndefined();
  });
});

describe('sms-consent settings', () => {
  it('ignores malformed setting values', () => {
    for (const bad of [0, -3, 2.5, 'abc', '']) {
      expect(parseSettings({ max_messages_per_month: bad }).maxMessagesPerMonth).toBeNull();
    }
    expect(parseSettings({ max_messages_per_month: '6' }).maxMessagesPerMonth).toBe(6);
    expect(parseSettings({ program_name: '   ', checkbox_label: 42 })).toMatchObject({
      programName: null,
      checkboxLabel: null,
    });
  });
});

describe('sms-consent disclosure from the app (shop metafield)', () => {
  const MERCHANT_TEXT =
    'Acme Outdoors will text you trail deals, up to 4 a month. Msg & data rates may apply. Reply STOP to cancel.';
  const shopEntry = (
    value: unknown,
    metafield: Partial<{ namespace: string; key: string }> = {},
    type = 'shop',
  ): AppMetafieldEntryLike => ({
    target: { type, id: 'gid://shopify/Shop/548380009' },
    metafield: {
      namespace: DISCLOSURE_METAFIELD.namespace,
      key: DISCLOSURE_METAFIELD.key,
      value,
      ...metafield,
    },
  });

  it('shows the text the merchant saved in the app instead of the default, with the links, in any locale', () => {
    for (const locale of ['en', 'fr'] as const) {
      const model = visible(
        renderModelFromApi(
          fakeShopify({ locale, metafields: [shopEntry(`  ${MERCHANT_TEXT}\n`)] }),
          UNCHECKED,
        ),
      );
      expect(model.disclosure.text).toBe(MERCHANT_TEXT);
      expect(model.disclosure.links.map((l) => l.href)).toEqual([
        'https://acme.example/policies/terms-of-service',
        'https://acme.example/policies/privacy-policy',
      ]);
    }
  });

  it('falls back to the locale default without a usable metafield', () => {
    const english = visible(renderModelFromApi(fakeShopify(), UNCHECKED)).disclosure.text;
    const unusable: AppMetafieldEntryLike[][] = [
      [],
      [shopEntry('   ')],
      [shopEntry(42)],
      [shopEntry('x'.repeat(1001))],
      [shopEntry(MERCHANT_TEXT, { key: 'other_key' })],
      [shopEntry(MERCHANT_TEXT, { namespace: 'custom' })],
      [shopEntry(MERCHANT_TEXT, { namespace: 'app--999--other' })],
      [shopEntry(MERCHANT_TEXT, {}, 'product')],
    ];
    for (const metafields of unusable) {
      expect(merchantDisclosure(metafields)).toBeNull();
      const model = visible(renderModelFromApi(fakeShopify({ metafields }), UNCHECKED));
      expect(model.disclosure.text).toBe(english);
    }
    const french = visible(renderModelFromApi(fakeShopify({ locale: 'fr' }), UNCHECKED)).disclosure.text;
    expect(french).not.toBe(english);
    expect(french).toContain('STOP');
  });

  it('reads the fully qualified app namespace too, and picks the shop entry among others', () => {
    expect(
      merchantDisclosure([
        shopEntry('Product text', {}, 'product'),
        shopEntry(MERCHANT_TEXT, { namespace: 'app--123456--sms_consent' }),
      ]),
    ).toBe(MERCHANT_TEXT);
  });

  it('follows a metafield that changes while the checkout is open', () => {
    const shopify = fakeShopify();
    expect(visible(renderModelFromApi(shopify, UNCHECKED)).disclosure.text).toContain('Acme Outdoors');
    shopify.appMetafields.set([shopEntry(MERCHANT_TEXT)]);
    expect(visible(renderModelFromApi(shopify, UNCHECKED)).disclosure.text).toBe(MERCHANT_TEXT);
    shopify.appMetafields.set([]);
    expect(visible(renderModelFromApi(shopify, UNCHECKED)).disclosure.text).not.toBe(MERCHANT_TEXT);
  });
});
