// The side column of a subscriber's page: the person (with a link to the Shopify customer) and their consent
// now, and the orders attributed to the texts they got.
import { Badge, BlockStack, Divider, InlineStack, Link, Text } from '@shopify/polaris';
import type { SubscriberDetail } from '../../../server/contracts/index.js';
import { SectionCard } from '../ui/section-card.js';
import { formatDateTime, SOURCE_LABELS, STATE_LABELS, stateTone } from './format.js';

const CHANNEL_LABELS: Record<string, string> = {
  click: 'click',
  delivery: 'delivery',
  discount_code: 'discount code',
};

/** `storeHandle`: the shop's admin handle (shop domain without .myshopify.com), for the customer link. */
export function PersonCard({ s, storeHandle }: { s: SubscriberDetail; storeHandle: string | undefined }) {
  return (
    <SectionCard title="Person" size="md">
      <Text as="p">{s.name ?? 'No name on file'}</Text>
      <Text as="p">
        {s.phone}
        {s.country ? ` (${s.country})` : ''}
      </Text>
      {s.customerId !== null && storeHandle && (
        <Link
          url={`https://admin.shopify.com/store/${storeHandle}/customers/${s.customerId}`}
          target="_blank"
        >
          Open customer in Shopify
        </Link>
      )}
      <Divider />
      <Text as="h3" variant="headingSm">
        Consent now
      </Text>
      <InlineStack gap="200">
        <Text as="span">Marketing:</Text>
        <Badge tone={stateTone(s.state)}>{STATE_LABELS[s.state] ?? s.state}</Badge>
      </InlineStack>
      <InlineStack gap="200">
        <Text as="span">Order updates:</Text>
        <Badge tone={stateTone(s.transactionalState)}>
          {STATE_LABELS[s.transactionalState] ?? s.transactionalState}
        </Badge>
      </InlineStack>
      <Text as="p" variant="bodySm" tone="subdued">
        Source {SOURCE_LABELS[s.source] ?? s.source} · language {s.locale ?? 'from the country'}
      </Text>
    </SectionCard>
  );
}

export function AttributedOrdersCard({ orders }: { orders: SubscriberDetail['attributedOrders'] }) {
  return (
    <SectionCard
      title="Attributed orders"
      size="md"
      empty={orders.length === 0 && 'No orders attributed to your texts yet.'}
    >
      {orders.map((o) => (
        <BlockStack gap="050" key={o.orderId}>
          <InlineStack align="space-between">
            <Text as="span" fontWeight="semibold">
              {o.name ?? `Order ${o.orderId}`}
            </Text>
            <Text as="span">
              {Number(o.total).toLocaleString('en-US', {
                style: 'currency',
                currency: o.currency,
              })}
              {o.cancelled ? ' (cancelled)' : ''}
            </Text>
          </InlineStack>
          <Text as="p" variant="bodySm" tone="subdued">
            {formatDateTime(o.orderedAt)} · after a {CHANNEL_LABELS[o.channel] ?? o.channel}
            {o.messageBody ? ` of “${o.messageBody.slice(0, 60)}”` : ''}
          </Text>
        </BlockStack>
      ))}
    </SectionCard>
  );
}
