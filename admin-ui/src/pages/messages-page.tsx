// Messages (/messages): the log of every message, newest first, with filters (status, kind, source, phone,
// dates), keyset pages, and each message's history. At the top, the "produced / production errors /
// remaining, delivered / delivery errors, confirmed or not" summary of the filtered messages.
import {
  Badge,
  Banner,
  BlockStack,
  Card,
  IndexTable,
  InlineGrid,
  Layout,
  Page,
  Pagination,
  Select,
  Text,
  TextField,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';
import type { MessageList, MessageLogSummary } from '../../../server/contracts/index.js';
import { messageKindValues, messageStatusValues } from '../../../server/contracts/index.js';
import { FigureTiles } from '../reports/figure-tiles.js';
import { MessageHistoryModal } from '../reports/message-history-modal.js';
import { SOURCE_FILTER_OPTIONS, sourceLabel } from '../reports/message-source.js';
import { NextStep } from '../reports/next-step.js';
import {
  emptyMessageFilters,
  fetchMessages,
  fetchMessageSummary,
  type MessageFilterState,
} from '../reports/report-api.js';
import { errorMessage, formatCount, reasonLabel, statusLabel } from '../reports/report-format.js';
import { formatDateTime, messageStatusTone } from '../subscribers/format.js';

type ListState =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; page: MessageList };

const PHONE = /^\+[1-9]\d{6,14}$/;

function SummaryTiles({ summary }: { summary: MessageLogSummary | null }) {
  const v = (n: number | undefined) => (n === undefined ? '…' : formatCount(n));
  return (
    <FigureTiles
      columns={7}
      tiles={[
        { name: 'produced', label: 'Produced', value: v(summary?.produced) },
        {
          name: 'productionErrors',
          label: 'Production errors',
          value: v(summary?.productionErrors),
          detail: 'Suppressed or cancelled',
        },
        { name: 'remaining', label: 'Remaining', value: v(summary?.remaining), detail: 'Queued or sending' },
        { name: 'delivered', label: 'Delivered', value: v(summary?.delivered) },
        {
          name: 'deliveryErrors',
          label: 'Delivery errors',
          value: v(summary?.deliveryErrors),
          detail: 'Failed or expired',
        },
        {
          name: 'confirmed',
          label: 'Confirmed',
          value: v(summary?.confirmed),
          detail: 'Final delivery report',
        },
        {
          name: 'unconfirmed',
          label: 'Not confirmed',
          value: v(summary?.unconfirmed),
          detail: 'No final report yet',
        },
      ]}
    />
  );
}

