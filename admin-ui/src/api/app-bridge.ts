// App Bridge is loaded from Shopify's CDN only in production (the server swaps <!--app-bridge--> in
// index.html for the script tag). Locally, and in tests, the global is absent and nothing depends on it.

/** The part of App Bridge's `shopify` global this UI uses. */
export interface AppBridgeGlobal {
  idToken(): Promise<string>;
}

declare global {
  interface Window {
    shopify?: AppBridgeGlobal;
  }
}

/** The App Bridge global, when the CDN script has loaded (embedded in the Shopify admin). */
export function appBridge(): AppBridgeGlobal | undefined {
  const candidate = typeof window === 'undefined' ? undefined : window.shopify;
  return candidate !== undefined && typeof candidate.idToken === 'function' ? candidate : undefined;
}

/** A fresh session token in production; undefined in local mode (no App Bridge). */
export async function sessionToken(): Promise<string | undefined> {
  const bridge = appBridge();
  return bridge === undefined ? undefined : bridge.idToken();
}
