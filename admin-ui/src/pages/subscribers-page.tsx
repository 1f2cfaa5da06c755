// Subscribers (/subscribers): counts per state, search by phone, name or email, filters, a keyset-paged
// table (fast at any size: "Next" follows the API's cursor), CSV export of the filtered list, and the ways
// in: add one by hand, import a file.
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Pagination,
  Select,
  Text,
  TextField,
  Toast,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';
import type { SubscriberCounts, SubscriberListResponse } from '../../../server/contracts/index.js';
import { consentSourceValues } from '../../../server/contracts/index.js';
import { downloadFile } from '../api/download.js';
import { navigate } from '../routing/router.js';
import { AddSubscriberModal } from '../subscribers/add-subscriber-modal.js';
import { errorMessage, formatDate, SOURCE_LABELS, STATE_LABELS, stateTone } from '../subscribers/format.js';
import {
  emptyFilters,
  fetchSubscriberCounts,
  fetchSubscribers,
  filterQuery,
  type SubscriberFilterState,
} from '../subscribers/subscriber-api.js';

type ListState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; page: SubscriberListResponse };

function CountsRow({ counts }: { counts: SubscriberCounts | null }) {
  const cells: Array<[string, number | undefined]> = [
    ['Subscribed', counts?.subscribed],
    ['Awaiting confirmation', counts?.pending],
    ['Unsubscribed', counts?.unsubscribed],
    ['Total', counts?.total],
  ];
  return (
    <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
      {cells.map(([label, value]) => (
        <Card key={label}>
          <BlockStack gap="100">
            <Text as="h3" variant="bodySm" tone="subdued">
              {label}
            </Text>
            <Text as="p" variant="headingLg">
              {value === undefined ? '…' : value.toLocaleString('en-US')}
            </Text>
          </BlockStack>
        </Card>
      ))}
    </InlineGrid>
  );
}

