// The campaign as the create flow edits it: its definition parts (the A/B setup is kept as saved), the steps,
// and the server's field errors mapped to the step and field they belong to.
import type {
  CampaignAudience,
  CampaignDetail,
  CampaignMessage,
  CampaignOptions,
  CampaignSchedule,
  UpdateCampaign,
} from '../../../server/contracts/index.js';

export interface CampaignDraft {
  name: string;
  audience: CampaignAudience;
  message: CampaignMessage;
  schedule: CampaignSchedule;
  options: CampaignOptions;
}

export const draftOf = (c: CampaignDetail): CampaignDraft => ({
  name: c.name,
  audience: c.audience,
  message: c.message,
  schedule: c.schedule,
  options: c.options,
});

export const toUpdate = (d: CampaignDraft): UpdateCampaign => ({ ...d });

export const STEPS = [
  { id: 'audience', title: 'Audience' },
  { id: 'message', title: 'Message' },
  { id: 'schedule', title: 'Schedule and options' },
  { id: 'review', title: 'Review' },
] as const;
export type StepId = (typeof STEPS)[number]['id'];

/** The step a server field error belongs to ("message.templates.en" → message). */
export function stepOfField(field: string): StepId {
  const top = field.split('.')[0] ?? '';
  if (top === 'audience' || top === 'name') return 'audience';
  if (top === 'message' || top === 'templates') return 'message';
  if (top === 'schedule' || top === 'options') return 'schedule';
  return 'review';
}

/** Field errors keyed without the body prefix: "campaign.message.templates.en" and "templates.en" → "message.templates.en". */
export function normalizeFields(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) {
    const k = key.replace(/^campaign\./, '');
    out[k.startsWith('templates.') ? `message.${k}` : k] = message;
  }
  return out;
}
