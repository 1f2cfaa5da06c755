// Segments (/segments): the saved segments with their last counts and when they were computed, and the
// predefined segments to start from.
import {
  Banner,
  BlockStack,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  SkeletonBodyText,
  SkeletonPage,
  Text,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';
import type { Segment, SegmentList, SegmentTemplateList } from '../../../server/contracts/index.js';
import { formatCount } from '../automations/format.js';
import { navigate } from '../routing/router.js';
import { fetchSegments, fetchSegmentTemplates } from '../segments/segment-api.js';
import { NEW_SEGMENT_PATH, segmentPath, templatePath } from '../segments/segment-paths.js';

type LoadState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; list: SegmentList; templates: SegmentTemplateList };

const timeFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

function SegmentsTable({ items }: { items: Segment[] }) {
  return (
    <IndexTable
      resourceName={{ singular: 'segment', plural: 'segments' }}
      itemCount={items.length}
      selectable={false}
      headings={[
        { title: 'Segment' },
        { title: 'Customers', alignment: 'end' },
        { title: 'Can be texted', alignment: 'end' },
        { title: 'Counted' },
      ]}
    >
      {items.map((segment, index) => (
        <IndexTable.Row id={segment.id} key={segment.id} position={index}>
          <IndexTable.Cell>
            <BlockStack gap="050">
              <Link url={segmentPath(segment.id)} removeUnderline monochrome>
                <Text as="span" fontWeight="semibold">
                  {segment.name}
                </Text>
              </Link>
              {segment.description && (
                <Text as="span" tone="subdued" variant="bodySm">
                  {segment.description}
                </Text>
              )}
            </BlockStack>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {segment.lastCounts ? formatCount(segment.lastCounts.customers) : '—'}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {segment.lastCounts ? formatCount(segment.lastCounts.reachable) : '—'}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" tone="subdued">
              {segment.lastCounts
                ? timeFormat.format(new Date(segment.lastCounts.computedAt))
                : 'Not counted yet (took too long; counted again tonight)'}
            </Text>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

function TemplatesCard({ templates }: { templates: SegmentTemplateList }) {
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Start from a template
          </Text>
          <Text as="p" tone="subdued">
            Predefined segments you can use as they are or adjust.
          </Text>
        </BlockStack>
        {templates.items.map((template) => (
          <InlineStack key={template.key} align="space-between" blockAlign="center" gap="200" wrap={false}>
            <BlockStack gap="050">
              <Text as="h3" fontWeight="semibold">
                {template.name}
              </Text>
              <Text as="p" tone="subdued" variant="bodySm">
                {template.description}
              </Text>
            </BlockStack>
            <Button url={templatePath(template.key)} accessibilityLabel={`Use template ${template.name}`}>
              Use
            </Button>
          </InlineStack>
        ))}
      </BlockStack>
    </Card>
  );
}

export function SegmentsPage() {
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    Promise.all([fetchSegments(controller.signal), fetchSegmentTemplates(controller.signal)]).then(
      ([list, templates]) => setState({ status: 'ready', list, templates }),
      (error: unknown) => {
        if (!controller.signal.aborted)
          setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  if (state.status === 'loading') {
    return (
      <SkeletonPage title="Segments" primaryAction>
        <Card>
          <SkeletonBodyText lines={10} />
        </Card>
      </SkeletonPage>
    );
  }

  return (
    <Page
      title="Segments"
      subtitle="Groups of customers to text, kept up to date as your store changes."
      primaryAction={{ content: 'Create segment', onAction: () => navigate(NEW_SEGMENT_PATH) }}
    >
      {state.status === 'failed' ? (
        <Banner
          tone="critical"
          title="We couldn't load your segments"
          action={{ content: 'Try again', onAction: () => setAttempt((n) => n + 1) }}
        >
          <p>{state.message}</p>
        </Banner>
      ) : (
        <Layout>
          <Layout.Section>
            <Card padding="0">
              {state.list.items.length === 0 ? (
                <EmptyState
                  heading="No segments yet"
                  action={{ content: 'Create segment', onAction: () => navigate(NEW_SEGMENT_PATH) }}
                  image=""
                >
                  <p>
                    Build one from conditions on orders, products and subscriptions, or start from a template.
                  </p>
                </EmptyState>
              ) : (
                <SegmentsTable items={state.list.items} />
              )}
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <TemplatesCard templates={state.templates} />
          </Layout.Section>
        </Layout>
      )}
    </Page>
  );
}
