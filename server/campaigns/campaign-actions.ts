// Lifecycle actions: schedule (draft → scheduled, the start job queued at the start time), pause, resume,
// cancel, and the start job's scheduled → sending. Each checks the transition (409 with the reason), changes
// the status and writes its audit entry in one transaction; the campaign's queued messages follow the new
// status right after (campaign-messages.ts; the dispatcher's claim already honours it).
import type pg from 'pg';
import type { AppContext } from '../app-context.js';
import { inTransaction } from '../db/transaction.js';
import { logger } from '../logger.js';
import {
  getCampaign,
  recordAudit,
  updateCampaign,
  type CampaignPatch,
  type CampaignRecord,
} from './campaign-repository.js';
import { applyCampaignStatusToMessages } from './campaign-messages.js';
import { campaignNotFound, conflict } from './campaign-service.js';
import { loadCampaignShop } from './campaign-shop.js';
import { assertScheduleAhead, assertSegmentsExist, assertTemplatesValid } from './campaign-validation.js';
import { requestCampaignFanOut, requestCampaignStart } from './campaign-jobs.js';
import { transition, type CampaignAction } from './lifecycle.js';
import { assertCampaignWithinCap } from '../billing/billing-service.js';
import { estimateCampaign } from './campaign-estimate.js';
import { campaignStartAt } from './schedule-time.js';

const log = logger.child({ component: 'campaigns' });

export const SYSTEM_ACTOR = 'system';

const AUDIT_ACTION: Record<CampaignAction, string> = {
  edit: 'updated',
  delete: 'deleted',
  schedule: 'scheduled',
  start: 'started',
  pause: 'paused',
  resume: 'resumed',
  cancel: 'cancelled',
  complete: 'completed',
};

async function act(
  app: AppContext,
  shopId: string,
  id: string,
  actor: string,
  action: CampaignAction,
  /** Checks and changes under the row lock; `tx` is the transaction's connection (use it, never the pool). */
  patchFor: (c: CampaignRecord, tx: pg.PoolClient) => Promise<CampaignPatch> | CampaignPatch,
  audit: (c: CampaignRecord) => Record<string, unknown> = () => ({}),
): Promise<CampaignRecord> {
  const now = app.clock.now();
  return inTransaction(app.database.pool, async (tx) => {
    const current = await getCampaign(tx, shopId, id, true);
    if (!current) throw campaignNotFound();
    const next = transition(current.status, action);
    if (!next.ok) throw conflict(next.reason);
    const patch = { ...(await patchFor(current, tx)), status: next.to };
    const updated = (await updateCampaign(tx, shopId, id, patch, now))!;
    await recordAudit(tx, shopId, id, actor, AUDIT_ACTION[action], audit(updated), now);
    return updated;
  });
}

/** Send now or at the schedule: checks everything a send needs, then queues the start job. */
export async function scheduleCampaign(
  app: AppContext,
  shopId: string,
  id: string,
  actor: string,
): Promise<CampaignRecord> {
  const now = app.clock.now();
  const shop = await loadCampaignShop(app, shopId);
  // Billing: the campaign's largest estimated charge must fit in what the spending cap leaves (409 otherwise).
  const draft = await getCampaign(app.database.pool, shopId, id);
  if (draft) await assertCampaignWithinCap(app, shopId, () => estimateCampaign(app, shopId, draft));
  const scheduled = await act(
    app,
    shopId,
    id,
    actor,
    'schedule',
    async (c, tx) => {
      assertTemplatesValid(c.message, c.ab);
      assertScheduleAhead(c.schedule, shop.timezone, now);
      // On the transaction's own connection: a second connection would wait for this transaction on a
      // server that runs one transaction at a time (the embedded database of local mode), which never ends.
      await assertSegmentsExist(tx, shopId, id, c.audience);
      return { start_at: campaignStartAt(c.schedule, shop.timezone, now), status_reason: null };
    },
    (c) => ({ startAt: c.startAt, schedule: c.schedule }),
  );
  await requestCampaignStart(app, shopId, id, new Date(scheduled.startAt!));
  return scheduled;
}

