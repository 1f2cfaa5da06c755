// Webhook events (/settings/webhooks): the latest deliveries from Shopify by topic and status, failed ones
// with their error and a replay button, filtered by status and topic, older pages on demand.
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  IndexTable,
  InlineGrid,
  InlineStack,
  Page,
  Select,
  Text,
  TextField,
  Toast,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';
import {
  webhookEventListSchema,
  webhookEventStatuses,
  webhookEventSummarySchema,
  type WebhookEventSummary,
} from '../../../server/contracts/index.js';
import { apiGet, apiRequest } from '../api/client.js';
import { errorMessage, formatDateTime } from '../subscribers/format.js';

const STATUS_TONES: Record<string, 'success' | 'critical' | 'info' | undefined> = {
  done: 'success',
  failed: 'critical',
  pending: 'info',
  processing: 'info',
};

export function WebhookEventsPage() {
  const [status, setStatus] = useState('');
  const [topicDraft, setTopicDraft] = useState('');
  const [topic, setTopic] = useState('');
  const [events, setEvents] = useState<WebhookEventSummary[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | undefined>();
  const [replaying, setReplaying] = useState<string | null>(null);
  const [toast, setToast] = useState<{ message: string; error: boolean } | undefined>();

  const query = (cursor: string | null) => {
    const params = new URLSearchParams({ limit: '50' });
    if (status) params.set('status', status);
    if (topic) params.set('topic', topic);
    if (cursor) params.set('cursor', cursor);
    return `/api/webhook-events?${params.toString()}`;
  };

  useEffect(() => {
    const timer = setTimeout(() => setTopic(topicDraft.trim()), 400);
    return () => clearTimeout(timer);
  }, [topicDraft]);

  useEffect(() => {
    const controller = new AbortController();
    setEvents(null);
    setFailure(undefined);
    apiGet(query(null), webhookEventListSchema, controller.signal).then(
      (list) => {
        setEvents(list.events);
        setNextCursor(list.nextCursor);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setFailure(errorMessage(error));
      },
    );
    return () => controller.abort();
  }, [status, topic]);

  const more = async () => {
    if (!nextCursor) return;
    try {
      const list = await apiGet(query(nextCursor), webhookEventListSchema);
      setEvents((e) => [...(e ?? []), ...list.events]);
      setNextCursor(list.nextCursor);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  const replay = async (event: WebhookEventSummary) => {
    setReplaying(event.id);
    try {
      const updated = await apiRequest(`/api/webhook-events/${event.id}/replay`, {
        method: 'POST',
        schema: webhookEventSummarySchema,
      });
      setEvents((list) => (list ?? []).map((e) => (e.id === updated.id ? updated : e)));
      setToast({ message: `${event.topic} queued again`, error: false });
    } catch (error) {
      setToast({ message: `Couldn't replay: ${errorMessage(error)}`, error: true });
    } finally {
      setReplaying(null);
    }
  };

  return (
    <Page
      title="Webhook events"
      subtitle="What Shopify told the app, and whether it was processed."
      backAction={{ content: 'Settings', url: '/settings' }}
    >
      <BlockStack gap="400">
        <Card>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
            <Select
              label="Status"
              options={[
                { label: 'All', value: '' },
                ...webhookEventStatuses.map((s) => ({ label: s, value: s })),
              ]}
              value={status}
              onChange={setStatus}
            />
            <TextField
              label="Topic"
              placeholder="orders/create"
              value={topicDraft}
              onChange={setTopicDraft}
              autoComplete="off"
              clearButton
              onClearButtonClick={() => setTopicDraft('')}
            />
          </InlineGrid>
        </Card>
        {failure !== undefined && (
          <Banner tone="critical">
            <p>{failure}</p>
          </Banner>
        )}
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: 'webhook event', plural: 'webhook events' }}
            itemCount={events?.length ?? 0}
            selectable={false}
            loading={events === null && failure === undefined}
            emptyState={
              <Box padding="600">
                <Text as="p" alignment="center" tone="subdued">
                  {events === null ? 'Loading…' : 'No webhook events match.'}
                </Text>
              </Box>
            }
            headings={[
              { title: 'Received' },
              { title: 'Topic' },
              { title: 'Status' },
              { title: 'Attempts' },
              { title: 'Error' },
              { title: '' },
            ]}
          >
            {(events ?? []).map((e, index) => (
              <IndexTable.Row id={e.id} key={e.id} position={index}>
                <IndexTable.Cell>{formatDateTime(e.receivedAt)}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {e.topic}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={STATUS_TONES[e.status]}>{e.status}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>{e.attempts}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" tone={e.error ? 'critical' : 'subdued'} breakWord>
                    {e.error ?? '—'}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  {(e.status === 'failed' || e.status === 'done') && (
                    <Button
                      size="slim"
                      loading={replaying === e.id}
                      onClick={() => void replay(e)}
                      accessibilityLabel={`Replay ${e.topic} event ${e.id}`}
                    >
                      Replay
                    </Button>
                  )}
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
          {nextCursor !== null && (
            <Box padding="300">
              <InlineStack align="center">
                <Button onClick={() => void more()}>Older events</Button>
              </InlineStack>
            </Box>
          )}
        </Card>
      </BlockStack>
      {toast !== undefined && (
        <Toast content={toast.message} error={toast.error} onDismiss={() => setToast(undefined)} />
      )}
    </Page>
  );
}
