// A deliberate leak for proving that `npm run soak` fails on one (test/reliability/RESULTS.md): the app
// process (app-child.ts) retains `mbPerMinute` MB of heap a minute, in arrays of about 1 KB (120 small
// integers) added every 100 ms to a list nothing ever clears, as a cache without eviction would. Read from
// SOAK_LEAK_MB_PER_MIN by the soak's child runner only; the server never sees it. Unset, empty or 0:
// nothing is retained.
/** An array of 120 small integers takes about 1 KB of V8 heap (8-byte elements and headers). */
const ITEM_LENGTH = 120;
const ITEM_BYTES = 1024;
const TICK_MS = 100;

const retained: number[][] = [];

export function startInjectedLeak(raw: string | undefined): void {
  if (raw === undefined || raw === '') return;
  const mbPerMinute = Number(raw);
  if (!Number.isFinite(mbPerMinute) || mbPerMinute < 0)
    throw new Error(`SOAK_LEAK_MB_PER_MIN must be a non-negative number of MB, got ${raw}`);
  if (mbPerMinute === 0) return;
  const perTick = (mbPerMinute * 2 ** 20) / ITEM_BYTES / (60_000 / TICK_MS);
  let owed = 0;
  let n = 0;
  const timer = setInterval(() => {
    owed += perTick;
    for (; owed >= 1; owed--) {
      const base = n++;
      retained.push(Array.from({ length: ITEM_LENGTH }, (_, i) => base + i));
    }
  }, TICK_MS);
  timer.unref();
  process.stderr.write(`app process ${process.pid}: leaking ${mbPerMinute} MB a minute on purpose\n`);
}
