// What the campaign sends and to whom (segment names looked up once), and its audit list (who changed what,
// when).
import { BlockStack, Card, Divider, Text } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import type { CampaignAuditEntry, CampaignDetail, Segment } from '../../../server/contracts/index.js';
import { fetchSegments } from '../segments/segment-api.js';
import { audienceSummary, scheduleSummary } from './campaign-format.js';

const timeFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
});

function Line({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <BlockStack gap="050">
      <Text as="h3" variant="headingSm">
        {label}
      </Text>
      <Text as="p" breakWord>
        {children}
      </Text>
    </BlockStack>
  );
}

export function OverviewCard({ campaign: c }: { campaign: CampaignDetail }) {
  const [segments, setSegments] = useState<Segment[] | undefined>();
  useEffect(() => {
    const controller = new AbortController();
    fetchSegments(controller.signal).then(
      (list) => setSegments(list.items),
      () => setSegments([]),
    );
    return () => controller.abort();
  }, []);
  const d = c.message.discount;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Campaign
        </Text>
        <Line label="Audience">{segments === undefined ? '…' : audienceSummary(c.audience, segments)}</Line>
        <Line label="Message">{c.message.templates.en}</Line>
        {c.message.templates.fr !== undefined && <Line label="French">{c.message.templates.fr}</Line>}
        <Line label="Discount">
          {d === null
            ? 'None'
            : d.mode === 'shared'
              ? `Shared code ${d.code}`
              : `A unique ${d.percentage}% code per recipient`}
        </Line>
        <Line label="When">{scheduleSummary(c.schedule)}</Line>
        <Line label="Options">
          {[
            c.options.whenBlocked === 'hold'
              ? 'held during quiet hours and caps'
              : 'skipped during quiet hours and caps',
            c.options.smartSendingHours === 0
              ? 'smart sending off'
              : `smart sending ${c.options.smartSendingHours} h`,
            c.options.utm ? 'UTM tags on' : 'UTM tags off',
            c.options.holdoutPercent === 0 ? 'no holdout' : `${c.options.holdoutPercent}% holdout`,
          ].join(' · ')}
        </Line>
        {c.abResult !== null && <Line label="A/B test">{c.abResult.summary}</Line>}
      </BlockStack>
    </Card>
  );
}

export function AuditCard({ entries }: { entries: readonly CampaignAuditEntry[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          History
        </Text>
        {entries.length === 0 ? (
          <Text as="p" tone="subdued">
            No changes yet.
          </Text>
        ) : (
          entries.map((e, i) => (
            <BlockStack key={`${e.at}-${i}`} gap="100">
              {i > 0 && <Divider />}
              <Text as="p" fontWeight="semibold">
                {e.action.charAt(0).toUpperCase() + e.action.slice(1).replace(/_/g, ' ')}
              </Text>
              <Text as="p" variant="bodySm" tone="subdued">
                {timeFormat.format(new Date(e.at))} · {e.actor}
              </Text>
            </BlockStack>
          ))
        )}
      </BlockStack>
    </Card>
  );
}
