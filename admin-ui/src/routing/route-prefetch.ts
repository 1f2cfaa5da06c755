// The GET requests each page makes as soon as it shows, so main.tsx can start them before the page's code has
// loaded (the page's own request then takes the response: api/client.ts prefetchGet). A path here must be
// exactly the one the page asks for, or it is fetched twice; a page not listed simply asks when it renders.
import { matchesPath, routeTable, type PageName } from './route-table.js';

/** The route's `:name` segments' values in `pathname` (decoded), when `pattern` matches it. */
export function pathParams(pattern: string, pathname: string): Record<string, string> {
  const expected = pattern.split('/');
  const actual = pathname.split('/');
  const params: Record<string, string> = {};
  expected.forEach((segment, i) => {
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(actual[i] ?? '');
  });
  return params;
}

// As admin-ui/src/reports: a day is the ISO (UTC) date, and a range's end is the end of its last day.
const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** `from=…&to=…` of the last 30 days (the default range of the pages with a date range picker, lastDays(30)). */
function last30Days(now: Date): string {
  const from = isoDay(new Date(now.getTime() - 29 * 86_400_000));
  return new URLSearchParams({ from, to: `${isoDay(now)}T23:59:59.999Z` }).toString();
}

/** GET /api/reports/overview for the last 30 days (home-page's default range). */
export function overviewLast30Days(now: Date): string {
  return `/api/reports/overview?${last30Days(now)}`;
}

/** The paths `page` asks for first (its first render's effects), with the route's parameters. */
export function firstRequests(page: PageName, params: Record<string, string>, now: Date): string[] {
  switch (page) {
    case 'home-page':
      return [overviewLast30Days(now), '/api/campaigns?limit=100'];
    case 'campaigns-page':
      return ['/api/campaigns'];
    case 'campaign-detail-page': {
      const id = encodeURIComponent(params.id ?? '');
      // The campaign (use-campaign-poll), its report and attributed orders (campaign-report), the segments
      // its overview names.
      return [
        `/api/campaigns/${id}`,
        `/api/campaigns/${id}/report`,
        `/api/reports/orders?${new URLSearchParams({ campaign: params.id ?? '' }).toString()}`,
        '/api/segments',
      ];
    }
    case 'segments-page':
      return ['/api/segments', '/api/segments/templates'];
    case 'automations-page':
      return [`/api/automations?${last30Days(now)}`];
    case 'subscribers-page':
      return ['/api/subscribers?limit=50', '/api/subscribers/counts'];
    case 'messages-page':
      return ['/api/messages?limit=50', '/api/messages/summary'];
    case 'settings-page':
      return [
        '/api/settings',
        '/api/messages/test-phone',
        '/api/settings/compliance',
        '/api/settings/compliance/audit',
      ];
    case 'automations-flow-page':
    case 'billing-page':
    case 'campaign-edit-page':
    case 'segment-edit-page':
    case 'subscriber-detail-page':
    case 'subscriber-import-page':
    case 'sync-page':
    case 'webhook-events-page':
      return [];
  }
}

/** What the page at `pathname` asks for first ([] for a path no route matches). */
export function routeFirstRequests(pathname: string, now: Date): string[] {
  const route = routeTable.find((entry) => matchesPath(entry.path, pathname));
  return route === undefined ? [] : firstRequests(route.page, pathParams(route.path, pathname), now);
}
