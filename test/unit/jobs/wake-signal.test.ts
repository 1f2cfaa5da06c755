import { createWakeSignal, type WakeSignal } from '../../../../server/messaging/outbox/wake.js';

const sleep = (ms: number): Promise<'slept'> =>
  new Promise((resolve) => setTimeout(() => resolve('slept'), ms));

describe('createWakeSignal (polling only)', () => {
  let signal: WakeSignal;
  beforeEach(() => {
    signal = createWakeSignal({ url: null, channel: 'messages_queued' });
  });
  afterEach(async () => {
    await signal.close();
  });

  it('resolves a wait after its timeout when nothing happens', async () => {
    const started = performance.now();
    await signal.wait(40);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('wakes every pending waiter at once', async () => {
    const waits = [signal.wait(60_000).then(() => 'woke'), signal.wait(60_000).then(() => 'woke')];
    signal.wake();
    expect(await Promise.race([Promise.all(waits), sleep(1000)])).toEqual(['woke', 'woke']);
  });

  it('does not remember a wake that came before the wait', async () => {
    signal.wake();
    expect(await Promise.race([signal.wait(60_000).then(() => 'woke'), sleep(50)])).toBe('slept');
  });

  it('releases pending waits on close, and later waits at once', async () => {
    const pending = signal.wait(60_000).then(() => 'woke');
    await signal.close();
    expect(await Promise.race([pending, sleep(1000)])).toBe('woke');
    expect(await Promise.race([signal.wait(60_000).then(() => 'woke'), sleep(1000)])).toBe('woke');
  });
});
