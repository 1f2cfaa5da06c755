// Builds the embedded admin UI into dist/admin-ui; the server serves it (and swaps <!--app-bridge--> in index.html).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Absolute, so the build works from any working directory (Vite resolves a relative root against cwd).
// URL instead of node:url keeps Node types out of the browser tsconfig.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/admin-ui', // relative to root
    emptyOutDir: true,
    // React + Polaris are one ~515 kB chunk (136 kB gzipped); served once and cached, so no splitting.
    chunkSizeWarningLimit: 700,
  },
});
