// Writes consent changes that did not come from Shopify back to the customer record with
// customerSmsMarketingConsentUpdate. Rows of consent_sync (queued with the ledger change) are claimed,
// sent, and retried with exponential backoff; Shopify's echo webhook is ignored by the ledger.
import type { Agenda } from 'agenda';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.js';
import type { Db } from '../db/client.js';
import { consentSync, subscribers } from '../db/schema/index.js';
import { isAppError } from '../errors.js';
import { retryDelayMs, type BackoffPolicy } from '../jobs/backoff.js';
import { logger } from '../logger.js';
import type { AdminGraphql } from '../shopify/admin-graphql.js';
import { findCustomerIdByPhone } from './subscriber-repository.js';

export const CONSENT_SYNC_JOB = 'subscribers.consent-sync';

export const CONSENT_UPDATE_MUTATION = `mutation customerSmsMarketingConsentUpdate($input: CustomerSmsMarketingConsentUpdateInput!) {
  customerSmsMarketingConsentUpdate(input: $input) {
    customer { id smsMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt } }
    userErrors { field message code }
  }
}`;

interface MutationData {
  customerSmsMarketingConsentUpdate: {
    customer: { id: string } | null;
    userErrors: Array<{ field: string[] | null; message: string; code: string | null }>;
  } | null;
}

export interface ConsentSyncDeps {
  db: Db;
  /** null in local mode: there is no Shopify to write to, rows are marked skipped. */
  graphql: Pick<AdminGraphql, 'query'> | null;
  now: () => Date;
  batchSize?: number;
  /** Attempts before a row is marked failed. Default 10 (about a day of backoff). */
  maxAttempts?: number;
  /** Jitter source, [0, 1). Default Math.random. */
  random?: () => number;
}

export interface ConsentSyncResult {
  done: number;
  retried: number;
  failed: number;
  skipped: number;
}

/** 30–60 s, 1–2 min, 2–4 min … up to 6–12 h (equal jitter, server/jobs/backoff.ts). */
export const CONSENT_SYNC_BACKOFF: BackoffPolicy = { baseMs: 60_000, maxMs: 12 * 3600_000 };

const LEASE_MS = 5 * 60_000;

type ClaimedRow = typeof consentSync.$inferSelect & { phone: string };

async function claim(db: Db, now: Date, limit: number): Promise<ClaimedRow[]> {
  const claimed = await db
    .update(consentSync)
    .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS), updatedAt: now })
    .where(
      sql`${consentSync.id} IN (SELECT id FROM consent_sync WHERE status = 'pending' AND next_attempt_at <= ${now} ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)`,
    )
    .returning();
  if (claimed.length === 0) return [];
  const phones = await db
    .select({ id: subscribers.id, phone: subscribers.phone })
    .from(subscribers)
    .where(
      inArray(
        subscribers.id,
        claimed.map((c) => c.subscriberId),
      ),
    );
  const phoneOf = new Map(phones.map((p) => [p.id, p.phone]));
  return claimed.map((c) => ({ ...c, phone: phoneOf.get(c.subscriberId) ?? '' }));
}

async function finish(
  db: Db,
  row: ClaimedRow,
  patch: Partial<typeof consentSync.$inferInsert>,
  now: Date,
): Promise<void> {
  await db
    .update(consentSync)
    .set({ ...patch, updatedAt: now })
    .where(and(eq(consentSync.shopId, row.shopId), eq(consentSync.id, row.id)));
}

export async function runConsentSync(deps: ConsentSyncDeps): Promise<ConsentSyncResult> {
  const now = deps.now();
  const maxAttempts = deps.maxAttempts ?? 10;
  const result: ConsentSyncResult = { done: 0, retried: 0, failed: 0, skipped: 0 };
  for (const row of await claim(deps.db, now, deps.batchSize ?? 50)) {
    if (!deps.graphql) {
      await finish(
        deps.db,
        row,
        { status: 'skipped', lastError: 'local mode: no Shopify store to update' },
        now,
      );
      result.skipped++;
      continue;
    }
    const customerId =
      row.customerId ?? (row.phone ? await findCustomerIdByPhone(deps.db, row.shopId, row.phone) : null);
    if (customerId === null) {
      await finish(
        deps.db,
        row,
        { status: 'skipped', lastError: 'no Shopify customer has this phone number' },
        now,
      );
      result.skipped++;
      continue;
    }
    const attempts = row.attempts + 1;
    try {
      const data = await deps.graphql.query<MutationData, { input: Record<string, unknown> }>(
        row.shopId,
        CONSENT_UPDATE_MUTATION,
        {
          input: {
            customerId: `gid://shopify/Customer/${customerId}`,
            smsMarketingConsent: {
              marketingState: row.marketingState,
              marketingOptInLevel: row.optInLevel,
              consentUpdatedAt: row.consentUpdatedAt.toISOString(),
            },
          },
        },
      );
      const errors = data.customerSmsMarketingConsentUpdate?.userErrors ?? [];
      if (errors.length > 0) {
        await finish(
          deps.db,
          row,
          {
            status: 'failed',
            attempts,
            customerId,
            lastError: errors.map((e) => `${e.code ?? 'error'}: ${e.message}`).join('; '),
          },
          now,
        );
        result.failed++;
        continue;
      }
      await finish(deps.db, row, { status: 'done', attempts, customerId, lastError: null }, now);
      result.done++;
    } catch (err) {
      const retryable = !isAppError(err) || err.retryable;
      const message = err instanceof Error ? err.message : String(err);
      if (retryable && attempts < maxAttempts) {
        await finish(
          deps.db,
          row,
          {
            attempts,
            customerId,
            lastError: message,
            nextAttemptAt: new Date(
              now.getTime() + retryDelayMs(attempts, CONSENT_SYNC_BACKOFF, deps.random),
            ),
          },
          now,
        );
        result.retried++;
      } else {
        await finish(deps.db, row, { status: 'failed', attempts, customerId, lastError: message }, now);
        result.failed++;
      }
      logger.warn(
        { err, shopId: row.shopId, consentSyncId: String(row.id), attempts },
        'Shopify SMS consent write-back failed',
      );
    }
  }
  return result;
}

export function defineConsentSyncJobs(ctx: AppContext): void {
  const graphql = ctx.config.mode === 'production' ? ctx.shopifyAdmin.graphql : null;
  ctx.agenda.define(CONSENT_SYNC_JOB, async () => {
    const result = await runConsentSync({ db: ctx.database.db, graphql, now: () => ctx.clock.now() });
    if (result.done + result.retried + result.failed + result.skipped > 0)
      logger.info(result, 'Shopify SMS consent write-back');
  });
}

export async function scheduleConsentSyncJobs(agenda: Agenda): Promise<void> {
  await agenda.every('1 minute', CONSENT_SYNC_JOB, undefined, { skipImmediate: true });
}