export function MessagesPage() {
  const [draft, setDraft] = useState<MessageFilterState>(emptyMessageFilters);
  const [filters, setFilters] = useState<MessageFilterState>(emptyMessageFilters);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const [summary, setSummary] = useState<MessageLogSummary | null>(null);
  const [open, setOpen] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);
  const cursor = cursors.at(-1) ?? null;
  const phoneError =
    draft.phone.trim() !== '' && !PHONE.test(draft.phone.trim())
      ? 'Enter the full number, e.g. +14155550123'
      : undefined;

  // Typing applies after a short pause (a phone number only once it is complete); selects apply at once.
  // Unchanged filters are not set again, so the first page is fetched once, not blanked by a second fetch.
  useEffect(() => {
    const timer = setTimeout(() => {
      const next = { ...draft, phone: phoneError === undefined ? draft.phone : filters.phone };
      if (JSON.stringify(next) === JSON.stringify(filters)) return;
      setFilters(next);
      setCursors([null]);
    }, 300);
    return () => clearTimeout(timer);
  }, [draft, phoneError, filters]);

  useEffect(() => {
    const controller = new AbortController();
    setList({ status: 'loading' });
    fetchMessages(filters, cursor, controller.signal).then(
      (page) => setList({ status: 'ready', page }),
      (error: unknown) => {
        if (!controller.signal.aborted) setList({ status: 'failed', message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [filters, cursor, attempt]);

  useEffect(() => {
    const controller = new AbortController();
    setSummary(null);
    fetchMessageSummary(filters, controller.signal).then(setSummary, () => undefined);
    return () => controller.abort();
  }, [filters, attempt]);

  const set = (key: keyof MessageFilterState) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const items = list.status === 'ready' ? list.page.items : [];
  const filtered = Object.values(filters).some((value) => value !== '');

  return (
    <Page title="Messages" subtitle="Every text, what happened to it and why.">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <SummaryTiles summary={summary} />
            <Card>
              <InlineGrid columns={{ xs: 2, md: 6 }} gap="200">
                <Select
                  label="Status"
                  options={[
                    { label: 'All', value: '' },
                    ...messageStatusValues.map((s) => ({ label: statusLabel(s), value: s })),
                  ]}
                  value={draft.status}
                  onChange={set('status')}
                />
                <Select
                  label="Kind"
                  options={[
                    { label: 'All', value: '' },
                    ...messageKindValues.map((k) => ({
                      label: k === 'marketing' ? 'Marketing' : 'Transactional',
                      value: k,
                    })),
                  ]}
                  value={draft.kind}
                  onChange={set('kind')}
                />
                <Select
                  label="Source"
                  options={SOURCE_FILTER_OPTIONS}
                  value={draft.source}
                  onChange={set('source')}
                />
                <TextField
                  label="Phone"
                  placeholder="+14155550123"
                  value={draft.phone}
                  onChange={set('phone')}
                  autoComplete="off"
                  error={phoneError}
                  clearButton
                  onClearButtonClick={() => set('phone')('')}
                />
                <TextField
                  label="From"
                  type="date"
                  value={draft.from}
                  onChange={set('from')}
                  autoComplete="off"
                />
                <TextField label="To" type="date" value={draft.to} onChange={set('to')} autoComplete="off" />
              </InlineGrid>
            </Card>
            {list.status === 'failed' && (
              <Banner
                tone="critical"
                title="We couldn't load the messages"
                action={{ content: 'Try again', onAction: () => setAttempt((n) => n + 1) }}
              >
                <p>{list.message}</p>
              </Banner>
            )}
            {list.status === 'ready' && items.length === 0 && cursor === null ? (
              filtered ? (
                <NextStep heading="No messages match these filters">
                  Clear a filter or widen the dates.
                </NextStep>
              ) : (
                <NextStep
                  heading="No messages yet"
                  action={{ content: 'Turn on an automation', url: '/automations' }}
                >
                  Messages show here as soon as an automation or a campaign sends its first text.
                </NextStep>
              )
            ) : (
              <Card padding="0">
                <IndexTable
                  resourceName={{ singular: 'message', plural: 'messages' }}
                  itemCount={items.length}
                  selectable={false}
                  loading={list.status === 'loading'}
                  headings={[
                    { title: 'Created' },
                    { title: 'Phone' },
                    { title: 'Source' },
                    { title: 'Kind' },
                    { title: 'Status' },
                    { title: 'Why' },
                    { title: 'Segments', alignment: 'end' },
                  ]}
                >
                  {items.map((m, index) => (
                    <IndexTable.Row id={m.id} key={m.id} position={index} onClick={() => setOpen(m.id)}>
                      <IndexTable.Cell>{formatDateTime(m.createdAt)}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" fontWeight="semibold">
                          {m.phone}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{sourceLabel(m.sourceType, m.sourceId)}</IndexTable.Cell>
                      <IndexTable.Cell>
                        {m.kind === 'marketing' ? 'Marketing' : 'Transactional'}
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Badge tone={messageStatusTone(m.status)}>{statusLabel(m.status)}</Badge>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" tone="subdued">
                          {m.suppressedReason !== null
                            ? reasonLabel(m.suppressedReason)
                            : m.errorCode !== null
                              ? `Error ${m.errorCode}`
                              : ''}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {m.segments}
                        </Text>
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
                <div style={{ padding: 'var(--p-space-300)', display: 'flex', justifyContent: 'center' }}>
                  <Pagination
                    hasPrevious={cursors.length > 1}
                    onPrevious={() => setCursors((c) => c.slice(0, -1))}
                    hasNext={list.status === 'ready' && list.page.nextCursor !== null}
                    onNext={() => {
                      if (list.status === 'ready' && list.page.nextCursor !== null) {
                        const next = list.page.nextCursor;
                        setCursors((c) => [...c, next]);
                      }
                    }}
                  />
                </div>
              </Card>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
      {open !== undefined && <MessageHistoryModal messageId={open} onClose={() => setOpen(undefined)} />}
    </Page>
  );
}
