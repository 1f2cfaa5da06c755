import { merchantDisclosure, parseSettings, type ConsentSettings } from './settings.js';
import {
  CHECKOUT_TARGET,
  SMS_MARKETING_CAPABILITY,
  THANK_YOU_TARGET,
  type ConsentTarget,
  type SmsConsentApi,
  type TranslateFn,
} from './shopify-api.js';

/** The only policy Shopify's consent components support. */
export const SMS_MARKETING_POLICY = 'sms-marketing';

export type HiddenReason =
  'unsupported-target' | 'disabled' | 'missing-capability' | 'already-subscribed' | 'consented-in-checkout';

export interface ConsentCheckboxModel {
  readonly tag: 's-consent-checkbox';
  readonly policy: typeof SMS_MARKETING_POLICY;
  readonly name: string;
  readonly label: string;
  /** Consent must be an affirmative act: the box always starts unticked. */
  readonly defaultChecked: false;
}

export interface ConsentPhoneFieldModel {
  readonly tag: 's-consent-phone-field';
  readonly policy: typeof SMS_MARKETING_POLICY;
  readonly name: string;
  readonly label: string;
  readonly type: 'mobile';
  readonly autocomplete: 'tel';
}

export interface DisclosureLink {
  readonly label: string;
  readonly href: string;
}

export interface Disclosure {
  readonly text: string;
  readonly links: readonly DisclosureLink[];
}

export interface VisibleModel {
  readonly kind: 'visible';
  readonly target: ConsentTarget;
  readonly heading: string | null;
  readonly checkbox: ConsentCheckboxModel;
  /** Asks for a mobile number once the box is ticked, when checkout has none for the buyer. */
  readonly phoneField: ConsentPhoneFieldModel | null;
  readonly disclosure: Disclosure;
}

export interface HiddenModel {
  readonly kind: 'hidden';
  readonly reason: HiddenReason;
}

export type RenderModel = VisibleModel | HiddenModel;

export interface RenderInput {
  readonly target: string;
  readonly settings: ConsentSettings;
  /** The disclosure the merchant saved in the app (the shop metafield), or null for the translated default. */
  readonly merchantDisclosure: string | null;
  readonly translate: TranslateFn;
  readonly capabilities: readonly string[];
  readonly shopName: string;
  readonly storefrontUrl: string | null;
  /** Undefined when unknown: guest buyer, or no protected customer data access. */
  readonly customerAcceptsSms: boolean | undefined;
  readonly buyerPhone: string | null;
  /** The buyer ticked the box earlier in this checkout (read from extension storage). */
  readonly consentedInCheckout: boolean;
  /** Current state of the checkbox in the UI. */
  readonly checked: boolean;
}

/** UI state owned by the rendering component rather than by Shopify. */
export interface UiState {
  readonly checked: boolean;
  readonly consentedInCheckout: boolean;
}

export const CHECKBOX_NAME = 'sms-marketing-consent';
export const PHONE_FIELD_NAME = 'sms-marketing-phone';

export function isConsentTarget(target: string): target is ConsentTarget {
  return target === CHECKOUT_TARGET || target === THANK_YOU_TARGET;
}

function hidden(reason: HiddenReason): HiddenModel {
  return { kind: 'hidden', reason };
}

function policyUrl(
  storefrontUrl: string | null,
  handle: 'terms-of-service' | 'privacy-policy',
): string | null {
  if (storefrontUrl === null || !/^https:\/\//i.test(storefrontUrl)) return null;
  return `${storefrontUrl.replace(/\/+$/, '')}/policies/${handle}`;
}

/** The locale's default disclosure, from the program name and message frequency of the editor settings. */
function defaultDisclosureText(input: RenderInput): string {
  const { settings, translate } = input;
  const programName = settings.programName ?? input.shopName;
  const frequency =
    settings.maxMessagesPerMonth === null
      ? translate('disclosure.frequencyVaries')
      : translate('disclosure.frequency', { count: settings.maxMessagesPerMonth });
  return [
    translate('disclosure.agreement', { programName }),
    frequency,
    translate('disclosure.rates'),
    translate('disclosure.stop'),
    translate('disclosure.help'),
    translate('disclosure.notRequired'),
  ].join(' ');
}

/** The merchant's own text from the app's settings when there is one, else the locale's default; then the links. */
export function buildDisclosure(input: RenderInput): Disclosure {
  const { settings, translate } = input;
  const text = input.merchantDisclosure ?? defaultDisclosureText(input);

  const links: DisclosureLink[] = [];
  const terms = settings.termsUrl ?? policyUrl(input.storefrontUrl, 'terms-of-service');
  if (terms !== null) links.push({ label: translate('disclosure.termsLink'), href: terms });
  const privacy = settings.privacyUrl ?? policyUrl(input.storefrontUrl, 'privacy-policy');
  if (privacy !== null) links.push({ label: translate('disclosure.privacyLink'), href: privacy });
  return { text, links };
}

/** What the extension renders for a given target, settings, locale and buyer state. */
export function buildRenderModel(input: RenderInput): RenderModel {
  if (!isConsentTarget(input.target)) return hidden('unsupported-target');
  if (!input.settings.showConsent) return hidden('disabled');
  // Without the capability Shopify would not record the consent: never show a box that does nothing.
  if (!input.capabilities.includes(SMS_MARKETING_CAPABILITY)) return hidden('missing-capability');
  // Once the buyer ticks the box, keep it on screen even if the customer record flips to subscribed.
  if (input.customerAcceptsSms === true && !input.checked) return hidden('already-subscribed');
  if (input.target === THANK_YOU_TARGET && input.consentedInCheckout) return hidden('consented-in-checkout');

  const { translate } = input;
  const checkbox: ConsentCheckboxModel = {
    tag: 's-consent-checkbox',
    policy: SMS_MARKETING_POLICY,
    name: CHECKBOX_NAME,
    label: input.settings.checkboxLabel ?? translate('checkbox.label'),
    defaultChecked: false,
  };
  const phoneField: ConsentPhoneFieldModel | null =
    input.checked && input.buyerPhone === null
      ? {
          tag: 's-consent-phone-field',
          policy: SMS_MARKETING_POLICY,
          name: PHONE_FIELD_NAME,
          label: translate('phone.label'),
          type: 'mobile',
          autocomplete: 'tel',
        }
      : null;
  return {
    kind: 'visible',
    target: input.target,
    heading: input.target === THANK_YOU_TARGET ? translate('thankYou.heading') : null,
    checkbox,
    phoneField,
    disclosure: buildDisclosure(input),
  };
}

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value : null;
}

/** Snapshot of the `shopify` global's current values as a pure render input. */
export function readRenderInput(api: SmsConsentApi, ui: UiState): RenderInput {
  return {
    target: api.extension.target,
    settings: parseSettings(api.settings.value),
    merchantDisclosure: merchantDisclosure(api.appMetafields.value),
    translate: (key, options) => api.i18n.translate(key, options),
    capabilities: api.extension.capabilities.value,
    shopName: api.shop.name,
    storefrontUrl: api.shop.storefrontUrl ?? null,
    customerAcceptsSms: api.buyerIdentity?.customer.value?.acceptsSmsMarketing,
    buyerPhone: nonEmpty(api.buyerIdentity?.phone.value),
    consentedInCheckout: ui.consentedInCheckout,
    checked: ui.checked,
  };
}

export function renderModelFromApi(api: SmsConsentApi, ui: UiState): RenderModel {
  return buildRenderModel(readRenderInput(api, ui));
}
