import { campaignStatuses, type CampaignStatus } from '../../../server/contracts/campaigns.js';
import { campaignSlug, transition, type CampaignAction } from '../../../server/campaigns/lifecycle.js';

const allowed: Record<CampaignAction, Partial<Record<CampaignStatus, CampaignStatus>>> = {
  edit: { draft: 'draft', scheduled: 'scheduled' },
  delete: { draft: 'draft', scheduled: 'scheduled' },
  schedule: { draft: 'scheduled', scheduled: 'scheduled' },
  start: { scheduled: 'sending' },
  pause: { sending: 'paused' },
  resume: { paused: 'sending' },
  cancel: { scheduled: 'cancelled', sending: 'cancelled', paused: 'cancelled' },
  complete: { sending: 'completed' },
};

describe('campaign state machine', () => {
  for (const [action, table] of Object.entries(allowed) as Array<
    [CampaignAction, Partial<Record<CampaignStatus, CampaignStatus>>]
  >) {
    for (const status of campaignStatuses) {
      const to = table[status];
      it(`${action} from ${status}: ${to ?? 'refused'}`, () => {
        const t = transition(status, action);
        if (to) expect(t).toEqual({ ok: true, to });
        else {
          expect(t.ok).toBe(false);
          if (!t.ok) expect(t.reason).toMatch(/campaign|draft|already/i);
        }
      });
    }
  }

  it('names the status in the reason', () => {
    expect(transition('completed', 'edit')).toEqual({
      ok: false,
      reason: 'The campaign is completed; only a draft or scheduled campaign can be changed',
    });
    expect(transition('draft', 'cancel')).toEqual({
      ok: false,
      reason: 'The campaign is a draft: delete it instead',
    });
  });
});

describe('campaignSlug', () => {
  it.each([
    ['Summer Sale 20%!', 'summer-sale-20'],
    ['  Fête des mères  ', 'fete-des-meres'],
    ['!!!', 'campaign'],
    ['a'.repeat(80), 'a'.repeat(60)],
  ])('%s → %s', (name, slug) => expect(campaignSlug(name)).toBe(slug));
});
