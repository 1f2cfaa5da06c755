// The admin UI's pages. "/" is Home, the dashboard.
import type { ComponentType } from 'react';
import { lazyPage } from './lazy-page.js';

// Each page is its own chunk, loaded when first shown (lazy-page.ts); add a page the same way.
const AutomationsFlowPage = lazyPage(() =>
  import('../pages/automations-flow-page.js').then((m) => m.AutomationsFlowPage),
);
const AutomationsPage = lazyPage(() => import('../pages/automations-page.js').then((m) => m.AutomationsPage));
const BillingPage = lazyPage(() => import('../pages/billing-page.js').then((m) => m.BillingPage));
const CampaignDetailPage = lazyPage(() =>
  import('../pages/campaign-detail-page.js').then((m) => m.CampaignDetailPage),
);
const CampaignEditPage = lazyPage(() =>
  import('../pages/campaign-edit-page.js').then((m) => m.CampaignEditPage),
);
const CampaignsPage = lazyPage(() => import('../pages/campaigns-page.js').then((m) => m.CampaignsPage));
const HomePage = lazyPage(() => import('../pages/home-page.js').then((m) => m.HomePage));
const MessagesPage = lazyPage(() => import('../pages/messages-page.js').then((m) => m.MessagesPage));
const SegmentEditPage = lazyPage(() =>
  import('../pages/segment-edit-page.js').then((m) => m.SegmentEditPage),
);
const SegmentsPage = lazyPage(() => import('../pages/segments-page.js').then((m) => m.SegmentsPage));
const SettingsPage = lazyPage(() => import('../pages/settings-page.js').then((m) => m.SettingsPage));
const SubscriberDetailPage = lazyPage(() =>
  import('../pages/subscriber-detail-page.js').then((m) => m.SubscriberDetailPage),
);
const SubscriberImportPage = lazyPage(() =>
  import('../pages/subscriber-import-page.js').then((m) => m.SubscriberImportPage),
);
const SubscribersPage = lazyPage(() => import('../pages/subscribers-page.js').then((m) => m.SubscribersPage));
const SyncPage = lazyPage(() => import('../pages/sync-page.js').then((m) => m.SyncPage));
const WebhookEventsPage = lazyPage(() =>
  import('../pages/webhook-events-page.js').then((m) => m.WebhookEventsPage),
);

export interface AppRoute {
  /** Path pattern: `:name` matches one path segment (`/automations/:flow`). */
  path: string;
  label: string;
  component: ComponentType;
  /** Listed in the navigation; false for detail pages reached from another page. Default true. */
  nav?: boolean;
}

export const routes: readonly AppRoute[] = [
  { path: '/', label: 'Home', component: HomePage },
  { path: '/campaigns', label: 'Campaigns', component: CampaignsPage },
  { path: '/campaigns/:id', label: 'Campaign', component: CampaignDetailPage, nav: false },
  { path: '/campaigns/:id/edit', label: 'Edit campaign', component: CampaignEditPage, nav: false },
  { path: '/segments', label: 'Segments', component: SegmentsPage },
  { path: '/segments/:id', label: 'Segment', component: SegmentEditPage, nav: false },
  { path: '/automations', label: 'Automations', component: AutomationsPage },
  { path: '/automations/:flow', label: 'Automation', component: AutomationsFlowPage, nav: false },
  { path: '/subscribers', label: 'Subscribers', component: SubscribersPage },
  { path: '/subscribers/import', label: 'Import subscribers', component: SubscriberImportPage, nav: false },
  { path: '/subscribers/:id', label: 'Subscriber', component: SubscriberDetailPage, nav: false },
  { path: '/messages', label: 'Messages', component: MessagesPage },
  { path: '/billing', label: 'Plan & usage', component: BillingPage },
  { path: '/settings', label: 'Settings', component: SettingsPage },
  { path: '/settings/sync', label: 'Store sync', component: SyncPage, nav: false },
  { path: '/settings/webhooks', label: 'Webhook events', component: WebhookEventsPage, nav: false },
];

/** The routes shown in the navigation. */
export const navRoutes: readonly AppRoute[] = routes.filter((route) => route.nav !== false);

/** True when `pathname` matches the route pattern (each `:name` segment matches one non-empty segment). */
export function matchesPath(pattern: string, pathname: string): boolean {
  const expected = pattern.split('/');
  const actual = pathname.split('/');
  return (
    expected.length === actual.length &&
    expected.every((segment, i) =>
      segment.startsWith(':') ? (actual[i] ?? '') !== '' : segment === actual[i],
    )
  );
}

export const findRoute = (pathname: string): AppRoute | undefined =>
  routes.find((route) => matchesPath(route.path, pathname));

/** A navigation entry is selected on its own page and on the pages below it (`/automations/welcome`). */
export const isNavSelected = (route: AppRoute, pathname: string): boolean =>
  pathname === route.path || pathname.startsWith(`${route.path}/`);
