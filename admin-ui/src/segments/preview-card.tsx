// The live count beside the builder: customers matching, how many of them can be texted, and a sample of
// members (phones masked). While a newer count is on its way the previous one stays, marked as updating.
import { Banner, BlockStack, Box, Card, DataTable, InlineStack, Spinner, Text } from '@shopify/polaris';
import type { SegmentPreview } from '../../../server/contracts/index.js';
import { formatCount, formatMoney } from '../automations/format.js';
import type { SegmentPreviewState } from './use-segment-preview.js';

const dateFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });

function Sample({ preview, currency }: { preview: SegmentPreview; currency: string }) {
  if (preview.sample.length === 0) return null;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {preview.sample.length < preview.customers
          ? `A sample of ${formatCount(preview.sample.length)} members`
          : 'Members'}
      </Text>
      <DataTable
        columnContentTypes={['text', 'text', 'numeric', 'numeric', 'text']}
        headings={['Name', 'Phone', 'Orders', 'Spent', 'Last order']}
        rows={preview.sample.map((m) => [
          m.name ?? 'No name',
          m.phone ?? '—',
          formatCount(m.orders),
          formatMoney(m.totalSpent, currency),
          m.lastOrderAt === null ? 'Never' : dateFormat.format(new Date(m.lastOrderAt)),
        ])}
        increasedTableDensity
      />
    </BlockStack>
  );
}

export function PreviewCard({
  state,
  valid,
  currency,
}: {
  state: SegmentPreviewState;
  valid: boolean;
  currency: string;
}) {
  const { answer, pending } = state;
  const preview = answer?.status === 'ready' ? answer.preview : undefined;
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Who matches now
          </Text>
          {valid && pending && (
            <InlineStack gap="100" blockAlign="center">
              <Spinner size="small" accessibilityLabel="Updating the count" />
              <Text as="span" tone="subdued" variant="bodySm">
                Updating…
              </Text>
            </InlineStack>
          )}
        </InlineStack>
        {!valid ? (
          <Text as="p" tone="subdued">
            Fix the highlighted fields to see who matches.
          </Text>
        ) : answer?.status === 'failed' && !pending ? (
          <Banner tone="warning" title="We couldn't count this segment">
            <p>{answer.message}</p>
          </Banner>
        ) : preview === undefined ? (
          <Text as="p" tone="subdued">
            Counting…
          </Text>
        ) : (
          <BlockStack gap="400">
            <Box opacity={pending ? '0.5' : '1'}>
              <InlineStack gap="800">
                <BlockStack gap="100">
                  <Text as="p" variant="heading2xl">
                    <span data-testid="segment-count">{formatCount(preview.customers)}</span>
                  </Text>
                  <Text as="p" tone="subdued">
                    {preview.customers === 1 ? 'customer' : 'customers'}
                  </Text>
                </BlockStack>
                <BlockStack gap="100">
                  <Text as="p" variant="heading2xl">
                    <span data-testid="segment-reachable">{formatCount(preview.reachable)}</span>
                  </Text>
                  <Text as="p" tone="subdued">
                    can be texted (subscribed, valid mobile number)
                  </Text>
                </BlockStack>
              </InlineStack>
            </Box>
            <Sample preview={preview} currency={currency} />
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
