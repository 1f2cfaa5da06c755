// A campaign's create flow (/campaigns/:id/edit): loads the campaign, the saved segments and the shop's sender
// and time zone, then hands over to CampaignWizard. A campaign past scheduling can't be changed: the page
// says so and links to its progress.
import { Banner, Card, Layout, Page, SkeletonBodyText, SkeletonPage } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { shopSettingsSchema, type CampaignDetail, type Segment } from '../../../server/contracts/index.js';
import { apiGet } from '../api/client.js';
import { fetchCampaign } from '../campaigns/campaign-api.js';
import { campaignPath } from '../campaigns/campaign-format.js';
import { CampaignWizard } from '../campaigns/campaign-wizard.js';
import { usePathname } from '../routing/router.js';
import { fetchSegments } from '../segments/segment-api.js';

type LoadState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | {
      status: 'ready';
      campaign: CampaignDetail;
      segments: Segment[];
      sender: string;
      timezone: string;
    };

/** "/campaigns/<id>/edit" → id. */
export const campaignIdFromPath = (pathname: string): string =>
  decodeURIComponent(pathname.split('/')[2] ?? '');

export function CampaignEditPage() {
  const id = campaignIdFromPath(usePathname());
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    Promise.all([
      fetchCampaign(id, controller.signal),
      fetchSegments(controller.signal),
      apiGet('/api/settings', shopSettingsSchema, controller.signal),
    ]).then(
      ([campaign, segments, settings]) =>
        setState({
          status: 'ready',
          campaign,
          segments: segments.items,
          sender: settings.senderId.trim() || settings.shopName.trim() || 'Your store',
          timezone: settings.timezone,
        }),
      (error: unknown) => {
        if (!controller.signal.aborted)
          setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [id, attempt]);

  if (state.status === 'loading') {
    return (
      <SkeletonPage title="Campaign" backAction>
        <Layout>
          <Layout.Section>
            <Card>
              <SkeletonBodyText lines={10} />
            </Card>
          </Layout.Section>
        </Layout>
      </SkeletonPage>
    );
  }
  if (state.status === 'failed') {
    return (
      <Page title="Campaign" backAction={{ content: 'Campaigns', url: '/campaigns' }}>
        <Banner
          tone="critical"
          title="We couldn't load this campaign"
          action={{ content: 'Try again', onAction: () => setAttempt((n) => n + 1) }}
        >
          <p>{state.message}</p>
        </Banner>
      </Page>
    );
  }
  const { campaign } = state;
  if (campaign.status !== 'draft' && campaign.status !== 'scheduled') {
    return (
      <Page title={campaign.name} backAction={{ content: 'Campaigns', url: '/campaigns' }}>
        <Banner
          tone="info"
          title={`This campaign is ${campaign.status} and can no longer be changed`}
          action={{ content: 'See its progress', url: campaignPath(campaign.id) }}
          secondaryAction={{ content: 'Back to campaigns', url: '/campaigns' }}
        >
          <p>Only a draft or scheduled campaign can be changed. Duplicate it to send a similar one.</p>
        </Banner>
      </Page>
    );
  }
  return (
    <CampaignWizard
      key={campaign.id}
      initial={campaign}
      segments={state.segments}
      sender={state.sender}
      timezone={state.timezone}
    />
  );
}
