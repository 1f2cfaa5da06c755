// The admin UI's pages: the route table (route-table.ts) with each page's component.
import type { ComponentType } from 'react';
import { lazyPage } from './lazy-page.js';
import { matchesPath, routeTable, type PageName, type RouteEntry } from './route-table.js';

export { matchesPath } from './route-table.js';

// Each page is its own chunk, loaded when first shown (lazy-page.ts); add a page here and in route-table.ts.
const pages: Record<PageName, ComponentType> = {
  'automations-flow-page': lazyPage(() =>
    import('../pages/automations-flow-page.js').then((m) => m.AutomationsFlowPage),
  ),
  'automations-page': lazyPage(() => import('../pages/automations-page.js').then((m) => m.AutomationsPage)),
  'billing-page': lazyPage(() => import('../pages/billing-page.js').then((m) => m.BillingPage)),
  'campaign-detail-page': lazyPage(() =>
    import('../pages/campaign-detail-page.js').then((m) => m.CampaignDetailPage),
  ),
  'campaign-edit-page': lazyPage(() =>
    import('../pages/campaign-edit-page.js').then((m) => m.CampaignEditPage),
  ),
  'campaigns-page': lazyPage(() => import('../pages/campaigns-page.js').then((m) => m.CampaignsPage)),
  'home-page': lazyPage(() => import('../pages/home-page.js').then((m) => m.HomePage)),
  'messages-page': lazyPage(() => import('../pages/messages-page.js').then((m) => m.MessagesPage)),
  'segment-edit-page': lazyPage(() => import('../pages/segment-edit-page.js').then((m) => m.SegmentEditPage)),
  'segments-page': lazyPage(() => import('../pages/segments-page.js').then((m) => m.SegmentsPage)),
  'settings-page': lazyPage(() => import('../pages/settings-page.js').then((m) => m.SettingsPage)),
  'subscriber-detail-page': lazyPage(() =>
    import('../pages/subscriber-detail-page.js').then((m) => m.SubscriberDetailPage),
  ),
  'subscriber-import-page': lazyPage(() =>
    import('../pages/subscriber-import-page.js').then((m) => m.SubscriberImportPage),
  ),
  'subscribers-page': lazyPage(() => import('../pages/subscribers-page.js').then((m) => m.SubscribersPage)),
  'sync-page': lazyPage(() => import('../pages/sync-page.js').then((m) => m.SyncPage)),
  'webhook-events-page': lazyPage(() =>
    import('../pages/webhook-events-page.js').then((m) => m.WebhookEventsPage),
  ),
};

export interface AppRoute extends RouteEntry {
  component: ComponentType;
}

export const routes: readonly AppRoute[] = routeTable.map((entry) => ({
  ...entry,
  component: pages[entry.page],
}));

/** The routes shown in the navigation. */
export const navRoutes: readonly AppRoute[] = routes.filter((route) => route.nav !== false);

export const findRoute = (pathname: string): AppRoute | undefined =>
  routes.find((route) => matchesPath(route.path, pathname));

/** A navigation entry is selected on its own page and on the pages below it (`/automations/welcome`). */
export const isNavSelected = (route: AppRoute, pathname: string): boolean =>
  pathname === route.path || pathname.startsWith(`${route.path}/`);
