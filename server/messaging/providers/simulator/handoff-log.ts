// The simulator's memory that outlives our processes, as a real provider's does: with SIMULATOR_HANDOFF_LOG
// set, every accepted message is appended to that file (`<our message id> <provider message id>` per line, one
// write per send call, before send() returns) and look-ups consult it. Without it, a worker that reconciles
// another (dead) worker's claim asks its own, empty, simulator and hears "not found", which a real provider
// would never answer for a message it took, and the message is sent again. Several processes may append to
// the same file: each write is one O_APPEND write, so lines never interleave. `npm run chaos` counts hand-offs
// per message id from this file.
import { appendFileSync, closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface HandoffLog {
  /** Records accepted messages; synchronous, so a message is on record before the provider answers. */
  append(entries: ReadonlyArray<{ messageId: string; providerMessageId: string }>): void;
  /** The provider message id of our message, if any process handed it off. */
  find(messageId: string): string | undefined;
}

export function createHandoffLog(path: string): HandoffLog {
  const known = new Map<string, string>();
  let offset = 0;

  /** Reads what other processes (and this one) appended since the last look, whole lines only. */
  function catchUp(): void {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return; // nothing handed off yet
    }
    try {
      const size = fstatSync(fd).size;
      if (size <= offset) return;
      const buffer = Buffer.alloc(size - offset);
      const read = readSync(fd, buffer, 0, buffer.length, offset);
      const text = buffer.subarray(0, read).toString('utf8');
      const end = text.lastIndexOf('\n');
      if (end < 0) return;
      for (const line of text.slice(0, end).split('\n')) {
        const [messageId, providerMessageId] = line.split(' ');
        if (messageId && providerMessageId) known.set(messageId, providerMessageId);
      }
      offset += Buffer.byteLength(text.slice(0, end + 1));
    } finally {
      closeSync(fd);
    }
  }

  return {
    append(entries) {
      if (entries.length === 0) return;
      appendFileSync(path, entries.map((e) => `${e.messageId} ${e.providerMessageId}\n`).join(''));
    },
    find(messageId) {
      if (!known.has(messageId)) catchUp();
      return known.get(messageId);
    },
  };
}
