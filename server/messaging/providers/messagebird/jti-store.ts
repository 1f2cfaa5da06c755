// In-memory replay store for tests and local mode. Production backs SeenJti with Postgres.
import type { SeenJti } from '../types.js';

export function createMemoryJtiStore(opts: { now?: () => Date } = {}): SeenJti {
  const now = opts.now ?? (() => new Date());
  const seen = new Map<string, number>();
  return async (jti, expiresAt) => {
    const at = now().getTime();
    for (const [key, expiry] of seen) if (expiry < at) seen.delete(key);
    if (seen.has(jti)) return false;
    seen.set(jti, expiresAt.getTime());
    return true;
  };
}