export async function pauseCampaign(
  app: AppContext,
  shopId: string,
  id: string,
  actor: string,
): Promise<CampaignRecord> {
  const paused = await act(app, shopId, id, actor, 'pause', () => ({ paused_at: app.clock.now() }));
  await applyCampaignStatusToMessages(app.database.pool, shopId, id);
  return paused;
}

export async function resumeCampaign(
  app: AppContext,
  shopId: string,
  id: string,
  actor: string,
): Promise<CampaignRecord> {
  // A reason the fan-out gave when it paused itself (fan_out_failed) no longer holds once resumed.
  const resumed = await act(app, shopId, id, actor, 'resume', () => ({
    paused_at: null,
    status_reason: null,
  }));
  await applyCampaignStatusToMessages(app.database.pool, shopId, id);
  if (resumed.fanoutPhase !== 'done' && resumed.fanoutPhase !== 'waiting')
    await requestCampaignFanOut(app, shopId, id);
  return resumed;
}

export async function cancelCampaign(
  app: AppContext,
  shopId: string,
  id: string,
  actor: string,
): Promise<CampaignRecord> {
  const cancelled = await act(app, shopId, id, actor, 'cancel', () => ({
    cancelled_at: app.clock.now(),
    status_reason: `cancelled by ${actor}`,
  }));
  await applyCampaignStatusToMessages(app.database.pool, shopId, id);
  return cancelled;
}

/** The start job: scheduled → sending when due. False when there is nothing to start (moved, cancelled, deleted). */
export async function startCampaign(app: AppContext, shopId: string, id: string): Promise<boolean> {
  const now = app.clock.now();
  const current = await getCampaign(app.database.pool, shopId, id);
  if (!current || current.status !== 'scheduled') return false;
  if (current.startAt && new Date(current.startAt) > now) return false;
  try {
    await act(app, shopId, id, SYSTEM_ACTOR, 'start', () => ({ started_at: now }));
  } catch (err) {
    log.info({ shopId, campaignId: id, err }, 'campaign not started (its status changed meanwhile)');
    return false;
  }
  return true;
}

/** The fan-out's end: sending → completed, with the reason when it sent nothing. */
export async function completeCampaign(
  app: AppContext,
  shopId: string,
  id: string,
  reason: string | null,
): Promise<void> {
  try {
    await act(
      app,
      shopId,
      id,
      SYSTEM_ACTOR,
      'complete',
      () => ({ completed_at: app.clock.now(), status_reason: reason, fanout_phase: 'done' }),
      (c) => ({ reason, audience: c.audienceCount }),
    );
  } catch (err) {
    log.info({ shopId, campaignId: id, err }, 'campaign not completed (paused or cancelled meanwhile)');
  }
}

/** A system action with its reason (cancel or pause by the fan-out); nothing when the status changed meanwhile. */
async function actForReason(
  app: AppContext,
  shopId: string,
  id: string,
  action: 'cancel' | 'pause',
  reason: string,
): Promise<void> {
  const at = action === 'cancel' ? 'cancelled_at' : 'paused_at';
  try {
    await act(
      app,
      shopId,
      id,
      SYSTEM_ACTOR,
      action,
      () => ({ [at]: app.clock.now(), status_reason: reason }),
      () => ({ reason }),
    );
  } catch (err) {
    log.info(
      { shopId, campaignId: id, err, action },
      'campaign action not applied (its status changed meanwhile)',
    );
    return;
  }
  await applyCampaignStatusToMessages(app.database.pool, shopId, id);
}

/** The fan-out's own cancel (e.g. a segment of the audience was deleted after scheduling), with the reason. */
export const cancelCampaignFor = (app: AppContext, shopId: string, id: string, reason: string) =>
  actForReason(app, shopId, id, 'cancel', reason);

/**
 * The fan-out's own pause when it cannot go on (an error that is not an outage, or an outage that outlasted its
 * retries), with the reason shown on the detail page. Nothing is lost: queued messages wait, and resuming
 * continues after the last committed page.
 */
export const pauseCampaignFor = (app: AppContext, shopId: string, id: string, reason: string) =>
  actForReason(app, shopId, id, 'pause', reason);
