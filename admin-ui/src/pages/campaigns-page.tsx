// Campaigns (/campaigns): every campaign with its status and figures (recipients, sent, delivered, clicks,
// revenue), newest first, and the way to create one (a draft, then the create flow).
import {
  Banner,
  Card,
  EmptyState,
  IndexTable,
  Link,
  Page,
  SkeletonBodyText,
  SkeletonPage,
  Text,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';
import type { CampaignList, CampaignListItem } from '../../../server/contracts/index.js';
import { formatCount, formatMoney } from '../automations/format.js';
import { createCampaign, fetchCampaigns } from '../campaigns/campaign-api.js';
import { campaignEditPath, campaignPath } from '../campaigns/campaign-format.js';
import { CampaignStatusBadge } from '../campaigns/status-badge.js';
import { navigate } from '../routing/router.js';

type LoadState =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; list: CampaignList };

const timeFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

const dateFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });

const Numeric = ({ children }: { children: string }) => (
  <Text as="span" alignment="end" numeric>
    {children}
  </Text>
);

function CampaignsTable({ items }: { items: CampaignListItem[] }) {
  return (
    <IndexTable
      resourceName={{ singular: 'campaign', plural: 'campaigns' }}
      itemCount={items.length}
      selectable={false}
      headings={[
        { title: 'Campaign' },
        { title: 'Status' },
        { title: 'Starts' },
        { title: 'Recipients', alignment: 'end' },
        { title: 'Sent', alignment: 'end' },
        { title: 'Delivered', alignment: 'end' },
        { title: 'Clicks', alignment: 'end' },
        { title: 'Revenue', alignment: 'end' },
      ]}
    >
      {items.map((c, index) => (
        <IndexTable.Row id={c.id} key={c.id} position={index}>
          <IndexTable.Cell>
            <Link url={campaignPath(c.id)} removeUnderline monochrome>
              <Text as="span" fontWeight="semibold">
                {c.name}
              </Text>
            </Link>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <CampaignStatusBadge status={c.status} />
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" tone="subdued">
              {c.startAt === null ? 'Not scheduled' : timeFormat.format(new Date(c.startAt))}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Numeric>{formatCount(c.audience)}</Numeric>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Numeric>{formatCount(c.sent)}</Numeric>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Numeric>{formatCount(c.delivered)}</Numeric>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Numeric>{formatCount(c.clicks)}</Numeric>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Numeric>{formatMoney(c.revenue, c.currency)}</Numeric>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

export function CampaignsPage() {
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    fetchCampaigns(controller.signal).then(
      (list) => setState({ status: 'ready', list }),
      (error: unknown) => {
        if (!controller.signal.aborted)
          setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  if (state.status === 'loading') {
    return (
      <SkeletonPage title="Campaigns" primaryAction>
        <Card>
          <SkeletonBodyText lines={10} />
        </Card>
      </SkeletonPage>
    );
  }

  // A new campaign starts as a draft, so every step of the create flow is saved as the merchant goes.
  const create = {
    content: 'Create campaign',
    loading: creating,
    onAction: () => {
      setCreating(true);
      createCampaign({ name: `Campaign ${dateFormat.format(new Date())}` }).then(
        (created) => navigate(campaignEditPath(created.id)),
        (error: unknown) => {
          setCreating(false);
          setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
        },
      );
    },
  };
  return (
    <Page
      title="Campaigns"
      subtitle="One-off texts to your subscribers or to segments of them, now or at a time you choose."
      primaryAction={create}
    >
      {state.status === 'failed' ? (
        <Banner
          tone="critical"
          title="We couldn't load your campaigns"
          action={{ content: 'Try again', onAction: () => setAttempt((n) => n + 1) }}
        >
          <p>{state.message}</p>
        </Banner>
      ) : (
        <Card padding="0">
          {state.list.items.length === 0 ? (
            <EmptyState heading="No campaigns yet" action={create} image="">
              <p>Choose who gets it, write the message, and send it now or schedule it.</p>
            </EmptyState>
          ) : (
            <CampaignsTable items={state.list.items} />
          )}
        </Card>
      )}
    </Page>
  );
}
