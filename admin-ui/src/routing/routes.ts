// The admin UI's pages. "/" is Home, the dashboard.
import type { ComponentType } from 'react';
import { AutomationsFlowPage } from '../pages/automations-flow-page.js';
import { AutomationsPage } from '../pages/automations-page.js';
import { BillingPage } from '../pages/billing-page.js';
import { CampaignDetailPage } from '../pages/campaign-detail-page.js';
import { CampaignEditPage } from '../pages/campaign-edit-page.js';
import { CampaignsPage } from '../pages/campaigns-page.js';
import { HomePage } from '../pages/home-page.js';
import { MessagesPage } from '../pages/messages-page.js';
import { SegmentEditPage } from '../pages/segment-edit-page.js';
import { SegmentsPage } from '../pages/segments-page.js';
import { SettingsPage } from '../pages/settings-page.js';
import { SubscriberDetailPage } from '../pages/subscriber-detail-page.js';
import { SubscriberImportPage } from '../pages/subscriber-import-page.js';
import { SubscribersPage } from '../pages/subscribers-page.js';
import { SyncPage } from '../pages/sync-page.js';
import { WebhookEventsPage } from '../pages/webhook-events-page.js';

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
