// The driver's side of app-child.ts: fork a web or worker process with the run's environment (and
// --expose-gc when asked, so memory() is measured after a full collection), wait until it is up, SIGKILL it,
// ask it for metrics or memory, and notice when one exits that nobody killed (a crash: it is counted
// and started again, so the run goes on and the report says so).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMemory, ChildMessage, ChildMetrics } from './app-child.js';

const CHILD = fileURLToPath(new URL('./app-child.js', import.meta.url));

export interface AppProcess {
  readonly role: 'web' | 'worker';
  readonly child: ChildProcess;
  readonly url: string | null;
}

export interface AppProcesses {
  spawn(role: 'web' | 'worker'): Promise<AppProcess>;
  /** SIGKILLs the process and waits until it is gone. */
  kill(p: AppProcess): Promise<void>;
  /** Metrics of every live process, by role and index. */
  metrics(): Promise<Array<{ role: string; pid: number } & ChildMetrics>>;
  /** Memory (after a full collection with exposeGc) and open handles of every live process; resets nothing. */
  memory(): Promise<Array<{ role: string; pid: number } & ChildMemory>>;
  live(): AppProcess[];
  /** Processes that exited without being killed by the driver (each was started again). */
  crashes(): number;
  stopAll(): Promise<void>;
}

/** Asks every live process one question; each answer is the first message that carries `key`. */
function ask(
  live: Iterable<AppProcess>,
  key: 'metrics' | 'memory',
): Promise<Array<{ p: AppProcess; m: ChildMessage }>> {
  return Promise.all(
    [...live].map(
      (p) =>
        new Promise<{ p: AppProcess; m: ChildMessage }>((resolve) => {
          p.child.on('message', function answer(m: ChildMessage) {
            if (!(key in m)) return;
            p.child.off('message', answer);
            resolve({ p, m });
          });
          p.child.send(key);
        }),
    ),
  );
}

const tag = (p: AppProcess) => ({ role: p.role, pid: p.child.pid! });

export function createAppProcesses(
  env: Record<string, string>,
  opts: { exposeGc?: boolean } = {},
): AppProcesses {
  const live = new Set<AppProcess>();
  const killed = new WeakSet<ChildProcess>();
  let crashes = 0;
  let stopping = false;

  function spawn(role: 'web' | 'worker'): Promise<AppProcess> {
    const child = fork(CHILD, ['--role', role], {
      env: { ...process.env, ...env },
      execArgv: opts.exposeGc ? [...process.execArgv, '--expose-gc'] : process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`${role} exited with ${code} before it was up`));
      child.once('exit', onExit);
      child.on('message', function ready(m: ChildMessage) {
        if (!('ready' in m)) return;
        child.off('message', ready);
        child.off('exit', onExit);
        const p: AppProcess = { role, child, url: m.url };
        live.add(p);
        child.once('exit', (code, signal) => {
          live.delete(p);
          if (killed.has(child) || stopping) return;
          crashes++;
          process.stderr.write(
            `chaos: ${role} ${child.pid} exited by itself (${code ?? signal}); starting another\n`,
          );
          void spawn(role).catch((err: unknown) =>
            process.stderr.write(`chaos: restart failed: ${String(err)}\n`),
          );
        });
        resolve(p);
      });
    });
  }

  function gone(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  return {
    spawn,
    async kill(p) {
      killed.add(p.child);
      p.child.kill('SIGKILL');
      await gone(p.child);
    },
    metrics: async () =>
      (await ask(live, 'metrics')).flatMap(({ p, m }) =>
        'metrics' in m ? [{ ...tag(p), ...m.metrics }] : [],
      ),
    memory: async () =>
      (await ask(live, 'memory')).flatMap(({ p, m }) => ('memory' in m ? [{ ...tag(p), ...m.memory }] : [])),
    live: () => [...live],
    crashes: () => crashes,
    async stopAll() {
      stopping = true;
      await Promise.all(
        [...live].map((p) => {
          p.child.kill('SIGTERM');
          return gone(p.child);
        }),
      );
    },
  };
}
