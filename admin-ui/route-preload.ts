// Build step: the served index.html starts downloading the opened page's chunk, the chunks only it imports and
// its CSS at once, alongside the entry, instead of after the entry has downloaded and run (the waterfall
// document -> entry -> page chunk -> API becomes document -> entry + page chunk -> API). A small inline script
// matches location.pathname against the route table (src/routing/route-table.ts, first match wins, as the app
// does) and adds <link rel="modulepreload"> (JS) and <link rel="preload" as="style"> (CSS) for that page.
// Chunks a page loads lazily itself (Polaris Viz) are left to load after it.
import type { Plugin, Rollup } from 'vite';
import { routeTable } from './src/routing/route-table.js';

/** Where the script goes: after App Bridge (which must be the first script) and before the entry. */
export const ROUTE_PRELOAD_MARKER = '<!--route-preload-->';

/** The chunk files a chunk imports statically, itself included, transitively. */
function staticClosure(bundle: Rollup.OutputBundle, fileName: string, seen = new Set<string>()): Set<string> {
  const chunk = bundle[fileName];
  if (seen.has(fileName) || chunk === undefined || chunk.type !== 'chunk') return seen;
  seen.add(fileName);
  for (const imported of chunk.imports) staticClosure(bundle, imported, seen);
  return seen;
}

/**
 * The inline script: `files` are asset URLs, `routes` pairs each path pattern with the indexes of the files
 * its page needs. Plain ES5 so it runs before anything else loads; the path is normalised as router.ts does.
 */
export function preloadScript(files: string[], routes: Array<[string, number[]]>): string {
  return `(function(){var f=${JSON.stringify(files)},r=${JSON.stringify(routes)},p=location.pathname;
p=p.length>1?p.replace(/\\/+$/,'')||'/':p;var a=p.split('/');
for(var i=0;i<r.length;i++){var e=r[i][0].split('/'),ok=e.length===a.length;
for(var j=0;ok&&j<e.length;j++)ok=e[j].charAt(0)===':'?a[j]!=='':e[j]===a[j];
if(!ok)continue;for(var k=0;k<r[i][1].length;k++){var h=f[r[i][1][k]],l=document.createElement('link');
if(/\\.css$/.test(h)){l.rel='preload';l.as='style'}else l.rel='modulepreload';
l.crossOrigin='';l.href=h;document.head.appendChild(l)}return}})();`;
}

export function routePreload(): Plugin {
  let base = '/';
  return {
    name: 'textlane-route-preload',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (bundle === undefined) return html;
        const chunks = Object.values(bundle).filter((item) => item.type === 'chunk');
        // What the entry loads anyway (Vite's own <script> and <link rel="modulepreload"> tags).
        const loaded = new Set<string>();
        for (const chunk of chunks) if (chunk.isEntry) staticClosure(bundle, chunk.fileName, loaded);
        const files: string[] = [];
        const indexOf = (url: string): number => {
          const at = files.indexOf(url);
          return at >= 0 ? at : files.push(url) - 1;
        };
        const routes: Array<[string, number[]]> = routeTable.map((route) => {
          const page = chunks.find(
            (chunk) =>
              chunk.isDynamicEntry && chunk.facadeModuleId?.endsWith(`/src/pages/${route.page}.tsx`) === true,
          );
          if (page === undefined) throw new Error(`route-preload: no chunk for page ${route.page}`);
          const needed = [...staticClosure(bundle, page.fileName)].filter((file) => !loaded.has(file));
          const css = needed.flatMap((file) => {
            const chunk = bundle[file];
            return chunk?.type === 'chunk' ? [...(chunk.viteMetadata?.importedCss ?? [])] : [];
          });
          return [route.path, [...css, ...needed].map((file) => indexOf(`${base}${file}`))];
        });
        if (!html.includes(ROUTE_PRELOAD_MARKER)) throw new Error(`index.html lacks ${ROUTE_PRELOAD_MARKER}`);
        return html.replace(ROUTE_PRELOAD_MARKER, `<script>${preloadScript(files, routes)}</script>`);
      },
    },
  };
}
