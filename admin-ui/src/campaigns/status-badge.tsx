// The campaign's status as a Polaris badge.
import { Badge } from '@shopify/polaris';
import type { CampaignStatus } from '../../../server/contracts/index.js';
import { STATUS_BADGES } from './campaign-format.js';

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { label, tone } = STATUS_BADGES[status];
  return <Badge tone={tone}>{label}</Badge>;
}
