// The base of tracked short links (`<base>/r/<code>`): APP_URL when set, else the address this process
// listens on (local mode, tests on port 0), which main.ts hands over with rememberPublicUrl() once the
// HTTP server is up. A worker-only local process without APP_URL falls back to localhost:PORT.
import type { AppContext } from '../app-context.js';

const publicUrls = new WeakMap<AppContext['config'], string>();

export function rememberPublicUrl(ctx: Pick<AppContext, 'config'>, url: string): void {
  publicUrls.set(ctx.config, url.replace(/\/+$/, ''));
}

export function linkBaseUrl(ctx: Pick<AppContext, 'config'>): string {
  return ctx.config.appUrl ?? publicUrls.get(ctx.config) ?? `http://localhost:${ctx.config.port}`;
}
