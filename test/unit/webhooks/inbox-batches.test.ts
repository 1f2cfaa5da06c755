// planBatch: how a claimed batch of inbox events becomes work (groups per shop and batch handler, cut
// into rounds with at most one delivery per entity; events without a batch handler alone, in order).
import type { WebhookBatchHandler } from '../../../server/webhooks/handler-types.js';
import { planBatch, type PlannedEvent } from '../../../server/webhooks/inbox-batches.js';

interface P {
  order: string;
  customer: string;
}
const handler: WebhookBatchHandler<P> = {
  entityKeys: (p) => [`order:${p.order}`, `customer:${p.customer}`],
  handle: async () => undefined,
};
const other: WebhookBatchHandler<P> = { ...handler };

const ev = (id: number, shop: string, p: P | null, h = handler): PlannedEvent<number, P> => ({
  event: id,
  shopDomain: shop,
  batch: p ? { handler: h, payload: p } : null,
});

const ids = (steps: ReturnType<typeof planBatch<number, P>>) =>
  steps.map((s) =>
    s.kind === 'single'
      ? `single ${s.event}`
      : `${s.shopDomain}: ${s.rounds.map((r) => r.map((x) => x.event).join(',')).join(' | ')}`,
  );

describe('planBatch', () => {
  it('groups per shop, one round while orders and customers differ', () => {
    const steps = planBatch([
      ev(1, 'a', { order: '1', customer: '1' }),
      ev(2, 'b', { order: '2', customer: '2' }),
      ev(3, 'a', { order: '3', customer: '3' }),
    ]);
    expect(ids(steps)).toEqual(['a: 1,3', 'b: 2']);
  });

  it('puts a second delivery of an order or of a customer in a later round, keeping their order', () => {
    const steps = planBatch([
      ev(1, 'a', { order: '1', customer: '1' }),
      ev(2, 'a', { order: '1', customer: '1' }),
      ev(3, 'a', { order: '3', customer: '1' }),
      ev(4, 'a', { order: '4', customer: '4' }),
      ev(5, 'a', { order: '3', customer: '5' }),
    ]);
    expect(ids(steps)).toEqual(['a: 1,4 | 2 | 3 | 5']);
  });

  it('handles an event without a batch handler alone, after the run before it and before the run after it', () => {
    const steps = planBatch([
      ev(1, 'a', { order: '1', customer: '1' }),
      ev(2, 'a', null),
      ev(3, 'a', { order: '3', customer: '3' }),
    ]);
    expect(ids(steps)).toEqual(['a: 1', 'single 2', 'a: 3']);
  });

  it('keeps different batch handlers apart', () => {
    const steps = planBatch([
      ev(1, 'a', { order: '1', customer: '1' }),
      ev(2, 'a', { order: '2', customer: '2' }, other),
    ]);
    expect(steps.map((s) => (s.kind === 'group' ? s.handler : null))).toEqual([handler, other]);
  });

  it('plans nothing for an empty claim', () => {
    expect(planBatch([])).toEqual([]);
  });
});
