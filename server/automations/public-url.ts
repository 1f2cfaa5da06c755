// The app's public base URL: APP_URL when set, else the address the HTTP server listens on (local mode,
// tests on port 0), which main.ts hands over with set() once the server is up. One per running app, in
// its context. It is the base of tracked short links (`<base>/r/<code>`) and of the status URL the SMS
// provider posts delivery reports to (provider-setup.ts). A worker-only local process without APP_URL
// falls back to localhost:PORT for links.
import type { AppContext } from '../app-context.js';
import type { Config } from '../config.js';

export interface PublicUrl {
  /** Records the address the HTTP server listens on (ignored when APP_URL is set). */
  set(url: string): void;
  /** The base known now: APP_URL, else the listening address, else http://localhost:PORT. */
  current(): string;
  /** The base once known (APP_URL or set()), or null when nothing was set within `timeoutMs`. */
  whenKnown(timeoutMs: number): Promise<string | null>;
}

export function createPublicUrl(config: Pick<Config, 'appUrl' | 'port'>): PublicUrl {
  const trim = (url: string) => url.replace(/\/+$/, '');
  let known: string | null = config.appUrl ? trim(config.appUrl) : null;
  let resolveKnown!: (url: string) => void;
  const knownPromise = new Promise<string>((resolve) => (resolveKnown = resolve));
  if (known) resolveKnown(known);
  return {
    set(url) {
      if (known) return;
      known = trim(url);
      resolveKnown(known);
    },
    current: () => known ?? `http://localhost:${config.port}`,
    whenKnown(timeoutMs) {
      if (known) return Promise.resolve(known);
      const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref());
      return Promise.race([knownPromise, timeout]);
    },
  };
}

export function linkBaseUrl(ctx: Pick<AppContext, 'publicUrl'>): string {
  return ctx.publicUrl.current();
}
