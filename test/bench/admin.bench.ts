// bench:admin — how fast each admin page loads for a merchant on a slow connection, measured against Shopify's
// Built for Shopify web vitals (LCP <= 2.5 s and CLS <= 0.1 at p75). Builds the UI, starts the real app in local
// mode (demo shop seeded) on a fresh database, then loads every page in headless Chromium (Debian's
// /usr/bin/chromium via playwright-core) with the network throttled by CDP to 1.6 Mbps down / 750 kbps up /
// 150 ms RTT and the CPU slowed 4x, cold cache, BENCH_LOADS (5) times. LCP and CLS come from
// PerformanceObserver (buffered), bytes transferred from Network.loadingFinished's encodedDataLength.
// Prints one JSON line. Targets: lcpP75Ms <= 2500 on every page, clsMax <= 0.1, firstLoadKb <= 300.
// BENCH_PAGES=home,subscribers measures only those pages; BENCH_DETAIL=1 also writes, per load, the LCP element
// and the waterfall (when each request started and ended, first contentful paint) to stderr.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { repoRoot } from '../../server/paths.js';
import { start } from '../../server/main.js';
import { createTestDatabase, testEnv } from '../support/test-database.js';

const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const ONLY = process.env.BENCH_PAGES?.split(',').filter((name) => name !== '');
const DETAIL = process.env.BENCH_DETAIL === '1';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: 1_600_000 / 8,
  uploadThroughput: 750_000 / 8,
};

// The waterfall of one load (BENCH_DETAIL): requests by start time, and the first contentful paint.
const WATERFALL = `JSON.stringify([
  ...performance.getEntriesByType('resource').map((e) => [Math.round(e.startTime), Math.round(e.responseEnd), e.transferSize, e.name.replace(location.origin, '')]),
  ...performance.getEntriesByType('paint').map((e) => [Math.round(e.startTime), Math.round(e.startTime), 0, e.name]),
].sort((a, b) => a[0] - b[0]))`;

// Runs in the page before any of its scripts: keeps the latest LCP (and what it was) and the session's summed
// layout shifts.
const OBSERVE_VITALS = `
  window.__vitals = { lcp: 0, cls: 0, lcpElement: '' };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__vitals.lcp = e.renderTime || e.loadTime || e.startTime;
      const text = e.element ? (e.element.textContent || '').trim().slice(0, 40) : '';
      window.__vitals.lcpElement = (e.element ? e.element.tagName.toLowerCase() : '?') + ' ' + e.size + 'px "' + text + '"';
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__vitals.cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
`;

interface Load {
  lcpMs: number;
  cls: number;
  bytes: number;
}

async function loadOnce(context: BrowserContext, url: string): Promise<Load> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.clearBrowserCache');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    let bytes = 0;
    // Requests in flight, and when one last started or ended: the load is over once the page has painted and
    // the network has been quiet for 500 ms (Playwright's networkidle alone can fire before the first paint,
    // while the CPU-throttled page is still evaluating scripts it already has).
    const inFlight = new Set<string>();
    let lastActivity = Date.now();
    cdp.on('Network.requestWillBeSent', (event) => {
      inFlight.add(event.requestId);
      lastActivity = Date.now();
    });
    cdp.on('Network.loadingFinished', (event) => {
      bytes += event.encodedDataLength;
      inFlight.delete(event.requestId);
      lastActivity = Date.now();
    });
    cdp.on('Network.loadingFailed', (event) => {
      inFlight.delete(event.requestId);
      lastActivity = Date.now();
    });
    await page.addInitScript(OBSERVE_VITALS);
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForFunction(
      "performance.getEntriesByName('first-contentful-paint').length > 0",
      undefined,
      {
        timeout: 120_000,
      },
    );
    const deadline = Date.now() + 120_000;
    while (inFlight.size > 0 || Date.now() - lastActivity < 500) {
      if (Date.now() > deadline) throw new Error(`${url}: the network never went quiet`);
      await page.waitForTimeout(50);
    }
    await page.waitForTimeout(1000); // late shifts (data arriving after idle) still count
    const vitals = JSON.parse(String(await page.evaluate('JSON.stringify(window.__vitals)'))) as {
      lcp: number;
      cls: number;
      lcpElement: string;
    };
    if (DETAIL) {
      const rows = JSON.parse(String(await page.evaluate(WATERFALL))) as Array<
        [number, number, number, string]
      >;
      process.stderr.write(
        `${url} LCP ${Math.round(vitals.lcp)} ms ${vitals.lcpElement} CLS ${vitals.cls.toFixed(4)}\n${rows
          .map(([start, end, size, name]) => `  ${start}-${end} ms ${Math.round(size / 1024)} kB ${name}`)
          .join('\n')}\n`,
      );
    }
    return { lcpMs: Math.round(vitals.lcp), cls: vitals.cls, bytes };
  } finally {
    await page.close();
  }
}

