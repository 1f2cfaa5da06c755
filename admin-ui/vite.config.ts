// Builds the embedded admin UI into dist/admin-ui; the server serves it (and swaps <!--app-bridge--> in index.html).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { routePreload } from './route-preload.js';

// Absolute, so the build works from any working directory (Vite resolves a relative root against cwd).
// URL instead of node:url keeps Node types out of the browser tsconfig.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
const outDir = `${root}../dist/admin-ui`;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);
const COMPRESSIBLE = /\.(js|css|svg|json|txt|map)$/;

/**
 * Writes `<file>.br` (quality 11) and `<file>.gz` (level 9) next to every text asset once the bundle is on
 * disk, so the server sends precompressed bytes (server/http/precompressed-static.ts) without compressing per request.
 */
function precompressAssets(): Plugin {
  return {
    name: 'textlane-precompress-assets',
    apply: 'build',
    async writeBundle() {
      const dir = `${outDir}/assets`;
      const files = (await readdir(dir)).filter((name) => COMPRESSIBLE.test(name));
      await Promise.all(
        files.map(async (name) => {
          const body = await readFile(`${dir}/${name}`);
          const [br, gzipped] = await Promise.all([
            brotli(body, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
              },
            }),
            gz(body, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${dir}/${name}.br`, br), writeFile(`${dir}/${name}.gz`, gzipped)]);
        }),
      );
    },
  };
}

// The server only ever serves this production build. Vite takes the build's flavour from NODE_ENV when the caller
// has set it, and a caller under Jest (NODE_ENV=test: the browser tests' ensureUiBuilt) got a test build: React's
// development runtime and Polaris Viz's test-only 500x500 first measurement, which made every chart's legend 500 px
// tall until its ResizeObserver fired (negative SVG heights, console errors under load). Vite reads NODE_ENV after
// loading this file, so setting it here makes every `vite build` a production build, whoever runs it.
export default defineConfig(({ command }) => {
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root,
    base: '/',
    plugins: [react(), routePreload(), precompressAssets()],
    build: {
      outDir,
      emptyOutDir: true,
      // Pages are loaded on demand (admin-ui/src/routing/routes.ts); the entry keeps React, Polaris and the shell.
      chunkSizeWarningLimit: 700,
    },
  };
});
