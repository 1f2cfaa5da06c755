// Streams a response without buffering it in memory: a write the socket cannot take now waits for
// 'drain', and a client that went away stops the producer (false) instead of piling up chunks.
import type { Writable } from 'node:stream';

/** Writes a chunk; resolves true when more may be written, false when the stream closed or failed. */
export function writeWithBackpressure(out: Writable, chunk: string): Promise<boolean> {
  if (out.destroyed || out.writableEnded) return Promise.resolve(false);
  if (out.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const settle = (ok: boolean) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onClose);
      resolve(ok);
    };
    const onDrain = () => settle(true);
    const onClose = () => settle(false);
    out.once('drain', onDrain);
    out.once('close', onClose);
    out.once('error', onClose);
  });
}
