import { createWakeSignal, type WakeSignal } from '../../../server/jobs/wake-signal.js';

const sleep = (ms: number): Promise<'slept'> =>
  new Promise((resolve) => setTimeout(() => resolve('slept'), ms));

describe('createWakeSignal (polling only)', () => {
  let signal: WakeSignal;
  beforeEach(() => {
    signal = createWakeSignal({ url: null, channel: 'messages_queued', name: 'test' });
  });
  afterEach(async () => {
    await signal.close();
  });

  it('resolves a wait after its timeout when nothing happens', async () => {
    const waiter = signal.waiter();
    expect(await Promise.race([waiter.wait(20).then(() => 'timed out'), sleep(5000)])).toBe('timed out');
  });

  it('does not listen without a url', () => {
    expect(signal.listening()).toBe(false);
  });

  it('wakes every waiting waiter at once', async () => {
    const waits = [
      signal
        .waiter()
        .wait(60_000)
        .then(() => 'woke'),
      signal
        .waiter()
        .wait(60_000)
        .then(() => 'woke'),
    ];
    signal.wake();
    expect(await Promise.race([Promise.all(waits), sleep(1000)])).toEqual(['woke', 'woke']);
  });

  it('remembers a wake that came while the waiter was busy, once', async () => {
    const waiter = signal.waiter();
    signal.wake();
    expect(await Promise.race([waiter.wait(60_000).then(() => 'woke'), sleep(1000)])).toBe('woke');
    // The wake was used up by that wait: the next one sleeps.
    expect(await Promise.race([waiter.wait(60_000).then(() => 'woke'), sleep(50)])).toBe('slept');
  });

  it('gives a waiter created after a wake nothing to remember', async () => {
    signal.wake();
    const waiter = signal.waiter();
    expect(await Promise.race([waiter.wait(60_000).then(() => 'woke'), sleep(50)])).toBe('slept');
  });

  it('releases pending waits on close, and later waits at once', async () => {
    const waiter = signal.waiter();
    const pending = waiter.wait(60_000).then(() => 'woke');
    await signal.close();
    expect(await Promise.race([pending, sleep(1000)])).toBe('woke');
    expect(await Promise.race([waiter.wait(60_000).then(() => 'woke'), sleep(1000)])).toBe('woke');
  });
});
