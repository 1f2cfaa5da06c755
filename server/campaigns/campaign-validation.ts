// Checks of a campaign definition beyond its shape (zod): its segments exist in this shop (400), its
// templates validate as marketing messages with positions (422), and a schedule is not in the past (400).
import type pg from 'pg';
import type {
  CampaignAb,
  CampaignMessage,
  CampaignSchedule,
  CampaignTemplates,
} from '../contracts/campaigns.js';
import type { MergeFieldRoot, TemplateValidationIssue } from '../contracts/templates.js';
import { discountGuardIssues } from '../automations/discount-guard.js';
import { AppError } from '../errors.js';
import { validateTemplate } from '../messaging/templates/index.js';
import { resolveAudience } from './audience.js';
import type { CampaignAudience } from '../contracts/campaigns.js';
import { scheduleProblem } from './schedule-time.js';

/** What a campaign message can fill: the recipient, their customer profile, the shop and the discount. */
export const CAMPAIGN_ROOTS: readonly MergeFieldRoot[] = ['subscriber', 'customer', 'shop', 'discount'];

/** Every template of the campaign, keyed as the 422 names them: "en", "fr", "variants.B.en", … */
export function campaignTemplates(message: CampaignMessage, ab: CampaignAb | null): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (prefix: string, t: CampaignTemplates) => {
    out[`${prefix}en`] = t.en;
    if (t.fr !== undefined) out[`${prefix}fr`] = t.fr;
  };
  add('', message.templates);
  if (ab?.kind === 'content')
    for (const v of ab.variants) if (v.templates) add(`variants.${v.key}.`, v.templates);
  return out;
}

export function templateIssues(
  message: CampaignMessage,
  ab: CampaignAb | null,
): Record<string, TemplateValidationIssue[]> {
  const issues: Record<string, TemplateValidationIssue[]> = {};
  for (const [key, source] of Object.entries(campaignTemplates(message, ab))) {
    const result = validateTemplate(source, { kind: 'marketing', allowedRoots: CAMPAIGN_ROOTS });
    const found = result.ok ? discountGuardIssues(source, message.discount !== null) : result.errors;
    if (found.length > 0) issues[key] = found;
  }
  return issues;
}

export function assertTemplatesValid(message: CampaignMessage, ab: CampaignAb | null): void {
  const issues = templateIssues(message, ab);
  const keys = Object.keys(issues);
  if (keys.length === 0) return;
  const first = issues[keys[0]!]![0]!;
  const at = first.line !== undefined ? ` (line ${first.line}, column ${first.column ?? 1})` : '';
  throw new TemplateError(`Invalid template ${keys[0]}: ${first.message}${at}`, issues);
}

/** 422 with every template's issues (CampaignTemplateErrors). */
export class TemplateError extends AppError {
  readonly templates: Record<string, TemplateValidationIssue[]>;
  constructor(message: string, templates: Record<string, TemplateValidationIssue[]>) {
    super({ code: 'invalid_template', status: 422, message });
    this.templates = templates;
  }
}

export async function assertSegmentsExist(
  db: pg.Pool | pg.PoolClient,
  shopId: string,
  campaignId: string,
  audience: CampaignAudience,
): Promise<void> {
  const resolved = await resolveAudience(db, shopId, { id: campaignId, audience, smartSendingHours: 0 });
  if (resolved.ok) return;
  const fields: Record<string, string> = {};
  const name = (list: string[], key: string) =>
    list.forEach((id, i) => {
      if (resolved.unknownSegments.includes(id))
        fields[`audience.${key}.${i}`] = `segment ${id} does not exist`;
    });
  if (audience.include !== 'all') name(audience.include, 'include');
  name(audience.exclude, 'exclude');
  throw new AppError({
    code: 'unknown_segment',
    status: 400,
    message: `Invalid campaign: unknown segment(s): ${resolved.unknownSegments.join(', ')}`,
    fields,
  });
}

export function assertScheduleAhead(schedule: CampaignSchedule, shopZone: string, now: Date): void {
  const problem = scheduleProblem(schedule, shopZone, now);
  if (problem === null) return;
  throw new AppError({
    code: 'schedule_in_past',
    status: 400,
    message: `Invalid schedule: ${problem}`,
    fields: { schedule: problem },
  });
}
