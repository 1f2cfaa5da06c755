// Display helpers for the campaigns pages: status badges, schedule and audience summaries, progress share.
import type {
  CampaignAudience,
  CampaignProgress,
  CampaignSchedule,
  CampaignStatus,
  Segment,
} from '../../../server/contracts/index.js';

type BadgeTone = 'info' | 'success' | 'attention' | 'critical' | 'warning' | undefined;

export const STATUS_BADGES: Record<CampaignStatus, { label: string; tone: BadgeTone }> = {
  draft: { label: 'Draft', tone: undefined },
  scheduled: { label: 'Scheduled', tone: 'info' },
  sending: { label: 'Sending', tone: 'attention' },
  paused: { label: 'Paused', tone: 'warning' },
  completed: { label: 'Completed', tone: 'success' },
  cancelled: { label: 'Cancelled', tone: 'critical' },
};

export const campaignPath = (id: string): string => `/campaigns/${encodeURIComponent(id)}`;
export const campaignEditPath = (id: string): string => `${campaignPath(id)}/edit`;

export function scheduleSummary(schedule: CampaignSchedule, timezone?: string): string {
  switch (schedule.kind) {
    case 'now':
      return 'As soon as you send it';
    case 'at':
      return `${schedule.date} at ${schedule.time}${timezone ? ` (${timezone})` : " in the shop's time zone"}`;
    case 'recipient_local':
      return (
        `${schedule.date} at ${schedule.time} in each recipient's time zone; ` +
        (schedule.whenPast === 'at_once'
          ? 'sent at once where that time has passed'
          : 'sent the next day where that time has passed')
      );
  }
}

export function audienceSummary(audience: CampaignAudience, segments: readonly Segment[]): string {
  const name = (id: string) => segments.find((s) => s.id === id)?.name ?? 'a deleted segment';
  const include =
    audience.include === 'all' ? 'All subscribers' : audience.include.map((id) => name(id)).join(', ');
  return audience.exclude.length === 0
    ? include
    : `${include}, excluding ${audience.exclude.map((id) => name(id)).join(', ')}`;
}

export const totalSuppressed = (progress: CampaignProgress): number =>
  Object.values(progress.suppressed).reduce((sum, n) => sum + n, 0);

/** Recipients the send is done with: handed to the provider, delivered, failed, suppressed, held out, cancelled. */
export const processedCount = (p: CampaignProgress): number =>
  p.sent + p.delivered + p.failed + p.cancelled + p.holdout + totalSuppressed(p);

/** Share of the audience processed, 0–100 (100 for an empty audience that completed). */
export function progressPercent(p: CampaignProgress, status: CampaignStatus): number {
  if (p.audience === 0) return status === 'completed' ? 100 : 0;
  return Math.min(100, Math.round((processedCount(p) / p.audience) * 100));
}

/** "quiet_hours" → "Quiet hours"; recipients beyond the campaign's audience limit: "Over the audience limit". */
export const reasonLabel = (reason: string): string => {
  if (reason === 'audience_limit') return 'Over the audience limit';
  const words = reason.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
