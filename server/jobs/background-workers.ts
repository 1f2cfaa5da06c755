// Long-running loops that are not agenda jobs (webhook inbox processor, message dispatchers): started in
// worker processes, stopped gracefully (finish the batch in hand, then return). main.ts creates them.

export interface BackgroundWorker {
  readonly name: string;
  start(): void;
  /** Resolves once the current batch is finished and the loop has exited. */
  stop(): Promise<void>;
}
