import { useEffect, useState } from 'preact/hooks';
import type { SignalLike } from './shopify-api.js';

/**
 * Re-renders the calling component whenever one of the given API signals changes.
 * Uses each signal's own `subscribe`, so it works without `@preact/signals` being wired in.
 * The signal objects are stable for the lifetime of an extension target.
 */
export function useSubscriptions(signals: readonly SignalLike<unknown>[]): void {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const unsubscribes = signals.map((signal) => signal.subscribe(() => setVersion((v) => v + 1)));
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }, signals);
}
