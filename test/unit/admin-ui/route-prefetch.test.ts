// The admin UI starts a page's first API requests before the page's code loads (route-prefetch.ts), and the
// built index.html preloads the page's chunks (route-preload.ts). A prefetched path the page does not ask
// for exactly is fetched twice, so the paths are checked against those the pages ask for (as the browser
// shows them: the API modules that build them need the DOM, which this test's compilation lacks); the preload
// script is run against a stand-in document.
import { preloadScript } from '../../../admin-ui/route-preload.js';
import { pathParams, routeFirstRequests } from '../../../admin-ui/src/routing/route-prefetch.js';

const NOW = new Date('2026-12-06T09:30:00Z');

describe('route prefetch', () => {
  it("asks for home's last 30 days as the dashboard does", () => {
    expect(routeFirstRequests('/', NOW)).toEqual([
      '/api/reports/overview?from=2026-11-07&to=2026-12-06T23%3A59%3A59.999Z',
      '/api/campaigns?limit=100',
    ]);
  });

  it("asks for the automations' last 30 days as the automations list does", () => {
    expect(routeFirstRequests('/automations', NOW)).toEqual([
      '/api/automations?from=2026-11-07&to=2026-12-06T23%3A59%3A59.999Z',
    ]);
  });

  it("asks for the subscribers' first page as the subscribers page does", () => {
    expect(routeFirstRequests('/subscribers', NOW)).toEqual([
      '/api/subscribers?limit=50',
      '/api/subscribers/counts',
    ]);
  });

  it("fills in a detail page's parameters, encoded", () => {
    expect(pathParams('/campaigns/:id', '/campaigns/a%20b')).toEqual({ id: 'a b' });
    expect(routeFirstRequests('/campaigns/a%20b', NOW).slice(0, 3)).toEqual([
      '/api/campaigns/a%20b',
      '/api/campaigns/a%20b/report',
      '/api/reports/orders?campaign=a+b',
    ]);
  });

  it('asks for nothing on a page it does not know, or one that loads on demand', () => {
    expect(routeFirstRequests('/nowhere', NOW)).toEqual([]);
    expect(routeFirstRequests('/campaigns/abc/edit', NOW)).toEqual([]);
  });
});

describe('route preload script', () => {
  const run = (pathname: string): string[] => {
    const added: string[] = [];
    const document = {
      createElement: () => ({}) as Record<string, string>,
      head: { appendChild: (link: Record<string, string>) => added.push(`${link.rel} ${link.href}`) },
    };
    const script = preloadScript(
      ['/assets/home.js', '/assets/campaign.js', '/assets/report.css', '/assets/shared.js'],
      [
        ['/', [0, 3]],
        ['/campaigns/:id', [2, 1, 3]],
        ['/campaigns/:id/edit', [3]],
      ],
    );
    new Function('location', 'document', script)({ pathname }, document);
    return added;
  };

  it("adds the matching route's chunks and CSS", () => {
    expect(run('/')).toEqual(['modulepreload /assets/home.js', 'modulepreload /assets/shared.js']);
    expect(run('/campaigns/42/')).toEqual([
      'preload /assets/report.css',
      'modulepreload /assets/campaign.js',
      'modulepreload /assets/shared.js',
    ]);
    expect(run('/campaigns/42/edit')).toEqual(['modulepreload /assets/shared.js']);
  });

  it('adds nothing for a path no route matches', () => {
    expect(run('/campaigns')).toEqual([]);
    expect(run('/campaigns//edit')).toEqual([]);
  });
});
