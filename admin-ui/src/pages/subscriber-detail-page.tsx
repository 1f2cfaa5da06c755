// One subscriber (/subscribers/:id): the person, consent per channel, the consent timeline from the ledger
// (what, where, when, the exact disclosure, IP and browser, the order or checkout), every message sent and
// received (newest first, paged), unsubscribe (confirmed; recorded with the merchant as source) and the
// consent proof as JSON or CSV.
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineStack,
  Layout,
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
  type SubscriberDetail,
  type SubscriberMessageView,
} from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { apiGet } from '../api/client.js';
import { downloadFile } from '../api/download.js';
import { usePathname } from '../routing/router.js';
import { ConsentTimelineCard } from '../subscribers/consent-timeline-card.js';
import {
  errorMessage,
  formatDateTime,
  messageStatusTone,
  STATE_LABELS,
  stateTone,
  SUPPRESSED_REASONS,
} from '../subscribers/format.js';
import { AttributedOrdersCard, PersonCard } from '../subscribers/subscriber-side-cards.js';
import { SectionCard } from '../ui/section-card.js';
import { fetchSubscriber, fetchSubscriberMessages, unsubscribe } from '../subscribers/subscriber-api.js';

type LoadState =
  | { status: 'loading' }
  | { status: 'failed'; message: string; notFound: boolean }
  | { status: 'ready'; detail: SubscriberDetail };

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
            <ConsentTimelineCard events={s.consentHistory} />
            <SectionCard
              title="Messages"
              size="md"
              gap="300"
              empty={messages.length === 0 && 'No messages sent or received yet.'}
            >
              <DataTable
                columnContentTypes={['text', 'text', 'text', 'text']}
                headings={['Time', 'Direction', 'Message', 'Status']}
                rows={messageRows(messages)}
                verticalAlign="top"
              />
              {nextCursor && (
                <InlineStack>
                  <Button onClick={() => void loadOlder()}>Older messages</Button>
                </InlineStack>
              )}
            </SectionCard>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <PersonCard s={s} storeHandle={storeHandle} />
            <AttributedOrdersCard orders={s.attributedOrders} />
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
