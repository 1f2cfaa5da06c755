// One campaign (/campaigns/:id): its status and what it sends, the live progress while sending (polled),
// pause / resume / cancel, the results once completed (the campaign report), and its audit list.
import {
  Banner,
  BlockStack,
  Card,
  Layout,
  Modal,
  Page,
  SkeletonBodyText,
  SkeletonPage,
  Text,
  Toast,
} from '@shopify/polaris';
import { useState } from 'react';
import type { CampaignDetail } from '../../../server/contracts/index.js';
import { campaignAction, duplicateCampaign, type CampaignAction } from '../campaigns/campaign-api.js';
import { campaignEditPath, scheduleSummary } from '../campaigns/campaign-format.js';
import { AuditCard, OverviewCard } from '../campaigns/overview-card.js';
import { ProgressCard } from '../campaigns/progress-card.js';
import { ResultsSection } from '../campaigns/results-section.js';
import { CampaignStatusBadge } from '../campaigns/status-badge.js';
import { useCampaignPoll } from '../campaigns/use-campaign-poll.js';
import { navigate, usePathname } from '../routing/router.js';

const campaignIdFromPath = (pathname: string): string => decodeURIComponent(pathname.split('/')[2] ?? '');

const ACTION_DONE: Record<CampaignAction, string> = {
  schedule: 'Campaign scheduled',
  pause: 'Campaign paused',
  resume: 'Campaign resumed',
  cancel: 'Campaign cancelled',
};

/** The start in this browser's time, with its zone named (the schedule itself is in the shop's zone). */
const startTime = (iso: string): string =>
  new Date(iso).toLocaleString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });

function statusLine(c: CampaignDetail): string {
  switch (c.status) {
    case 'draft':
      return 'A draft: finish it and send or schedule it.';
    case 'scheduled':
      return c.startAt === null
        ? 'Scheduled.'
        : `Scheduled: ${scheduleSummary(c.schedule)}; starts ${startTime(c.startAt)}.`;
    case 'sending':
      return 'Sending now. Quiet hours and frequency caps still apply to every recipient.';
    case 'paused':
      return 'Paused: nothing more is sent until you resume it.';
    case 'completed':
      return 'Completed: every recipient has been processed.';
    case 'cancelled':
      return c.startedAt === null
        ? 'Cancelled before it started: nothing was sent.'
        : 'Cancelled: messages not yet handed over were not sent.';
  }
}

export function CampaignDetailPage() {
  const id = campaignIdFromPath(usePathname());
  const [reload, setReload] = useState(0);
  const [state] = useCampaignPoll(id, reload);
  const [busy, setBusy] = useState<string>();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [toast, setToast] = useState<{ message: string; error: boolean }>();

  const act = (action: CampaignAction) => {
    setBusy(action);
    campaignAction(id, action)
      .then(
        () => {
          setToast({ message: ACTION_DONE[action], error: false });
          setReload((n) => n + 1);
        },
        (error: unknown) =>
          setToast({ message: error instanceof Error ? error.message : String(error), error: true }),
      )
      .finally(() => {
        setBusy(undefined);
        setConfirmCancel(false);
      });
  };

  const duplicate = () => {
    setBusy('duplicate');
    duplicateCampaign(id).then(
      (copy) => navigate(campaignEditPath(copy.id)),
      (error: unknown) => {
        setBusy(undefined);
        setToast({ message: error instanceof Error ? error.message : String(error), error: true });
      },
    );
  };

  if (state.status === 'loading') {
    return (
      <SkeletonPage title="Campaign" backAction>
        <Card>
          <SkeletonBodyText lines={8} />
        </Card>
      </SkeletonPage>
    );
  }
  if (state.status === 'failed') {
    return (
      <Page title="Campaign" backAction={{ content: 'Campaigns', url: '/campaigns' }}>
        <Banner
          tone="critical"
          title={state.notFound ? 'This campaign does not exist' : "We couldn't load this campaign"}
          action={
            state.notFound ? undefined : { content: 'Try again', onAction: () => setReload((n) => n + 1) }
          }
        >
          <p>{state.message}</p>
        </Banner>
      </Page>
    );
  }

  const c = state.campaign;
  const editable = c.status === 'draft' || c.status === 'scheduled';
  const cancellable = c.status === 'scheduled' || c.status === 'sending' || c.status === 'paused';
  const primary = editable
    ? { content: c.status === 'draft' ? 'Continue editing' : 'Edit', url: campaignEditPath(c.id) }
    : c.status === 'sending'
      ? { content: 'Pause', loading: busy === 'pause', onAction: () => act('pause') }
      : c.status === 'paused'
        ? { content: 'Resume', loading: busy === 'resume', onAction: () => act('resume') }
        : undefined;
  const secondary = [
    ...(cancellable
      ? [{ content: 'Cancel campaign', destructive: true, onAction: () => setConfirmCancel(true) }]
      : []),
    { content: 'Duplicate', loading: busy === 'duplicate', onAction: duplicate },
  ];
  // A campaign cancelled before its start has no progress to show.
  const started = c.status !== 'draft' && c.status !== 'scheduled' && c.startedAt !== null;

  return (
    <Page
      title={c.name}
      titleMetadata={<CampaignStatusBadge status={c.status} />}
      subtitle={statusLine(c)}
      backAction={{ content: 'Campaigns', url: '/campaigns' }}
      primaryAction={primary}
      secondaryActions={secondary}
    >
      <Layout>
        {c.statusReason !== null && c.status !== 'cancelled' && (
          <Layout.Section>
            <Banner tone="info">
              <p>{c.statusReason}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            {started && <ProgressCard progress={c.progress} status={c.status} />}
            {c.status === 'completed' && <ResultsSection campaignId={c.id} />}
            <OverviewCard campaign={c} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <AuditCard entries={c.audit} />
        </Layout.Section>
      </Layout>
      <Modal
        open={confirmCancel}
        onClose={() => setConfirmCancel(false)}
        title={`Cancel ${c.name}?`}
        primaryAction={{
          content: 'Cancel campaign',
          destructive: true,
          loading: busy === 'cancel',
          onAction: () => act('cancel'),
        }}
        secondaryActions={[{ content: 'Keep it', onAction: () => setConfirmCancel(false) }]}
      >
        <Modal.Section>
          <Text as="p">
            Messages not yet handed to the carrier are not sent. Messages already sent can't be called back. A
            cancelled campaign can't be restarted (duplicate it instead).
          </Text>
        </Modal.Section>
      </Modal>
      {toast && <Toast content={toast.message} error={toast.error} onDismiss={() => setToast(undefined)} />}
    </Page>
  );
}
