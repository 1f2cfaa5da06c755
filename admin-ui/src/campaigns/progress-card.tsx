// The campaign's live progress: a bar of the audience processed (handed to the provider, delivered, failed,
// suppressed, held out, cancelled) and each count, suppressed ones by reason.
import { BlockStack, Box, Card, InlineGrid, List, ProgressBar, Text } from '@shopify/polaris';
import type { CampaignProgress, CampaignStatus } from '../../../server/contracts/index.js';
import { formatCount } from '../automations/format.js';
import { processedCount, progressPercent, reasonLabel, totalSuppressed } from './campaign-format.js';

function Count({ label, value, id, help }: { label: string; value: number; id: string; help: string }) {
  return (
    <Box padding="300" background="bg-surface-secondary" borderRadius="200">
      <BlockStack gap="100">
        <Text as="p" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          <span data-testid={`progress-${id}`}>{formatCount(value)}</span>
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {help}
        </Text>
      </BlockStack>
    </Box>
  );
}

export function ProgressCounts({ progress: p }: { progress: CampaignProgress }) {
  const suppressed = Object.entries(p.suppressed).filter(([, n]) => n > 0);
  return (
    <BlockStack gap="300">
      <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
        <Count label="Audience" value={p.audience} id="audience" help="Reachable when the send started" />
        <Count label="Waiting" value={p.queued + p.sending} id="waiting" help="Queued or being handed over" />
        <Count label="Sent" value={p.sent} id="sent" help="Awaiting a delivery report" />
        <Count label="Delivered" value={p.delivered} id="delivered" help="Confirmed by the carrier" />
        <Count label="Failed" value={p.failed} id="failed" help="Undeliverable or expired" />
        <Count
          label="Not sent"
          value={totalSuppressed(p)}
          id="suppressed"
          help="Left out by consent, caps, quiet hours or smart sending"
        />
        <Count label="Held out" value={p.holdout} id="holdout" help="Kept as the comparison group" />
        <Count label="Cancelled" value={p.cancelled} id="cancelled" help="Not sent because of a cancel" />
      </InlineGrid>
      {suppressed.length > 0 && (
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            Why some were not sent
          </Text>
          <List>
            {suppressed.map(([reason, n]) => (
              <List.Item key={reason}>
                {reasonLabel(reason)}: {formatCount(n)}
              </List.Item>
            ))}
          </List>
        </BlockStack>
      )}
    </BlockStack>
  );
}

export function ProgressCard({ progress, status }: { progress: CampaignProgress; status: CampaignStatus }) {
  const percent = progressPercent(progress, status);
  const tone =
    status === 'cancelled' ? 'critical' : status === 'completed' && percent === 100 ? 'success' : 'highlight';
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Progress
        </Text>
        <BlockStack gap="200">
          <ProgressBar
            progress={percent}
            tone={tone}
            animated={status === 'sending'}
            ariaLabelledBy="campaign-progress-label"
          />
          <Text as="p" id="campaign-progress-label">
            <span data-testid="campaign-progress-percent">{percent}%</span>
            {' · '}
            {formatCount(processedCount(progress))} of {formatCount(progress.audience)} recipients done
          </Text>
        </BlockStack>
        <ProgressCounts progress={progress} />
      </BlockStack>
    </Card>
  );
}
