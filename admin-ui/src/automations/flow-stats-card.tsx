// One flow's last-30-days figures.
import { BlockStack, Card, InlineGrid, Text } from '@shopify/polaris';
import type { AutomationStats } from '../../../server/contracts/index.js';
import { formatCount, formatMoney } from './format.js';

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="050">
      <Text as="span" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="span" variant="headingMd">
        {value}
      </Text>
    </BlockStack>
  );
}

export function FlowStatsCard({ stats }: { stats: AutomationStats }) {
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Last 30 days
        </Text>
        <InlineGrid columns={2} gap="400">
          <Stat label="Sent" value={formatCount(stats.sent)} />
          <Stat label="Delivered" value={formatCount(stats.delivered)} />
          <Stat label="Clicks" value={formatCount(stats.clicks)} />
          <Stat label="Orders" value={formatCount(stats.orders)} />
          <Stat label="Revenue" value={formatMoney(stats.revenue, stats.currency)} />
          <Stat label="Not sent" value={formatCount(stats.suppressed + stats.failed)} />
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}
