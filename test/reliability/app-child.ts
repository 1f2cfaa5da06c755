// One app process for `npm run chaos` and `npm run soak`: the real server (server/main.ts start(), as
// `npm run web` / `npm run worker` run it), forked by the driver with `--role web|worker` and its env.
// It tells the driver when it is up ({ ready, url }) and answers { metrics } on request: RSS, event-loop
// lag p99 since the last answer, open handles (active resources) and the pool's waiting clients (peak and
// how many 100 ms samples had a waiter). It dies with the driver (IPC disconnect), gracefully on SIGTERM.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Role } from '../../server/config.js';
import { start } from '../../server/main.js';

export interface ChildMetrics {
  rssMb: number;
  lagP99Ms: number;
  handles: number;
  poolWaitingPeak: number;
  poolWaitSamples: number;
}

export type ChildMessage = { ready: true; url: string | null } | { metrics: ChildMetrics };

function roleArg(): Role {
  const i = process.argv.indexOf('--role');
  const role = process.argv[i + 1];
  if (role !== 'web' && role !== 'worker') throw new Error('--role must be web or worker');
  return role;
}

async function main(): Promise<void> {
  const app = await start({ role: roleArg() });
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
