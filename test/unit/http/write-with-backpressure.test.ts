// A streamed export waits for 'drain' when the socket is full, and stops when the client went away.
import { Writable } from 'node:stream';
import { writeWithBackpressure } from '../../../server/http/write-with-backpressure.js';

/** A writable whose writes complete only when release() is called, like a slow client's socket. */
function slowSink(highWaterMark: number) {
  const pending: Array<() => void> = [];
  const written: string[] = [];
  const sink = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: string, _enc, cb) {
      written.push(chunk);
      pending.push(() => cb());
    },
  });
  const release = () => pending.splice(0).forEach((cb) => cb());
  return { sink, written, release };
}

const settled = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return done;
};

describe('writeWithBackpressure', () => {
  it('resolves at once while the buffer has room, and waits for drain when it is full', async () => {
    const { sink, written, release } = slowSink(10);
    await expect(writeWithBackpressure(sink, 'abc')).resolves.toBe(true);
    const full = writeWithBackpressure(sink, 'more than ten bytes');
    expect(await settled(full)).toBe(false);
    release(); // 'abc' done; the big chunk is now being written: still full
    expect(await settled(full)).toBe(false);
    release(); // the buffer is empty: drain
    await expect(full).resolves.toBe(true);
    expect(sink.listenerCount('drain')).toBe(0);
    expect(written.join('')).toBe('abcmore than ten bytes');
  });

  it('resolves false when the client goes away while waiting, and at once afterwards', async () => {
    const { sink } = slowSink(4);
    const waiting = writeWithBackpressure(sink, 'a chunk too big for the buffer');
    expect(await settled(waiting)).toBe(false);
    sink.destroy();
    await expect(waiting).resolves.toBe(false);
    await expect(writeWithBackpressure(sink, 'x')).resolves.toBe(false);
    expect(sink.listenerCount('drain')).toBe(0);
  });
});
