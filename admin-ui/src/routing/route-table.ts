// The admin UI's routes as plain data: path pattern, label, the page module that draws it, and whether the
// navigation lists it. No imports, so the build reads it too (admin-ui/route-preload.ts): the served
// index.html starts fetching the opened page's module alongside the entry instead of after it.

export interface RouteEntry {
  /** Path pattern: `:name` matches one path segment (`/automations/:flow`). */
  path: string;
  label: string;
  /** The page's module: admin-ui/src/pages/<page>.tsx. */
  page: string;
  /** Listed in the navigation; false for detail pages reached from another page. Default true. */
  nav?: boolean;
}

// "/" is Home, the dashboard. The first route that matches a path is the one shown.
export const routeTable = [
  { path: '/', label: 'Home', page: 'home-page' },
  { path: '/campaigns', label: 'Campaigns', page: 'campaigns-page' },
  { path: '/campaigns/:id', label: 'Campaign', page: 'campaign-detail-page', nav: false },
  { path: '/campaigns/:id/edit', label: 'Edit campaign', page: 'campaign-edit-page', nav: false },
  { path: '/segments', label: 'Segments', page: 'segments-page' },
  { path: '/segments/:id', label: 'Segment', page: 'segment-edit-page', nav: false },
  { path: '/automations', label: 'Automations', page: 'automations-page' },
  { path: '/automations/:flow', label: 'Automation', page: 'automations-flow-page', nav: false },
  { path: '/subscribers', label: 'Subscribers', page: 'subscribers-page' },
  { path: '/subscribers/import', label: 'Import subscribers', page: 'subscriber-import-page', nav: false },
  { path: '/subscribers/:id', label: 'Subscriber', page: 'subscriber-detail-page', nav: false },
  { path: '/messages', label: 'Messages', page: 'messages-page' },
  { path: '/billing', label: 'Plan & usage', page: 'billing-page' },
  { path: '/settings', label: 'Settings', page: 'settings-page' },
  { path: '/settings/sync', label: 'Store sync', page: 'sync-page', nav: false },
  { path: '/settings/webhooks', label: 'Webhook events', page: 'webhook-events-page', nav: false },
] as const satisfies readonly RouteEntry[];

export type PageName = (typeof routeTable)[number]['page'];

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
