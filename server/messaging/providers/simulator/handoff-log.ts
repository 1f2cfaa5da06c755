// The simulator's memory that outlives our processes, as a real provider's does: with SIMULATOR_HANDOFF_LOG
// set, every accepted message is appended to that file (`<our message id> <provider message id>` per line, one
// write per send call, before send() returns) and look-ups consult it. Without it, a worker that reconciles
// another (dead) worker's claim asks its own, empty, simulator and hears "not found", which a real provider
// would never answer for a message it took, and the message is sent again. Several processes may append to
// the same file: each write is one O_APPEND write, so lines never interleave. `npm run chaos` counts hand-offs
// per message id from this file.
// A process killed by SIGKILL in the middle of its write can leave a torn last line (Linux stops a regular-file
// write between pages when a fatal signal is pending, so a multi-page append is cut short). Each append
// therefore starts on a new line, and readers keep only well-formed lines: the torn line is dropped (its
// process died before recording anything) instead of swallowing the next process's first line, which made that
// message look "sent but never handed off" to `npm run chaos` and unknown to reconciliation.
import { appendFileSync, closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface HandoffLog {
  /** Records accepted messages; synchronous, so a message is on record before the provider answers. */
  append(entries: ReadonlyArray<{ messageId: string; providerMessageId: string }>): void;
  /** The provider message id of our message, if any process handed it off. */
  find(messageId: string): string | undefined;
}

/** A provider message id as the simulator makes them (`sim-` and 32 hex digits). */
const PROVIDER_MESSAGE_ID = /^sim-[0-9a-f]{32}$/;

/** The hand-offs recorded in `text`, in order; empty, torn or otherwise malformed lines are skipped. */
export function parseHandoffs(text: string): Array<{ messageId: string; providerMessageId: string }> {
  const entries: Array<{ messageId: string; providerMessageId: string }> = [];
  for (const line of text.split('\n')) {
    const parts = line.split(' ');
    if (parts.length === 2 && parts[0] && PROVIDER_MESSAGE_ID.test(parts[1]!))
      entries.push({ messageId: parts[0], providerMessageId: parts[1]! });
  }
  return entries;
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
      for (const e of parseHandoffs(text.slice(0, end))) known.set(e.messageId, e.providerMessageId);
      offset += Buffer.byteLength(text.slice(0, end + 1));
    } finally {
      closeSync(fd);
    }
  }

  return {
    append(entries) {
      if (entries.length === 0) return;
      // The leading newline ends a line a killed writer may have torn (an empty line is skipped by readers).
      appendFileSync(path, `\n${entries.map((e) => `${e.messageId} ${e.providerMessageId}\n`).join('')}`);
    },
    find(messageId) {
      if (!known.has(messageId)) catchUp();
      return known.get(messageId);
    },
  };
}
