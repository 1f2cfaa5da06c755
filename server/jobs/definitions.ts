// Every agenda job the app knows, defined in one place so web and worker processes agree on names.
import type { AppContext } from '../app-context.js';
import { defineMaintenanceJobs, scheduleMaintenanceJobs } from './maintenance-jobs.js';
import { defineMirrorJobs, scheduleMirrorJobs } from './mirror-jobs.js';
import { defineSyncJobs } from '../shopify/backfill/sync-jobs.js';
import { defineConsentSyncJobs, scheduleConsentSyncJobs } from '../subscribers/consent-sync-job.js';
import { defineAutomationJobs, scheduleAutomationJobs } from '../automations/automation-jobs.js';
import { defineRfmJobs, scheduleRfmJobs } from '../segments/rfm-job.js';
import { defineSubscriberImportJobs } from '../subscribers/import-jobs.js';
import { defineCampaignJobs } from '../campaigns/campaign-jobs.js';
import { defineCampaignWatchdog, scheduleCampaignWatchdog } from '../campaigns/campaign-watchdog.js';
import { defineReportJobs, scheduleReportJobs } from '../reports/report-jobs.js';
import { defineBillingJobs, scheduleBillingJobs } from '../billing/usage-job.js';
import { defineCheckoutDisclosureJobs } from '../shops/checkout-disclosure-metafield.js';

export function defineJobs(ctx: AppContext): void {
  defineMaintenanceJobs(ctx.agenda, ctx.database.pool);
  defineMirrorJobs(ctx);
  defineSyncJobs(ctx);
  defineConsentSyncJobs(ctx);
  defineAutomationJobs(ctx);
  defineRfmJobs(ctx);
  defineSubscriberImportJobs(ctx);
  defineCampaignJobs(ctx);
  defineCampaignWatchdog(ctx);
  defineReportJobs(ctx.agenda, ctx.database.pool);
  defineBillingJobs(ctx);
  defineCheckoutDisclosureJobs(ctx);
}

export async function scheduleRecurringJobs(ctx: AppContext): Promise<void> {
  await scheduleMaintenanceJobs(ctx.agenda);
  await scheduleMirrorJobs(ctx.agenda);
  await scheduleConsentSyncJobs(ctx.agenda);
  await scheduleAutomationJobs(ctx.agenda);
  await scheduleRfmJobs(ctx.agenda);
  await scheduleReportJobs(ctx.agenda);
  await scheduleBillingJobs(ctx);
  await scheduleCampaignWatchdog(ctx);
}
