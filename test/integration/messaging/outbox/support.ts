// Helpers for the outbox integration tests: shops and subscribers in bulk SQL, registries around
// test providers, polling.
import type pg from 'pg';
import type { ProviderRegistry } from '../../../../server/messaging/providers/registry.js';
import type { SmsProvider } from '../../../../server/messaging/providers/types.js';
import { AppError } from '../../../../server/errors.js';
import { waitFor as waitUntil } from '../../../support/wait-for.js';

export async function createShop(
  pool: pg.Pool,
  opts: { domain?: string; settings?: Record<string, unknown> } = {},
): Promise<string> {
  const domain = opts.domain ?? `shop-${Math.random().toString(36).slice(2, 10)}.myshopify.com`;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO shops (domain, name, sender_id, settings) VALUES ($1, 'Test Shop', 'TestShop', $2) RETURNING id`,
    [domain, JSON.stringify(opts.settings ?? {})],
  );
  return rows[0]!.id;
}

/** Phone number i of a test audience: +1 212 5xx xxxx (New York). */
export const phoneOf = (i: number, areaCode = '212'): string =>
  `+1${areaCode}${String(5000000 + i).padStart(7, '0')}`;

export async function addSubscribers(
  pool: pg.Pool,
  shopId: string,
  count: number,
  opts: { marketing?: string; transactional?: string; areaCode?: string; offset?: number } = {},
): Promise<void> {
  await pool.query(
    `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source)
     SELECT $1, '+1' || $5 || lpad((5000000 + i)::text, 7, '0'), 'US', $3, $4, 'import'
       FROM generate_series($6::int, $6::int + $2::int - 1) AS i`,
    [
      shopId,
      count,
      opts.marketing ?? 'subscribed',
      opts.transactional ?? 'subscribed',
      opts.areaCode ?? '212',
      opts.offset ?? 0,
    ],
  );
}

export function registryOf(provider: SmsProvider): ProviderRegistry {
  return {
    forShop: () => provider,
    byName: () => {
      throw new AppError({ code: 'provider_not_configured', message: 'test registry has one provider' });
    },
  };
}

/** test/support/wait-for.ts with this folder's defaults: 30 s, every 50 ms. */
export const waitFor = <T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> => waitUntil(what, probe, timeoutMs, 50);

export async function statusCounts(pool: pg.Pool, shopId: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM messages WHERE shop_id = $1 GROUP BY status',
    [shopId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export const dispatchSettings = {
  batchSize: 500,
  concurrency: 2,
  maxAttempts: 6,
  retryBaseMs: 20,
  retryMaxMs: 200,
  leaseMs: 60_000,
  pollMs: 50,
  reconcileMarketing: 'unknown' as const,
  reconcileTransactional: 'retry' as const,
};
