// The recurring usage job (every BILLING_USAGE_INTERVAL_MS): records the delivered messages of every shop with
// an active subscription as usage charges (usage-recorder.ts). A shop whose charge fails is logged and retried
// on the next run; the other shops go on. Sending never depends on this job.
import type { Agenda } from 'agenda';
import type { AppContext } from '../app-context.js';
import { logger } from '../logger.js';
import { recordShopUsage } from './usage-recorder.js';

export const BILLING_USAGE_JOB = 'billing.record-usage';

export async function recordAllUsage(app: AppContext): Promise<number> {
  const { rows } = await app.database.pool.query<{ shop_id: string }>(
    `SELECT b.shop_id::text AS shop_id FROM billing_subscriptions b JOIN shops s ON s.id = b.shop_id
      WHERE b.status = 'active' AND s.uninstalled_at IS NULL ORDER BY b.shop_id`,
  );
  let failures = 0;
  for (const { shop_id: shopId } of rows) {
    try {
      const result = await recordShopUsage(app, shopId);
      failures += result.failed;
      if (result.created + result.billed + result.rejected + result.failed > 0)
        logger.info({ job: BILLING_USAGE_JOB, shopId, ...result }, 'usage recorded');
    } catch (err) {
      failures++;
      logger.error(
        { err, job: BILLING_USAGE_JOB, shopId },
        'recording usage failed; retried on the next run',
      );
    }
  }
  return failures;
}

export function defineBillingJobs(app: AppContext): void {
  app.agenda.define(BILLING_USAGE_JOB, async () => {
    await recordAllUsage(app);
  });
}

export async function scheduleBillingJobs(app: AppContext): Promise<void> {
  const agenda: Agenda = app.agenda;
  await agenda.every(
    `${Math.round(app.config.billing.usageIntervalMs / 1000)} seconds`,
    BILLING_USAGE_JOB,
    undefined,
    { skipImmediate: true },
  );
}
