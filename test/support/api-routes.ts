// Lists the routes registered on an Express 5 app by walking its router stack at runtime (app.router.stack,
// recursing into mounted routers), so a test can cover every route that exists rather than a hand-kept list.
// A route is "METHOD /full/path" as written at registration (e.g. "GET /api/subscribers/:id"). What cannot
// be listed as a plain path (a RegExp path, a mounted sub-app) is still listed, under a key that names it,
// so a test that requires a case per route fails loudly on it instead of silently skipping it.
import type { Express } from 'express';

export interface RegisteredRoute {
  /** Upper case; ALL for router.all(). */
  method: string;
  path: string;
  /** "METHOD path", e.g. "GET /api/subscribers/:id". */
  key: string;
}

interface Layer {
  rawPath?: unknown;
  slash?: boolean;
  route?: { path: unknown; methods: Record<string, boolean | undefined> };
  handle?: { stack?: Layer[]; name?: string };
}

function pathText(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw];
  if (raw instanceof RegExp) return [`<regexp ${raw.source}>`];
  if (Array.isArray(raw)) return raw.flatMap(pathText);
  return [`<unknown path ${String(raw)}>`];
}

function join(prefix: string, path: string): string {
  if (path === '/' || path === '') return prefix === '' ? '/' : prefix;
  return `${prefix.replace(/\/$/, '')}${path.startsWith('/') || path.startsWith('<') ? '' : '/'}${path}`;
}

function walk(stack: Layer[], prefix: string, out: RegisteredRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m]);
      for (const path of pathText(layer.route.path)) {
        for (const m of methods) {
          const method = m === '_all' ? 'ALL' : m.toUpperCase();
          const full = join(prefix, path);
          out.push({ method, path: full, key: `${method} ${full}` });
        }
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      for (const mount of layer.slash ? ['/'] : pathText(layer.rawPath))
        walk(layer.handle.stack, join(prefix, mount), out);
    } else if (layer.handle?.name === 'mounted_app') {
      // app.use(subApp): its routes live on an app object this layer does not expose.
      for (const mount of pathText(layer.rawPath)) {
        const full = join(prefix, mount);
        out.push({ method: 'APP', path: full, key: `APP ${full} <mounted sub-app: routes not listable>` });
      }
    }
  }
}

/** Every route registered on the app, in registration order. */
export function listRoutes(app: Express): RegisteredRoute[] {
  const router = (app as unknown as { router?: { stack?: Layer[] } }).router;
  if (!Array.isArray(router?.stack)) throw new Error('The app has no router stack (not an Express 5 app?)');
  const out: RegisteredRoute[] = [];
  walk(router.stack, '', out);
  return out;
}

/** The routes under /api (the authenticated admin API). */
export function listApiRoutes(app: Express): RegisteredRoute[] {
  return listRoutes(app).filter(
    (r) => r.path === '/api' || r.path.startsWith('/api/') || r.path.startsWith('/api<'),
  );
}
