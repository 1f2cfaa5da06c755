// Crash safety: rows left in 'sending' past their lease belong to a dead (or hopelessly stuck)
// worker. They are reconciled, never blindly resent.
//
// Delivery guarantee (for the README)
// -----------------------------------
// A message row is claimed ('sending', with a lease) before the provider is called and its
// outcome is recorded right after, in one statement per batch. If the worker dies in between,
// nobody knows whether the provider got the message. After the lease (DISPATCH_LEASE_MS) expires:
//  1. If the provider can be asked (it has a look-up and we hold its message id, or it can find a
//     message by our reference), we ask. Found → the row takes the provider's status (sent,
//     delivered, failed...). Not found → the provider never took it, so it is queued again: no
//     duplicate is possible.
//  2. Otherwise the row's kind decides (configurable): marketing → 'unknown', never resent
//     (at most once: a promotional text is never duplicated; RECONCILE_MARKETING=retry flips it);
//     transactional → queued again (at least once: an order or shipping update is never lost,
//     at the price of a possible duplicate; RECONCILE_TRANSACTIONAL=unknown flips it).
// A late status report from the provider still moves an 'unknown' message to its real status.
// Rows that were retried this way as many times as DISPATCH_MAX_ATTEMPTS are failed.
// Outside of crashes, every message is sent exactly once per accepted attempt: claims use
// FOR UPDATE SKIP LOCKED, outcomes are recorded only by the holder of the claim token, and a
// transient failure (nothing sent) is the only thing that is retried.
import { logger } from '../../logger.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { LookupResult, SmsProvider } from '../providers/types.js';
import { newClaimToken } from './claim.js';
import { queryIndexed, type Queryable } from './queryable.js';
import { recordOutcomes, type Outcome } from './record.js';
import { applyStatusReport, messageStatusFor } from './status-apply.js';
import type { MessageKind } from './types.js';

const log = logger.child({ component: 'reconcile' });

export type ReconcilePolicy = 'unknown' | 'retry';

export interface ReconcileDeps {
  db: Queryable;
  registry: ProviderRegistry;
  now: () => Date;
  leaseMs: number;
  maxAttempts: number;
  policy: { marketing: ReconcilePolicy; transactional: ReconcilePolicy };
  workerName: string;
  limit?: number;
}

export interface ReconcileStats {
  examined: number;
  confirmed: number;
  requeued: number;
  unknown: number;
  failed: number;
}

interface Abandoned {
  id: string;
  shop_id: string;
  kind: MessageKind;
  phone: string;
  provider_message_id: string | null;
  attempts: number;
}

async function ask(provider: SmsProvider, row: Abandoned): Promise<LookupResult> {
  const canAsk = provider.lookup && (row.provider_message_id || provider.capabilities.lookupByReference);
  if (!canAsk || !provider.lookup) return 'unknown';
  try {
    return await provider.lookup({
      messageId: row.id,
      providerMessageId: row.provider_message_id ?? undefined,
      to: row.phone,
    });
  } catch (err) {
    log.warn({ err, messageId: row.id }, 'provider look-up failed; falling back to the policy');
    return 'unknown';
  }
}

/** Reconciles one batch of abandoned rows; call repeatedly until `examined` is 0. */
export async function reconcileAbandoned(deps: ReconcileDeps): Promise<ReconcileStats> {
  const stats: ReconcileStats = { examined: 0, confirmed: 0, requeued: 0, unknown: 0, failed: 0 };
  const token = newClaimToken(`${deps.workerName}:reconcile`);
  const now = deps.now();
  // Take the abandoned rows over (new token, new lease) so concurrent reconcilers split them.
  const { rows } = await queryIndexed<Abandoned>(
    deps.db,
    `UPDATE messages m SET claimed_by = $2, lease_expires_at = $1::timestamptz + $3 * interval '1 millisecond'
       FROM (SELECT id FROM messages WHERE status = 'sending' AND lease_expires_at < $1
              ORDER BY lease_expires_at LIMIT $4 FOR UPDATE SKIP LOCKED) a
      WHERE m.id = a.id
      RETURNING m.id, m.shop_id, m.kind, m.phone, m.provider_message_id, m.attempts`,
    [now, token, deps.leaseMs, deps.limit ?? 500],
  );
  stats.examined = rows.length;
  const outcomes: Outcome[] = [];
  const confirmed: Array<{
    row: Abandoned;
    provider: SmsProvider;
    result: Exclude<LookupResult, 'not_found' | 'unknown'>;
  }> = [];
  for (const row of rows) {
    const provider = deps.registry.forShop(row.shop_id);
    const result = await ask(provider, row);
    const requeue = (): Outcome =>
      row.attempts >= deps.maxAttempts
        ? {
            id: row.id,
            type: 'failed',
            code: 'abandoned',
            reason: `worker died while sending (${row.attempts} attempts)`,
          }
        : {
            id: row.id,
            type: 'retry',
            code: 'abandoned',
            reason: 'worker died before the outcome was recorded',
            notBefore: now,
          };
    if (result === 'not_found') outcomes.push(requeue());
    else if (result === 'unknown') {
      const policy = deps.policy[row.kind];
      outcomes.push(
        policy === 'retry'
          ? requeue()
          : { id: row.id, type: 'unknown', reason: 'worker died before the outcome was recorded' },
      );
    } else {
      outcomes.push({
        id: row.id,
        type: 'sent',
        provider: provider.name,
        providerMessageId: result.providerMessageId,
      });
      confirmed.push({ row, provider, result });
    }
  }
  await recordOutcomes(deps.db, token, deps.now(), outcomes);
  for (const o of outcomes) {
    if (o.type === 'sent') stats.confirmed++;
    else if (o.type === 'retry') stats.requeued++;
    else if (o.type === 'unknown') stats.unknown++;
    else if (o.type === 'failed') stats.failed++;
  }
  // Beyond 'sent' (delivered, failed...): apply the provider's answer like a status report.
  for (const { row, provider, result } of confirmed) {
    if (messageStatusFor(result.status) !== 'sent')
      await applyStatusReport(deps.db, { ...result, reference: row.id }, provider.name);
  }
  if (rows.length > 0) log.info({ ...stats }, 'reconciled abandoned messages');
  return stats;
}
