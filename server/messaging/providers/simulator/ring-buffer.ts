// Fixed-capacity buffer keeping the most recent items (oldest dropped first).
export interface RingBuffer<T> {
  push(item: T): void;
  /** Oldest first. */
  toArray(): T[];
  clear(): void;
  /** Items ever pushed since the last clear (can exceed capacity). */
  readonly total: number;
}

export function createRingBuffer<T>(capacity: number): RingBuffer<T> {
  if (!(Number.isInteger(capacity) && capacity > 0))
    throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
  let items: T[] = [];
  let start = 0;
  let total = 0;
  return {
    push(item) {
      total += 1;
      if (items.length < capacity) items.push(item);
      else {
        items[start] = item;
        start = (start + 1) % capacity;
      }
    },
    toArray: () => [...items.slice(start), ...items.slice(0, start)],
    clear() {
      items = [];
      start = 0;
      total = 0;
    },
    get total() {
      return total;
    },
  };
}
