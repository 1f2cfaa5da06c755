// The slice of the checkout UI extension `shopify` global (API 2025-10) that this extension
// reads. The real global is structurally assignable to `SmsConsentApi` (checked by tsc in
// checkout.tsx / thank-you.tsx), so unit tests can pass a small typed fake instead.

/** Read-only reactive value, compatible with the API's `SubscribableSignalLike<T>`. */
export interface SignalLike<T> {
  readonly value: T;
  subscribe(fn: (value: T) => void): () => void;
}

export type SettingValue = string | number | boolean | undefined;
export type RawSettings = Record<string, SettingValue>;

export type TranslateFn = (key: string, options?: Record<string, string | number>) => string;

export const SMS_MARKETING_CAPABILITY = 'collect_buyer_consent.sms_marketing';

/** Extension targets this extension is registered for in shopify.extension.toml. */
export const CHECKOUT_TARGET = 'purchase.checkout.contact.render-after';
export const THANK_YOU_TARGET = 'purchase.thank-you.customer-information.render-after';
export type ConsentTarget = typeof CHECKOUT_TARGET | typeof THANK_YOU_TARGET;

export interface BuyerCustomer {
  /** Level 1 protected customer data; the whole customer is undefined for guests. */
  readonly acceptsSmsMarketing: boolean;
}

/** One metafield the extension asked for in shopify.extension.toml (`[[extensions.metafields]]`), on its resource. */
export interface AppMetafieldEntryLike {
  readonly target: { readonly type: string; readonly id: string };
  readonly metafield: { readonly namespace: string; readonly key: string; readonly value: unknown };
}

export interface ExtensionStorage {
  read<T = unknown>(key: string): Promise<T | null>;
  write(key: string, data: unknown): Promise<void>;
}

export interface SmsConsentApi {
  readonly extension: {
    readonly target: string;
    readonly capabilities: SignalLike<readonly string[]>;
  };
  readonly settings: SignalLike<RawSettings>;
  /** The metafields declared in shopify.extension.toml; app-owned ones come back with the `$app` namespace. */
  readonly appMetafields: SignalLike<readonly AppMetafieldEntryLike[]>;
  readonly i18n: { readonly translate: TranslateFn };
  readonly shop: { readonly name: string; readonly storefrontUrl?: string };
  /** Absent when the app has no protected customer data access. */
  readonly buyerIdentity?: {
    readonly customer: SignalLike<BuyerCustomer | undefined>;
    readonly phone: SignalLike<string | undefined>;
  };
  readonly storage: ExtensionStorage;
}

/** Storage key shared by both targets (storage is shared across an extension's targets). */
export const OPT_IN_STORAGE_KEY = 'sms-consent:checkout-opt-in';

export async function readCheckoutOptIn(storage: ExtensionStorage): Promise<boolean> {
  try {
    return (await storage.read<boolean>(OPT_IN_STORAGE_KEY)) === true;
  } catch {
    // Storage persistence is best effort per Shopify's docs; treat failures as "not recorded".
    return false;
  }
}

export async function writeCheckoutOptIn(storage: ExtensionStorage, optedIn: boolean): Promise<void> {
  try {
    await storage.write(OPT_IN_STORAGE_KEY, optedIn);
  } catch {
    // Best effort: the consent itself is recorded by Shopify's consent component, not by us.
  }
}
