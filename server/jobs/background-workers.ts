// Long-running loops that are not agenda jobs (webhook inbox processor, message dispatchers): started in
// worker processes, stopped gracefully (finish the batch in hand, then return).
import type { AppContext } from '../app-context.js';

export interface BackgroundWorker {
  readonly name: string;
  start(): void;
  /** Resolves once the current batch is finished and the loop has exited. */
  stop(): Promise<void>;
}

export type BackgroundWorkerFactory = (ctx: AppContext) => BackgroundWorker;

/** Every background worker the app runs, in start order (stopped in reverse). */
export const backgroundWorkerFactories: BackgroundWorkerFactory[] = [];