export function SubscribersPage() {
  const [draft, setDraft] = useState<SubscriberFilterState>(emptyFilters);
  const [filters, setFilters] = useState<SubscriberFilterState>(emptyFilters);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const [counts, setCounts] = useState<SubscriberCounts | null>(null);
  const [adding, setAdding] = useState(false);
  const [toast, setToast] = useState<{ message: string; error: boolean } | undefined>();
  const [attempt, setAttempt] = useState(0);
  const cursor = cursors.at(-1) ?? null;

  // Typing in the search box applies after a short pause; the selects apply at once.
  useEffect(() => {
    const timer = setTimeout(() => {
      setFilters(draft);
      setCursors([null]);
    }, 300);
    return () => clearTimeout(timer);
  }, [draft]);

  useEffect(() => {
    const controller = new AbortController();
    setList({ status: 'loading' });
    fetchSubscribers(filters, cursor, controller.signal).then(
      (page) => setList({ status: 'ready', page }),
      (error: unknown) => {
        if (!controller.signal.aborted) setList({ status: 'failed', message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [filters, cursor, attempt]);

  useEffect(() => {
    const controller = new AbortController();
    fetchSubscriberCounts(filters, controller.signal).then(setCounts, () => setCounts(null));
    return () => controller.abort();
  }, [filters, attempt]);

  const set = (key: keyof SubscriberFilterState) => (value: string) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const items = list.status === 'ready' ? list.page.items : [];

  const exportCsv = async () => {
    try {
      await downloadFile(`/api/subscribers/export${filterQuery(filters)}`, 'subscribers.csv');
    } catch (error) {
      setToast({ message: `Couldn't export: ${errorMessage(error)}`, error: true });
    }
  };

  return (
    <Page
      title="Subscribers"
      subtitle="Everyone who agreed to your texts, with the proof of their consent."
      primaryAction={{ content: 'Add subscriber', onAction: () => setAdding(true) }}
      secondaryActions={[
        { content: 'Import', onAction: () => navigate('/subscribers/import') },
        { content: 'Export CSV', onAction: () => void exportCsv() },
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <CountsRow counts={counts} />
            <Card>
              <BlockStack gap="300">
                <TextField
                  label="Search"
                  labelHidden
                  placeholder="Search by phone, name or email"
                  value={draft.q}
                  onChange={set('q')}
                  autoComplete="off"
                  clearButton
                  onClearButtonClick={() => set('q')('')}
                />
                <InlineGrid columns={{ xs: 2, md: 5 }} gap="200">
                  <Select
                    label="State"
                    options={[
                      { label: 'All', value: '' },
                      ...['subscribed', 'pending', 'unsubscribed'].map((s) => ({
                        label: STATE_LABELS[s]!,
                        value: s,
                      })),
                    ]}
                    value={draft.state}
                    onChange={set('state')}
                  />
                  <Select
                    label="Source"
                    options={[
                      { label: 'All', value: '' },
                      ...consentSourceValues.map((s) => ({ label: SOURCE_LABELS[s] ?? s, value: s })),
                    ]}
                    value={draft.source}
                    onChange={set('source')}
                  />
                  <TextField
                    label="Country"
                    placeholder="US"
                    maxLength={2}
                    value={draft.country}
                    onChange={set('country')}
                    autoComplete="off"
                  />
                  <TextField
                    label="Subscribed from"
                    type="date"
                    value={draft.subscribedFrom}
                    onChange={set('subscribedFrom')}
                    autoComplete="off"
                  />
                  <TextField
                    label="Subscribed to"
                    type="date"
                    value={draft.subscribedTo}
                    onChange={set('subscribedTo')}
                    autoComplete="off"
                  />
                </InlineGrid>
              </BlockStack>
            </Card>
            {list.status === 'failed' ? (
              <Banner
                tone="critical"
                title="We couldn't load your subscribers"
                action={{ content: 'Try again', onAction: () => setAttempt((n) => n + 1) }}
              >
                <p>{list.message}</p>
              </Banner>
            ) : (
              <Card padding="0">
                <IndexTable
                  resourceName={{ singular: 'subscriber', plural: 'subscribers' }}
                  itemCount={items.length}
                  selectable={false}
                  loading={list.status === 'loading'}
                  emptyState={
                    <Box padding="600">
                      <Text as="p" alignment="center" tone="subdued">
                        {list.status === 'loading' ? 'Loading…' : 'No subscribers match these filters.'}
                      </Text>
                    </Box>
                  }
                  headings={[
                    { title: 'Phone' },
                    { title: 'Name' },
                    { title: 'State' },
                    { title: 'Source' },
                    { title: 'Country' },
                    { title: 'Subscribed' },
                  ]}
                >
                  {items.map((s, index) => (
                    <IndexTable.Row
                      id={s.id}
                      key={s.id}
                      position={index}
                      onClick={() => navigate(`/subscribers/${s.id}`)}
                    >
                      <IndexTable.Cell>
                        <Text as="span" fontWeight="semibold">
                          {s.phone}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{s.name ?? '—'}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Badge tone={stateTone(s.state)}>{STATE_LABELS[s.state] ?? s.state}</Badge>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{SOURCE_LABELS[s.source] ?? s.source}</IndexTable.Cell>
                      <IndexTable.Cell>{s.country ?? '—'}</IndexTable.Cell>
                      <IndexTable.Cell>{formatDate(s.subscribedAt)}</IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
                <Box padding="300">
                  <InlineStack align="center">
                    <Pagination
                      hasPrevious={cursors.length > 1}
                      onPrevious={() => setCursors((c) => c.slice(0, -1))}
                      hasNext={list.status === 'ready' && list.page.nextCursor !== null}
                      onNext={() =>
                        list.status === 'ready' &&
                        list.page.nextCursor &&
                        setCursors((c) => [...c, list.page.nextCursor])
                      }
                      label={`Page ${cursors.length}`}
                    />
                  </InlineStack>
                </Box>
              </Card>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
      {adding && (
        <AddSubscriberModal
          onClose={() => setAdding(false)}
          onAdded={(detail) => {
            setAdding(false);
            navigate(`/subscribers/${detail.id}`);
          }}
        />
      )}
      {toast !== undefined && (
        <Toast content={toast.message} error={toast.error} onDismiss={() => setToast(undefined)} />
      )}
    </Page>
  );
}
