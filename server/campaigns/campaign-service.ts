// Creating, changing, deleting and duplicating campaigns. Each runs in one transaction with its audit entry
// (who, when, what changed), after every check: a refused request changes nothing.
import type { AppContext } from '../app-context.js';
import type { UpdateCampaign } from '../contracts/campaigns.js';
import { createCampaignSchema } from '../contracts/campaigns.js';
import { inTransaction } from '../db/transaction.js';
import { AppError } from '../errors.js';
import {
  deleteCampaign,
  getCampaign,
  insertCampaign,
  recordAudit,
  updateCampaign,
  type CampaignPatch,
  type CampaignRecord,
} from './campaign-repository.js';
import { loadCampaignShop } from './campaign-shop.js';
import { assertScheduleAhead, assertSegmentsExist, assertTemplatesValid } from './campaign-validation.js';
import { requestCampaignStart } from './campaign-jobs.js';
import { campaignSlug, transition } from './lifecycle.js';
import { campaignStartAt } from './schedule-time.js';

type Parsed = ReturnType<typeof createCampaignSchema.parse>;
type ParsedUpdate = { [K in keyof UpdateCampaign]?: Parsed[K & keyof Parsed] };

export const campaignNotFound = () =>
  new AppError({ code: 'campaign_not_found', status: 404, message: 'No such campaign' });
export const conflict = (reason: string) =>
  new AppError({ code: 'campaign_state_conflict', status: 409, message: reason });

const EDITABLE = ['name', 'audience', 'message', 'schedule', 'options', 'ab'] as const;

export async function createCampaign(
  app: AppContext,
  shopId: string,
  actor: string,
  input: Parsed,
): Promise<CampaignRecord> {
  const now = app.clock.now();
  const shop = await loadCampaignShop(app, shopId);
  assertTemplatesValid(input.message, input.ab);
  assertScheduleAhead(input.schedule, shop.timezone, now);
  return inTransaction(app.database.pool, async (tx) => {
    await assertSegmentsExist(tx, shopId, '00000000-0000-0000-0000-000000000000', input.audience);
    const campaign = await insertCampaign(tx, shopId, { ...input, slug: campaignSlug(input.name) }, now);
    await recordAudit(tx, shopId, campaign.id, actor, 'created', { name: input.name }, now);
    return campaign;
  });
}

export async function changeCampaign(
  app: AppContext,
  shopId: string,
  id: string,
  actor: string,
  patch: ParsedUpdate,
): Promise<CampaignRecord> {
  const now = app.clock.now();
  const shop = await loadCampaignShop(app, shopId);
  const updated = await inTransaction(app.database.pool, async (tx) => {
    const current = await getCampaign(tx, shopId, id, true);
    if (!current) throw campaignNotFound();
    const allowed = transition(current.status, 'edit');
    if (!allowed.ok) throw conflict(allowed.reason);
    const next = {
      ...current,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    } as CampaignRecord;
    assertTemplatesValid(next.message, next.ab);
    assertScheduleAhead(next.schedule, shop.timezone, now);
    await assertSegmentsExist(tx, shopId, id, next.audience);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of EDITABLE) {
      if (JSON.stringify(current[key]) !== JSON.stringify(next[key]))
        changes[key] = { from: current[key], to: next[key] };
    }
    if (Object.keys(changes).length === 0) return { record: current, reschedule: false };
    const set: CampaignPatch = {
      name: next.name,
      audience: next.audience,
      message: next.message,
      schedule: next.schedule,
      options: next.options,
      ab: next.ab,
    };
    const reschedule = current.status === 'scheduled' && 'schedule' in changes;
    if (reschedule) set.start_at = campaignStartAt(next.schedule, shop.timezone, now);
    const record = (await updateCampaign(tx, shopId, id, set, now))!;
    await recordAudit(tx, shopId, id, actor, 'updated', changes, now);
    return { record, reschedule };
  });
  if (updated.reschedule && updated.record.startAt)
    await requestCampaignStart(app, shopId, id, new Date(updated.record.startAt));
  return updated.record;
}

export async function removeCampaign(app: AppContext, shopId: string, id: string): Promise<void> {
  await inTransaction(app.database.pool, async (tx) => {
    const current = await getCampaign(tx, shopId, id, true);
    if (!current) throw campaignNotFound();
    const allowed = transition(current.status, 'delete');
    if (!allowed.ok) throw conflict(allowed.reason);
    await deleteCampaign(tx, shopId, id);
  });
}

/** A new draft with the same definition ("<name> (copy)"); a past schedule becomes "now". */
export async function duplicateCampaign(
  app: AppContext,
  shopId: string,
  id: string,
  actor: string,
): Promise<CampaignRecord> {
  const now = app.clock.now();
  const shop = await loadCampaignShop(app, shopId);
  return inTransaction(app.database.pool, async (tx) => {
    const source = await getCampaign(tx, shopId, id);
    if (!source) throw campaignNotFound();
    const name = `${source.name} (copy)`.slice(0, 100);
    let schedule = source.schedule;
    try {
      assertScheduleAhead(schedule, shop.timezone, now);
    } catch {
      schedule = { kind: 'now' };
    }
    const copy = await insertCampaign(
      tx,
      shopId,
      {
        name,
        slug: campaignSlug(name),
        audience: source.audience,
        message: source.message,
        schedule,
        options: source.options,
        ab: source.ab,
      },
      now,
    );
    await recordAudit(tx, shopId, copy.id, actor, 'created', { duplicateOf: source.id }, now);
    await recordAudit(tx, shopId, source.id, actor, 'duplicated', { copy: copy.id }, now);
    return copy;
  });
}
