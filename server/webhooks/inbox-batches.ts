// How the inbox processor splits a claimed batch of events into work: runs of events whose topic has a
// batch handler are grouped per shop and handler, each group cut into rounds holding at most one
// delivery per entity (an order, a customer), so one transaction per round gives the outcome of
// handling the events one by one in id order; any other event (no batch handler, invalid payload) is a
// step of its own, and ends the run before it so events on either side keep their relative order.
import type { WebhookBatchHandler } from './handler-types.js';

export interface BatchGroup<E, P> {
  kind: 'group';
  shopDomain: string;
  handler: WebhookBatchHandler<P>;
  /** Rounds in order; each round's events in id order, with at most one per entity key. */
  rounds: Array<Array<{ event: E; payload: P }>>;
}

export type BatchStep<E, P> = BatchGroup<E, P> | { kind: 'single'; event: E };

export interface PlannedEvent<E, P> {
  event: E;
  shopDomain: string;
  /** The batch handler and parsed payload, or null: the event is handled alone. */
  batch: { handler: WebhookBatchHandler<P>; payload: P } | null;
}

/** Places each delivery in the round after the last one holding any of its entity keys. */
function intoRounds<E, P>(
  handler: WebhookBatchHandler<P>,
  items: ReadonlyArray<{ event: E; payload: P }>,
): Array<Array<{ event: E; payload: P }>> {
  const rounds: Array<Array<{ event: E; payload: P }>> = [];
  const lastRound = new Map<string, number>();
  for (const item of items) {
    const keys = handler.entityKeys(item.payload);
    const round = keys.reduce((r, k) => Math.max(r, (lastRound.get(k) ?? -1) + 1), 0);
    for (const k of keys) lastRound.set(k, round);
    (rounds[round] ??= []).push(item);
  }
  return rounds;
}

/** The steps for a claimed batch, `events` in id order. */
export function planBatch<E, P>(events: ReadonlyArray<PlannedEvent<E, P>>): Array<BatchStep<E, P>> {
  const steps: Array<BatchStep<E, P>> = [];
  let run = new Map<
    string,
    { shopDomain: string; handler: WebhookBatchHandler<P>; items: Array<{ event: E; payload: P }> }
  >();
  const handlerIds = new Map<WebhookBatchHandler<P>, number>();
  const flush = () => {
    for (const g of run.values())
      steps.push({
        kind: 'group',
        shopDomain: g.shopDomain,
        handler: g.handler,
        rounds: intoRounds(g.handler, g.items),
      });
    run = new Map();
  };
  for (const e of events) {
    if (!e.batch) {
      flush();
      steps.push({ kind: 'single', event: e.event });
      continue;
    }
    const { handler, payload } = e.batch;
    if (!handlerIds.has(handler)) handlerIds.set(handler, handlerIds.size);
    const key = `${handlerIds.get(handler)}\u0000${e.shopDomain}`;
    let group = run.get(key);
    if (!group) run.set(key, (group = { shopDomain: e.shopDomain, handler, items: [] }));
    group.items.push({ event: e.event, payload });
  }
  flush();
  return steps;
}