const p75 = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.75 * sorted.length) - 1)] ?? 0;
};

async function main(): Promise<void> {
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'admin-ui/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
  const db = await createTestDatabase();
  const app = await start({ port: 0, env: { ...testEnv(db), LOG_LEVEL: 'warn' } });
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'textlane-bench-admin-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  try {
    const base = app.url ?? '';
    const campaigns = (await (await fetch(`${base}/api/campaigns`)).json()) as {
      items?: Array<{ id: string }>;
    };
    const campaignId = campaigns.items?.[0]?.id;
    const pages: Record<string, string> = {
      home: '/',
      campaigns: '/campaigns',
      ...(campaignId ? { campaignReport: `/campaigns/${campaignId}` } : {}),
      segments: '/segments',
      automations: '/automations',
      subscribers: '/subscribers',
      messages: '/messages',
      settings: '/settings',
    };
    const results: Record<string, { lcpP75Ms: number; clsMax: number; firstLoadKb: number; loads: Load[] }> =
      {};
    const measured = Object.entries(pages).filter(([name]) => ONLY === undefined || ONLY.includes(name));
    for (const [name, pathname] of measured) {
      const loads: Load[] = [];
      for (let i = 0; i < LOADS; i++) {
        // No LCP entry means nothing was painted that counts (never a fast load): load it again, once.
        let load = await loadOnce(context, `${base}${pathname}`);
        if (load.lcpMs === 0) load = await loadOnce(context, `${base}${pathname}`);
        if (load.lcpMs === 0) throw new Error(`${pathname}: no largest-contentful-paint entry in two loads`);
        loads.push(load);
      }
      results[name] = {
        lcpP75Ms: p75(loads.map((l) => l.lcpMs)),
        clsMax: Math.max(...loads.map((l) => l.cls)),
        firstLoadKb: Math.round(Math.max(...loads.map((l) => l.bytes)) / 1024),
        loads,
      };
    }
    const entries = Object.entries(results);
    const worst = entries.reduce((a, b) => (b[1].lcpP75Ms > a[1].lcpP75Ms ? b : a));
    process.stdout.write(
      `${JSON.stringify({
        pages: Object.fromEntries(
          entries.map(([n, r]) => [
            n,
            { lcpP75Ms: r.lcpP75Ms, clsMax: Number(r.clsMax.toFixed(4)), firstLoadKb: r.firstLoadKb },
          ]),
        ),
        lcpP75Ms: worst[1].lcpP75Ms,
        worstPage: worst[0],
        clsMax: Number(Math.max(...entries.map(([, r]) => r.clsMax)).toFixed(4)),
        firstLoadKb: Math.max(...entries.map(([, r]) => r.firstLoadKb)),
        loadsPerPage: LOADS,
        missingPages: campaignId || ONLY?.includes('campaignReport') === false ? [] : ['campaignReport'],
      })}\n`,
    );
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
    await app.stop();
    await db.drop();
  }
}

await main();
