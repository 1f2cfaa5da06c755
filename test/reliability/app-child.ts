// One app process for `npm run chaos` and `npm run soak`: the real server (server/main.ts start(), as
// `npm run web` / `npm run worker` run it), forked by the driver with `--role web|worker` and its env.
// It tells the driver when it is up ({ ready, url }) and answers on request:
// - 'metrics': RSS, event-loop lag p99 since the last answer, open handles (active resources) and the pool's
//   waiting clients (peak and how many 100 ms samples had a waiter), then resets the lag and pool counters;
// - 'memory': the heap and external memory in use after a full collection (when started with --expose-gc,
//   as the soak starts it), RSS and open handles; resets nothing.
// SOAK_LEAK_MB_PER_MIN (read here only, never by server/) makes the process retain that many MB of heap a
// minute on purpose, to show that the soak's verdict fails on a leak. It dies with the driver (IPC
// disconnect), gracefully on SIGTERM.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Role } from '../../server/config.js';
import { start } from '../../server/main.js';
import { startInjectedLeak } from './injected-leak.js';

export interface ChildMetrics {
  rssMb: number;
  lagP99Ms: number;
  handles: number;
  poolWaitingPeak: number;
  poolWaitSamples: number;
}

export interface ChildMemory {
  /** V8 heap in use (after a full collection when gc is exposed), MB with one decimal. */
  heapMb: number;
  /** Memory of C++ objects bound to JS objects (Buffers included), after the same collection. */
  externalMb: number;
  rssMb: number;
  handles: number;
  /** Whether the figures were taken after a forced full collection. */
  afterGc: boolean;
}

export type ChildMessage =
  { ready: true; url: string | null } | { metrics: ChildMetrics } | { memory: ChildMemory };

const mb1 = (bytes: number) => Math.round(bytes / 2 ** 20 / 0.1) / 10;

function roleArg(): Role {
  const i = process.argv.indexOf('--role');
  const role = process.argv[i + 1];
  if (role !== 'web' && role !== 'worker') throw new Error('--role must be web or worker');
  return role;
}

function memory(): ChildMemory {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const m = process.memoryUsage();
  return {
    heapMb: mb1(m.heapUsed),
    externalMb: mb1(m.external),
    rssMb: Math.round(m.rss / 2 ** 20),
    handles: process.getActiveResourcesInfo().length,
    afterGc: gc !== undefined,
  };
}

async function main(): Promise<void> {
  const app = await start({ role: roleArg() });
  startInjectedLeak(process.env.SOAK_LEAK_MB_PER_MIN);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let waitingPeak = 0;
  let waitSamples = 0;
  const sampler = setInterval(() => {
    const waiting = app.database.pool.waitingCount;
    waitingPeak = Math.max(waitingPeak, waiting);
    if (waiting > 0) waitSamples++;
  }, 100);
  sampler.unref();
  process.on('message', (m: unknown) => {
    if (m === 'memory') {
      process.send!({ memory: memory() } satisfies ChildMessage);
      return;
    }
    if (m !== 'metrics') return;
    const metrics: ChildMetrics = {
      rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      lagP99Ms: Math.round(lag.percentile(99) / 1e5) / 10,
      handles: process.getActiveResourcesInfo().length,
      poolWaitingPeak: waitingPeak,
      poolWaitSamples: waitSamples,
    };
    lag.reset();
    waitingPeak = 0;
    waitSamples = 0;
    process.send!({ metrics } satisfies ChildMessage);
  });
  const stop = () => void app.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  process.send!({ ready: true, url: app.url } satisfies ChildMessage);
}

main().catch((err: unknown) => {
  process.stderr.write(`app process failed to start: ${String(err)}\n`);
  process.exit(1);
});
