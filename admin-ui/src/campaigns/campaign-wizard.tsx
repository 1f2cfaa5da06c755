// The create flow of a campaign (a draft or scheduled campaign): audience → message → schedule and options →
// review, then "Send" or "Schedule". Moving between steps saves the draft (PUT); the server's field errors
// are shown inline on their step; a send refused by billing offers raising the cap (or choosing a plan),
// sending to the recipients that fit (the audience limit, saved at once) and changing the audience.
import { Banner, BlockStack, Button, InlineStack, Page, Tabs } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import type { CampaignDetail, Segment } from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import {
  BillingRefusalBanner,
  billingRefusalOf,
  type BillingRefusal,
} from '../billing/billing-refusal-banner.js';
import { navigate } from '../routing/router.js';
import { AudienceStep } from './audience-step.js';
import { campaignAction, deleteCampaign, fetchCampaignEstimate, updateCampaign } from './campaign-api.js';
import {
  draftOf,
  normalizeFields,
  stepOfField,
  STEPS,
  toUpdate,
  type CampaignDraft,
} from './campaign-draft.js';
import { campaignPath } from './campaign-format.js';
import { MessageStep } from './message-step.js';
import { ReviewStep, type EstimateState } from './review-step.js';
import { ScheduleStep } from './schedule-step.js';
import { CampaignStatusBadge } from './status-badge.js';
import { useLiveReach } from './use-live-reach.js';

interface CampaignWizardProps {
  initial: CampaignDetail;
  segments: readonly Segment[];
  sender: string;
  timezone: string;
}

