// The campaign state machine: draft → scheduled → sending → completed, with paused and cancelled. Pure:
// given a status and an action, the next status, or why the action is refused (a 409 with that reason).
import type { CampaignStatus } from '../contracts/campaigns.js';
import { assertNever } from '../errors.js';

export type CampaignAction =
  'edit' | 'delete' | 'schedule' | 'start' | 'pause' | 'resume' | 'cancel' | 'complete';

export type Transition = { ok: true; to: CampaignStatus } | { ok: false; reason: string };

const refuse = (reason: string): Transition => ({ ok: false, reason });

/** What `action` does to a campaign in `status`. */
export function transition(status: CampaignStatus, action: CampaignAction): Transition {
  switch (action) {
    case 'edit':
    case 'delete':
      return status === 'draft' || status === 'scheduled'
        ? { ok: true, to: status }
        : refuse(
            `The campaign is ${status}; only a draft or scheduled campaign can be ${action === 'edit' ? 'changed' : 'deleted'}`,
          );
    case 'schedule':
      return status === 'draft' || status === 'scheduled'
        ? { ok: true, to: 'scheduled' }
        : refuse(`The campaign is ${status}; only a draft can be scheduled`);
    case 'start':
      return status === 'scheduled'
        ? { ok: true, to: 'sending' }
        : refuse(`The campaign is ${status}, not scheduled`);
    case 'pause':
      return status === 'sending'
        ? { ok: true, to: 'paused' }
        : refuse(`The campaign is ${status}; only a sending campaign can be paused`);
    case 'resume':
      return status === 'paused'
        ? { ok: true, to: 'sending' }
        : refuse(`The campaign is ${status}; only a paused campaign can be resumed`);
    case 'cancel':
      return status === 'scheduled' || status === 'sending' || status === 'paused'
        ? { ok: true, to: 'cancelled' }
        : refuse(
            status === 'draft'
              ? 'The campaign is a draft: delete it instead'
              : `The campaign is already ${status}`,
          );
    case 'complete':
      return status === 'sending'
        ? { ok: true, to: 'completed' }
        : refuse(`The campaign is ${status}, not sending`);
    default:
      return assertNever(action, 'campaign action');
  }
}

/** "Summer Sale 20%!" → "summer-sale-20": the utm_campaign value. */
export function campaignSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'campaign';
}
