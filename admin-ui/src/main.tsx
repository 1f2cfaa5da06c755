import '@shopify/polaris/build/esm/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { prefetchGet } from './api/client.js';
import { App } from './app.js';
import { routeFirstRequests } from './routing/route-prefetch.js';
import { normalizePath } from './routing/router.js';

// The opened page's first API requests start now, while its code is still loading (routing/route-prefetch.ts).
prefetchGet(routeFirstRequests(normalizePath(window.location.pathname), new Date()));

const container = document.getElementById('root');
if (container === null) throw new Error('index.html is missing the #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