export function CampaignWizard({ initial, segments, sender, timezone }: CampaignWizardProps) {
  const id = initial.id;
  const [draft, setDraft] = useState<CampaignDraft>(() => draftOf(initial));
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string>();
  const [billing, setBilling] = useState<BillingRefusal | null>(null);
  const [busy, setBusy] = useState<'save' | 'send' | 'delete'>();
  const [estimate, setEstimate] = useState<EstimateState>({ status: 'loading' });
  /** Bumped when a change saved on the Review step (the audience limit) changes the estimate. */
  const [estimateVersion, setEstimateVersion] = useState(0);
  const current = STEPS[step]!.id;
  const reach = useLiveReach(id, draft.audience, current === 'audience');

  const change = (patch: Partial<CampaignDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    const keys = Object.keys(patch);
    setErrors((all) =>
      Object.fromEntries(Object.entries(all).filter(([k]) => !keys.includes(k.split('.')[0] ?? ''))),
    );
  };

  /** Shows a refused save or send: field errors on their step (going there), anything else as a banner. */
  const refused = (error: unknown) => {
    const billingRefusal = billingRefusalOf(error);
    if (billingRefusal !== null) {
      setBilling(billingRefusal);
      return;
    }
    if (error instanceof ApiError && Object.keys(error.fields).length > 0) {
      const fields = normalizeFields(error.fields);
      setErrors(fields);
      const first = Object.keys(fields)[0]!;
      const at = STEPS.findIndex((s) => s.id === stepOfField(first));
      setStep(at);
      setProblem(at === STEPS.length - 1 ? error.message : undefined);
      return;
    }
    setProblem(error instanceof Error ? error.message : String(error));
  };

  const save = async (): Promise<boolean> => {
    setBusy('save');
    setProblem(undefined);
    setBilling(null);
    try {
      await updateCampaign(id, toUpdate(draft));
      setErrors({});
      return true;
    } catch (error) {
      refused(error);
      return false;
    } finally {
      setBusy(undefined);
    }
  };

  const goTo = async (index: number) => {
    if (index === step) return;
    if (await save()) setStep(index);
  };

  useEffect(() => {
    if (current !== 'review') return;
    const controller = new AbortController();
    setEstimate({ status: 'loading' });
    fetchCampaignEstimate(id, controller.signal).then(
      (e) => setEstimate({ status: 'ready', estimate: e }),
      (error: unknown) => {
        if (!controller.signal.aborted)
          setEstimate({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [id, current, estimateVersion]);

  /** Saves the draft with this audience limit (null: the whole audience) and estimates it again. */
  const limitAudience = async (audienceLimit: number | null) => {
    const limited = { ...draft, options: { ...draft.options, audienceLimit } };
    setDraft(limited);
    setBusy('save');
    setProblem(undefined);
    setBilling(null);
    try {
      await updateCampaign(id, toUpdate(limited));
      setEstimateVersion((v) => v + 1);
    } catch (error) {
      refused(error);
    } finally {
      setBusy(undefined);
    }
  };

  const send = async () => {
    if (!(await save())) return;
    setBusy('send');
    try {
      await campaignAction(id, 'schedule');
      navigate(campaignPath(id));
    } catch (error) {
      refused(error);
    } finally {
      setBusy(undefined);
    }
  };

  const remove = async () => {
    setBusy('delete');
    try {
      await deleteCampaign(id);
      navigate('/campaigns');
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      setBusy(undefined);
    }
  };

  const last = step === STEPS.length - 1;
  const sendLabel = draft.schedule.kind === 'now' ? 'Send' : 'Schedule';
  const tabs = STEPS.map((s, i) => ({ id: `step-${s.id}`, content: `${i + 1}. ${s.title}` }));

  return (
    <Page
      title={draft.name.trim() || 'Untitled campaign'}
      titleMetadata={<CampaignStatusBadge status={initial.status} />}
      backAction={{ content: 'Campaigns', url: '/campaigns' }}
      secondaryActions={[
        {
          content: 'Save and close',
          onAction: () => void save().then((ok) => ok && navigate(campaignPath(id))),
        },
        {
          content: initial.status === 'draft' ? 'Delete draft' : 'Delete',
          destructive: true,
          loading: busy === 'delete',
          onAction: () => void remove(),
        },
      ]}
    >
      <BlockStack gap="400">
        <Tabs tabs={tabs} selected={step} onSelect={(i) => void goTo(i)} />
        {problem !== undefined && (
          <Banner
            tone="critical"
            title="This campaign can't be saved or sent yet"
            onDismiss={() => setProblem(undefined)}
          >
            <p>{problem}</p>
          </Banner>
        )}
        {billing !== null && (
          <BillingRefusalBanner
            refusal={billing}
            onChangeAudience={() => {
              setBilling(null);
              void goTo(0);
            }}
            onSendToFit={(fit) => void limitAudience(fit)}
            onDismiss={() => setBilling(null)}
          />
        )}
        {current === 'audience' && (
          <AudienceStep draft={draft} segments={segments} reach={reach} errors={errors} onChange={change} />
        )}
        {current === 'message' && (
          <MessageStep
            message={draft.message}
            sender={sender}
            errors={errors}
            onChange={(message) => change({ message })}
          />
        )}
        {current === 'schedule' && (
          <ScheduleStep
            schedule={draft.schedule}
            options={draft.options}
            timezone={timezone}
            errors={errors}
            onChange={change}
          />
        )}
        {current === 'review' && (
          <ReviewStep
            draft={draft}
            segments={segments}
            timezone={timezone}
            estimate={estimate}
            onRemoveLimit={() => void limitAudience(null)}
          />
        )}
        <InlineStack align="space-between">
          {step > 0 ? (
            <Button onClick={() => void goTo(step - 1)} disabled={busy !== undefined}>
              Back
            </Button>
          ) : (
            <span />
          )}
          {last ? (
            <Button
              variant="primary"
              onClick={() => void send()}
              loading={busy === 'send' || busy === 'save'}
              disabled={estimate.status !== 'ready'}
            >
              {sendLabel}
            </Button>
          ) : (
            <Button variant="primary" onClick={() => void goTo(step + 1)} loading={busy === 'save'}>
              {`Next: ${STEPS[step + 1]!.title}`}
            </Button>
          )}
        </InlineStack>
      </BlockStack>
    </Page>
  );
}
