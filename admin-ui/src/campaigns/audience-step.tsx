// Step 1: the campaign's name and who gets it: every reachable subscriber or one or more saved segments (each
// with its last reachable count), minus segments left out; the campaign's own reachable count (duplicates
// removed, only subscribers who can be texted) is counted live as the choice changes.
import {
  BlockStack,
  Card,
  Checkbox,
  ChoiceList,
  InlineStack,
  Link,
  Spinner,
  Text,
  TextField,
} from '@shopify/polaris';
import type { CampaignAudience, Segment } from '../../../server/contracts/index.js';
import { formatCount } from '../automations/format.js';
import type { CampaignDraft } from './campaign-draft.js';

export type ReachState =
  { status: 'loading' } | { status: 'ready'; reachable: number } | { status: 'failed'; message: string };

interface AudienceStepProps {
  draft: CampaignDraft;
  segments: readonly Segment[];
  reach: ReachState;
  errors: Record<string, string>;
  onChange(patch: Partial<CampaignDraft>): void;
}

const segmentHelp = (s: Segment): string =>
  s.lastCounts === null
    ? 'Not counted yet'
    : `${formatCount(s.lastCounts.reachable)} can be texted of ${formatCount(s.lastCounts.customers)} customers`;

export function ReachableCount({ reach }: { reach: ReachState }) {
  switch (reach.status) {
    case 'loading':
      return (
        <InlineStack gap="200" blockAlign="center">
          <Spinner size="small" accessibilityLabel="Counting" />
          <Text as="span" tone="subdued">
            Counting…
          </Text>
        </InlineStack>
      );
    case 'failed':
      return (
        <Text as="p" tone="critical">
          {reach.message}
        </Text>
      );
    case 'ready':
      return (
        <Text as="p" variant="headingLg">
          <span data-testid="campaign-reachable">{formatCount(reach.reachable)}</span>{' '}
          <Text as="span" variant="bodyMd" tone="subdued">
            {reach.reachable === 1 ? 'subscriber can be texted' : 'subscribers can be texted'}
          </Text>
        </Text>
      );
  }
}

export function AudienceStep({ draft, segments, reach, errors, onChange }: AudienceStepProps) {
  const { audience } = draft;
  const included = audience.include === 'all' ? [] : audience.include;
  const setAudience = (next: CampaignAudience) => onChange({ audience: next });
  const toggle = (list: readonly string[], id: string, on: boolean): string[] =>
    on ? [...list, id] : list.filter((x) => x !== id);

  const includeError =
    errors['audience.include'] ??
    Object.entries(errors).find(([k]) => k.startsWith('audience.include.'))?.[1];
  const excludeError = Object.entries(errors).find(([k]) => k.startsWith('audience.exclude'))?.[1];

  return (
    <BlockStack gap="400">
      <Card>
        <TextField
          label="Campaign name"
          helpText="For you only; recipients never see it. Links are tagged with it (utm_campaign)."
          value={draft.name}
          onChange={(name) => onChange({ name })}
          autoComplete="off"
          maxLength={100}
          error={errors.name}
        />
      </Card>
      <Card>
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            Send to
          </Text>
          <ChoiceList
            title="Audience"
            titleHidden
            choices={[
              { label: 'All subscribers who can be texted', value: 'all' },
              { label: 'Subscribers in one or more segments', value: 'segments' },
            ]}
            selected={[audience.include === 'all' ? 'all' : 'segments']}
            onChange={([choice]) =>
              setAudience({
                include: choice === 'all' ? 'all' : included,
                exclude: audience.exclude,
              })
            }
          />
          {audience.include !== 'all' && (
            <BlockStack gap="200">
              {segments.length === 0 ? (
                <Text as="p" tone="subdued">
                  No segments yet. <Link url="/segments/new">Create a segment</Link> first.
                </Text>
              ) : (
                segments.map((s) => (
                  <Checkbox
                    key={s.id}
                    label={s.name}
                    helpText={segmentHelp(s)}
                    checked={included.includes(s.id)}
                    disabled={audience.exclude.includes(s.id)}
                    onChange={(on) => {
                      const next = toggle(included, s.id, on);
                      setAudience({ include: next, exclude: audience.exclude });
                    }}
                  />
                ))
              )}
              {includeError !== undefined && (
                <Text as="p" tone="critical">
                  {includeError}
                </Text>
              )}
            </BlockStack>
          )}
        </BlockStack>
      </Card>
      {segments.length > 0 && (
        <Card>
          <BlockStack gap="300">
            <BlockStack gap="100">
              <Text as="h2" variant="headingMd">
                Leave out
              </Text>
              <Text as="p" tone="subdued">
                Subscribers in these segments get nothing, even when they are in the audience.
              </Text>
            </BlockStack>
            {segments
              .filter((s) => !included.includes(s.id))
              .map((s) => (
                <Checkbox
                  key={s.id}
                  label={`Leave out ${s.name}`}
                  helpText={segmentHelp(s)}
                  checked={audience.exclude.includes(s.id)}
                  onChange={(on) =>
                    setAudience({ include: audience.include, exclude: toggle(audience.exclude, s.id, on) })
                  }
                />
              ))}
            {excludeError !== undefined && (
              <Text as="p" tone="critical">
                {excludeError}
              </Text>
            )}
          </BlockStack>
        </Card>
      )}
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Reachable now
          </Text>
          <ReachableCount reach={reach} />
          <Text as="p" variant="bodySm" tone="subdued">
            Subscribers with confirmed marketing consent and a valid mobile number who have not opted out; a
            phone in several segments is counted (and texted) once. The audience is computed again when the
            campaign is sent.
          </Text>
        </BlockStack>
      </Card>
    </BlockStack>
  );
}
