// Store sync (/settings/sync): the last backfill of customers and orders from Shopify, with a progress bar
// while it runs (records done, estimated time left), its errors, and a button to start a new one.
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  InlineStack,
  Layout,
  Page,
  ProgressBar,
  Text,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';
import {
  syncStatusSchema,
  type SyncResourceProgress,
  type SyncStatus,
} from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { apiGet, apiRequest } from '../api/client.js';
import { errorMessage, formatDateTime } from '../subscribers/format.js';

const RESOURCE_LABELS: Record<string, string> = { customers: 'Customers', orders: 'Orders' };
const ACTIVE = new Set(['created', 'running', 'importing']);

function remaining(r: SyncResourceProgress, now: number): string | null {
  if (r.objectCount === null || r.rowsImported === 0 || r.rowsImported >= r.objectCount) return null;
  const elapsed = now - Date.parse(r.startedAt);
  const ms = (elapsed / r.rowsImported) * (r.objectCount - r.rowsImported);
  const minutes = Math.ceil(ms / 60_000);
  return minutes <= 1 ? 'about a minute left' : `about ${minutes} minutes left`;
}

function ResourceProgress({ r }: { r: SyncResourceProgress }) {
  const active = ACTIVE.has(r.status);
  const percent =
    r.status === 'completed'
      ? 100
      : r.objectCount
        ? Math.min(100, Math.round((r.rowsImported / r.objectCount) * 100))
        : 0;
  const left = active ? remaining(r, Date.now()) : null;
  return (
    <BlockStack gap="200">
      <InlineStack align="space-between">
        <Text as="h3" variant="headingSm">
          {RESOURCE_LABELS[r.resource] ?? r.resource}
        </Text>
        <Badge
          tone={
            r.status === 'completed'
              ? 'success'
              : r.status === 'failed'
                ? 'critical'
                : active
                  ? 'info'
                  : undefined
          }
        >
          {r.status}
        </Badge>
      </InlineStack>
      <ProgressBar progress={percent} tone={r.status === 'failed' ? 'critical' : 'primary'} />
      <Text as="p" tone="subdued">
        {r.rowsImported.toLocaleString('en-US')} records done
        {r.objectCount !== null ? ` of ${r.objectCount.toLocaleString('en-US')}` : ''}
        {left ? ` · ${left}` : ''} · started {formatDateTime(r.startedAt)}
        {r.finishedAt ? ` · finished ${formatDateTime(r.finishedAt)}` : ''}
      </Text>
      {r.error !== null && (
        <Banner tone="critical">
          <p>{r.error}</p>
        </Banner>
      )}
    </BlockStack>
  );
}

export function SyncPage() {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [failure, setFailure] = useState<string | undefined>();
  const [starting, setStarting] = useState(false);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    apiGet('/api/sync', syncStatusSchema, controller.signal).then(setStatus, (error: unknown) => {
      if (!controller.signal.aborted) setFailure(errorMessage(error));
    });
    return () => controller.abort();
  }, [tick]);

  useEffect(() => {
    if (status?.state !== 'running') return;
    const timer = setTimeout(() => setTick((n) => n + 1), 2000);
    return () => clearTimeout(timer);
  }, [status]);

  const start = async () => {
    setStarting(true);
    setFailure(undefined);
    try {
      setStatus(await apiRequest('/api/sync', { method: 'POST', schema: syncStatusSchema }));
    } catch (error) {
      setFailure(
        error instanceof ApiError && error.code === 'sync_in_progress'
          ? 'A sync is already running.'
          : errorMessage(error),
      );
      setTick((n) => n + 1);
    } finally {
      setStarting(false);
    }
  };

  return (
    <Page
      title="Store sync"
      subtitle="Copies your customers and orders from Shopify, for segments and reports. New changes arrive by webhook."
      backAction={{ content: 'Settings', url: '/settings' }}
      primaryAction={{
        content: 'Start a new sync',
        loading: starting,
        disabled: status?.state === 'running',
        onAction: () => void start(),
      }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {failure !== undefined && (
              <Banner tone="critical" onDismiss={() => setFailure(undefined)}>
                <p>{failure}</p>
              </Banner>
            )}
            <Card>
              {status === null ? (
                <Text as="p" tone="subdued">
                  Loading…
                </Text>
              ) : status.state === 'idle' ? (
                <BlockStack gap="200">
                  <Text as="p">Your store has not been synced yet.</Text>
                  <InlineStack>
                    <Button onClick={() => void start()} loading={starting}>
                      Sync now
                    </Button>
                  </InlineStack>
                </BlockStack>
              ) : (
                <BlockStack gap="400">
                  <Text as="h2" variant="headingMd">
                    {status.state === 'running'
                      ? 'Sync in progress'
                      : status.state === 'completed'
                        ? 'Last sync finished'
                        : 'Last sync failed'}
                  </Text>
                  {status.resources.map((r) => (
                    <ResourceProgress key={r.resource} r={r} />
                  ))}
                </BlockStack>
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
