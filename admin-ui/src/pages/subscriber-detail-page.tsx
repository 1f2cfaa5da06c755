// One subscriber (/subscribers/:id): the person, consent per channel, the consent timeline from the ledger
// (what, where, when, the exact disclosure, IP and browser, the order or checkout), every message sent and
// received (newest first, paged), unsubscribe (confirmed; recorded with the merchant as source) and the
// consent proof as JSON or CSV.
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  Divider,
  InlineStack,
  Layout,
  Link,
  Modal,
  Page,
  SkeletonBodyText,
  SkeletonPage,
  Text,
  Toast,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';
import {
  shopSettingsSchema,
  type ConsentEventView,
  type SubscriberDetail,
  type SubscriberMessageView,
} from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { apiGet } from '../api/client.js';
import { downloadFile } from '../api/download.js';
import { usePathname } from '../routing/router.js';
import {
  errorMessage,
  formatDateTime,
  messageStatusTone,
  SOURCE_LABELS,
  STATE_LABELS,
  stateTone,
  SUPPRESSED_REASONS,
} from '../subscribers/format.js';
import { fetchSubscriber, fetchSubscriberMessages, unsubscribe } from '../subscribers/subscriber-api.js';

type LoadState =
  | { status: 'loading' }
  | { status: 'failed'; message: string; notFound: boolean }
  | { status: 'ready'; detail: SubscriberDetail };

const CHANNEL_LABELS: Record<string, string> = {
  click: 'click',
  delivery: 'delivery',
  discount_code: 'discount code',
};

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

function messageRows(messages: SubscriberMessageView[]) {
  return messages.map((m) => [
    formatDateTime(m.createdAt),
    m.direction === 'inbound' ? 'From them' : 'To them',
    <Text as="span" key="body" breakWord>
      {m.body}
    </Text>,
    <BlockStack key="status" gap="050">
      <Badge tone={messageStatusTone(m.status)}>{m.status}</Badge>
      {m.suppressedReason !== null && (
        <Text as="span" variant="bodySm" tone="subdued">
          {SUPPRESSED_REASONS[m.suppressedReason] ?? m.suppressedReason}
        </Text>
      )}
    </BlockStack>,
  ]);
}

export function SubscriberDetailPage() {
  const id = usePathname().split('/')[2] ?? '';
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [shopDomain, setShopDomain] = useState<string | null>(null);
  const [older, setOlder] = useState<{ items: SubscriberMessageView[]; cursor: string | null } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState<{ message: string; error: boolean } | undefined>();

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    setOlder(null);
    fetchSubscriber(id, controller.signal).then(
      (detail) => setState({ status: 'ready', detail }),
      (error: unknown) => {
        if (!controller.signal.aborted)
          setState({
            status: 'failed',
            message: errorMessage(error),
            notFound: error instanceof ApiError && error.status === 404,
          });
      },
    );
    apiGet('/api/settings', shopSettingsSchema, controller.signal).then(
      (s) => setShopDomain(s.shopDomain),
      () => setShopDomain(null),
    );
    return () => controller.abort();
  }, [id]);

  if (state.status === 'loading')
    return (
      <SkeletonPage title="Subscriber" backAction>
        <Card>
          <SkeletonBodyText lines={10} />
        </Card>
      </SkeletonPage>
    );
  if (state.status === 'failed')
    return (
      <Page title="Subscriber" backAction={{ content: 'Subscribers', url: '/subscribers' }}>
        <Banner
          tone="critical"
          title={state.notFound ? 'This subscriber does not exist' : "We couldn't load this subscriber"}
        >
          <p>{state.message}</p>
        </Banner>
      </Page>
    );

  const s = state.detail;
  const messages = [...s.messages, ...(older?.items ?? [])];
  const nextCursor = older ? older.cursor : s.messagesNextCursor;
  const storeHandle = shopDomain?.replace(/\.myshopify\.com$/, '');
  const canUnsubscribe = s.state !== 'unsubscribed' || s.transactionalState === 'subscribed';

  const loadOlder = async () => {
    if (!nextCursor) return;
    try {
      const page = await fetchSubscriberMessages(s.id, nextCursor);
      setOlder((o) => ({ items: [...(o?.items ?? []), ...page.items], cursor: page.nextCursor }));
    } catch (error) {
      setToast({ message: `Couldn't load older messages: ${errorMessage(error)}`, error: true });
    }
  };
  const doUnsubscribe = async () => {
    setBusy(true);
    try {
      const detail = await unsubscribe(s.id);
      setState({ status: 'ready', detail });
      setToast({ message: `${detail.phone} unsubscribed`, error: false });
    } catch (error) {
      setToast({ message: `Couldn't unsubscribe: ${errorMessage(error)}`, error: true });
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  const proof = async (format: 'json' | 'csv') => {
    try {
      await downloadFile(`/api/subscribers/${s.id}/consent?format=${format}`, `consent-${s.id}.${format}`);
    } catch (error) {
      setToast({ message: `Couldn't download the consent proof: ${errorMessage(error)}`, error: true });
    }
  };

  return (
    <Page
      title={s.name ?? s.phone}
      subtitle={s.name ? s.phone : undefined}
      titleMetadata={<Badge tone={stateTone(s.state)}>{STATE_LABELS[s.state] ?? s.state}</Badge>}
      backAction={{ content: 'Subscribers', url: '/subscribers' }}
      primaryAction={{
        content: 'Unsubscribe',
        destructive: true,
        disabled: !canUnsubscribe,
        onAction: () => setConfirming(true),
      }}
      secondaryActions={[
        { content: 'Consent proof (JSON)', onAction: () => void proof('json') },
        { content: 'Consent proof (CSV)', onAction: () => void proof('csv') },
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Consent timeline
                </Text>
                {s.consentHistory.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No consent recorded.
                  </Text>
                ) : (
                  s.consentHistory.map((event, i) => (
                    <BlockStack gap="300" key={event.id}>
                      {i > 0 && <Divider />}
                      <TimelineEvent event={event} />
                    </BlockStack>
                  ))
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Messages
                </Text>
                {messages.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No messages sent or received yet.
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={['text', 'text', 'text', 'text']}
                    headings={['Time', 'Direction', 'Message', 'Status']}
                    rows={messageRows(messages)}
                    verticalAlign="top"
                  />
                )}
                {nextCursor && (
                  <InlineStack>
                    <Button onClick={() => void loadOlder()}>Older messages</Button>
                  </InlineStack>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Person
                </Text>
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
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Attributed orders
                </Text>
                {s.attributedOrders.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No orders attributed to your texts yet.
                  </Text>
                ) : (
                  s.attributedOrders.map((o) => (
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
                  ))
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      {confirming && (
        <Modal
          open
          title={`Unsubscribe ${s.phone}?`}
          onClose={() => setConfirming(false)}
          primaryAction={{
            content: 'Unsubscribe',
            destructive: true,
            loading: busy,
            onAction: () => void doUnsubscribe(),
          }}
          secondaryActions={[{ content: 'Cancel', onAction: () => setConfirming(false) }]}
        >
          <Modal.Section>
            <Text as="p">
              They will get no more marketing texts or order updates from you. This is recorded in their
              consent history as done by you. Only they can subscribe again (by texting START or opting in at
              checkout).
            </Text>
          </Modal.Section>
        </Modal>
      )}
      {toast !== undefined && (
        <Toast content={toast.message} error={toast.error} onDismiss={() => setToast(undefined)} />
      )}
    </Page>
  );
}
