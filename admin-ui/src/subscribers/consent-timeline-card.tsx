// A subscriber's consent timeline from the ledger: what, where, when, the exact disclosure, IP and browser,
// the order or checkout of each consent event (newest first).
import { Badge, BlockStack, Box, Divider, InlineStack, Text } from '@shopify/polaris';
import type { ConsentEventView } from '../../../server/contracts/index.js';
import { SectionCard } from '../ui/section-card.js';
import { formatDateTime, SOURCE_LABELS } from './format.js';

const ACTION_LABELS: Record<string, string> = {
  subscribed: 'Subscribed',
  confirmed: 'Confirmed (replied Y)',
  unsubscribed: 'Unsubscribed',
  resubscribed: 'Resubscribed',
};

function TimelineEvent({ event }: { event: ConsentEventView }) {
  const evidence = event.evidence;
  const note = typeof evidence.consentSource === 'string' ? evidence.consentSource : null;
  return (
    <BlockStack gap="100">
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" fontWeight="semibold">
          {ACTION_LABELS[event.action] ?? event.action}
        </Text>
        <Badge>{event.channel === 'marketing' ? 'Marketing' : 'Order updates'}</Badge>
        <Text as="span" tone="subdued">
          {SOURCE_LABELS[event.source] ?? event.source} · {formatDateTime(event.occurredAt)}
        </Text>
      </InlineStack>
      {note !== null && <Text as="p">Source: {note}</Text>}
      {event.disclosureText !== null && (
        <Box background="bg-surface-secondary" padding="200" borderRadius="200">
          <Text as="p" variant="bodySm">
            “{event.disclosureText}”
          </Text>
        </Box>
      )}
      <Text as="p" variant="bodySm" tone="subdued">
        {[
          event.ipAddress ? `IP ${event.ipAddress}` : null,
          event.userAgent ? `Browser ${event.userAgent}` : null,
          event.orderId ? `Order ${event.orderId}` : null,
          event.checkoutToken ? `Checkout ${event.checkoutToken}` : null,
          `Recorded ${formatDateTime(event.recordedAt)}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
    </BlockStack>
  );
}

export function ConsentTimelineCard({ events }: { events: ConsentEventView[] }) {
  return (
    <SectionCard
      title="Consent timeline"
      size="md"
      gap="300"
      empty={events.length === 0 && 'No consent recorded.'}
    >
      {events.map((event, i) => (
        <BlockStack gap="300" key={event.id}>
          {i > 0 && <Divider />}
          <TimelineEvent event={event} />
        </BlockStack>
      ))}
    </SectionCard>
  );
}
