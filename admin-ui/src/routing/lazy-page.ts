// Route-level code splitting: a page's module (and what only it imports, e.g. Polaris Viz) is fetched
// the first time the page is shown; the shell renders <PageSkeleton> meanwhile (app.tsx's Suspense).
import { lazy, type ComponentType } from 'react';

/** `lazyPage(() => import('../pages/x-page.js').then((m) => m.XPage))`: a component usable in the route table. */
export function lazyPage(load: () => Promise<ComponentType>): ComponentType {
  return lazy(async () => ({ default: await load() }));
}
