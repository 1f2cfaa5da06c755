// One message's history: queued, sent, delivered or failed with the provider's error, clicks.
import { Badge, Banner, BlockStack, InlineStack, Modal, SkeletonBodyText, Text } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import type { MessageDetail } from '../../../server/contracts/index.js';
import { messageStatusTone } from '../subscribers/format.js';
import { formatDateTime } from '../subscribers/format.js';
import { fetchMessage } from './report-api.js';
import { errorMessage, reasonLabel, statusLabel } from './report-format.js';
import { sourceLabel } from './message-source.js';

type State =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; message: MessageDetail };

/** The parts of a history entry's detail worth showing (error code and text, the clicked link, the bot flag). */
function detailText(detail: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(detail)) {
    if (value === null || value === undefined || typeof value === 'object') continue;
    parts.push(
      `${key
        .replace(/([A-Z])/g, ' $1')
        .replace(/_/g, ' ')
        .toLowerCase()}: ${String(value)}`,
    );
  }
  return parts.join(' · ');
}

export function MessageHistoryModal({ messageId, onClose }: { messageId: string; onClose: () => void }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    fetchMessage(messageId, controller.signal).then(
      (message) => setState({ status: 'ready', message }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [messageId]);

  const m = state.status === 'ready' ? state.message : undefined;
  return (
    <Modal open onClose={onClose} title={m === undefined ? 'Message' : `Message to ${m.phone}`}>
      <Modal.Section>
        {state.status === 'loading' && <SkeletonBodyText lines={6} />}
        {state.status === 'failed' && <Banner tone="critical">{state.message}</Banner>}
        {m !== undefined && (
          <BlockStack gap="300">
            <InlineStack gap="200" blockAlign="center">
              <Badge tone={messageStatusTone(m.status)}>{statusLabel(m.status)}</Badge>
              <Text as="span" tone="subdued">
                {sourceLabel(m.sourceType, m.sourceId)} · {m.kind} · {m.segments} segment
                {m.segments === 1 ? '' : 's'} ({m.encoding})
              </Text>
            </InlineStack>
            <Text as="p">{m.body}</Text>
            {m.suppressedReason !== null && (
              <Banner tone="warning">Not sent: {reasonLabel(m.suppressedReason)}</Banner>
            )}
            {m.errorCode !== null && (
              <Banner tone="critical">
                Provider error {m.errorCode}
                {m.errorReason === null ? '' : `: ${m.errorReason}`}
              </Banner>
            )}
            <Text as="h3" variant="headingSm">
              History
            </Text>
            <ol style={{ margin: 0, paddingInlineStart: '1.25rem' }} aria-label="History">
              {m.history.map((entry, i) => (
                <li key={`${entry.at}-${i}`}>
                  <Text as="span" fontWeight="semibold">
                    {statusLabel(entry.status)}
                  </Text>{' '}
                  <Text as="span" tone="subdued">
                    {formatDateTime(entry.at)}
                    {detailText(entry.detail) === '' ? '' : ` — ${detailText(entry.detail)}`}
                  </Text>
                </li>
              ))}
            </ol>
            <Text as="p" variant="bodySm" tone="subdued">
              {m.provider === null
                ? 'Not handed to a provider.'
                : `Provider: ${m.provider}${m.providerMessageId === null ? '' : ` (${m.providerMessageId})`}.`}{' '}
              Attempts: {m.attempts}.
            </Text>
          </BlockStack>
        )}
      </Modal.Section>
    </Modal>
  );
}
