// Step 4: everything the campaign will do, with the reachable count and the estimated cost counted now,
// then "Send" (send now) or "Schedule". An audience limit (set from a billing refusal) is shown and can be dropped.
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Divider,
  InlineGrid,
  InlineStack,
  Spinner,
  Text,
} from '@shopify/polaris';
import type { CampaignEstimate, Segment } from '../../../server/contracts/index.js';
import { formatCount, formatMoney, formatRange } from '../automations/format.js';
import type { CampaignDraft } from './campaign-draft.js';
import { audienceSummary, scheduleSummary } from './campaign-format.js';

export type EstimateState =
  | { status: 'loading' }
  | { status: 'ready'; estimate: CampaignEstimate }
  | { status: 'failed'; message: string };

interface ReviewStepProps {
  draft: CampaignDraft;
  segments: readonly Segment[];
  timezone: string;
  estimate: EstimateState;
  /** Drops the audience limit (the campaign goes to the whole audience again). */
  onRemoveLimit: () => void;
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <InlineGrid columns={{ xs: 1, md: ['oneThird', 'twoThirds'] }} gap="200">
      <Text as="p" fontWeight="semibold">
        {label}
      </Text>
      <Box>{children}</Box>
    </InlineGrid>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        <span data-testid={testId}>{value}</span>
      </Text>
    </BlockStack>
  );
}

function discountText(draft: CampaignDraft): string {
  const d = draft.message.discount;
  if (d === null) return 'None';
  return d.mode === 'shared'
    ? `Shared code ${d.code}`
    : `A unique ${d.percentage}% code per recipient, valid ${d.validDays} days`;
}

export function ReviewStep({ draft, segments, timezone, estimate, onRemoveLimit }: ReviewStepProps) {
  const { options } = draft;
  const limit = options.audienceLimit ?? null;
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Reach and cost
          </Text>
          {estimate.status === 'loading' && (
            <InlineStack gap="200" blockAlign="center">
              <Spinner size="small" accessibilityLabel="Estimating" />
              <Text as="span" tone="subdued">
                Counting the audience…
              </Text>
            </InlineStack>
          )}
          {estimate.status === 'failed' && (
            <Banner tone="critical" title="We couldn't estimate this campaign">
              <p>{estimate.message}</p>
            </Banner>
          )}
          {estimate.status === 'ready' && (
            <>
              <InlineGrid columns={3} gap="400">
                <Figure
                  label={
                    options.audienceLimit == null
                      ? 'Subscribers who can be texted'
                      : 'Recipients within the audience limit'
                  }
                  value={formatCount(estimate.estimate.reachable)}
                  testId="review-reachable"
                />
                <Figure
                  label="SMS segments per message"
                  value={formatRange(estimate.estimate.segments.min, estimate.estimate.segments.max)}
                  testId="review-segments"
                />
                <Figure
                  label="Estimated cost"
                  value={
                    estimate.estimate.cost.min === estimate.estimate.cost.max
                      ? formatMoney(estimate.estimate.cost.min, estimate.estimate.cost.currency)
                      : `${formatMoney(estimate.estimate.cost.min, estimate.estimate.cost.currency)}–${formatMoney(estimate.estimate.cost.max, estimate.estimate.cost.currency)}`
                  }
                  testId="review-cost"
                />
              </InlineGrid>
              {estimate.estimate.reachable === 0 && (
                <Banner tone="warning">
                  <p>Nobody in this audience can be texted right now; the campaign would send nothing.</p>
                </Banner>
              )}
              <Text as="p" variant="bodySm" tone="subdued">
                Counted now; the audience is computed again when the send starts. Quiet hours, frequency caps
                and smart sending may leave some recipients out.
              </Text>
            </>
          )}
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Summary
          </Text>
          <Divider />
          <BlockStack gap="300">
            <Row label="Name">{draft.name}</Row>
            <Row label="Audience">{audienceSummary(draft.audience, segments)}</Row>
            <Row label="Recipients">
              {limit === null ? (
                'Everyone in the audience who can be texted'
              ) : (
                <InlineStack gap="200" blockAlign="center">
                  <span data-testid="review-audience-limit">
                    {`At most ${formatCount(limit)}; the rest of the audience is left out (“over the limit”)`}
                  </span>
                  <Button variant="plain" onClick={onRemoveLimit}>
                    Send to the whole audience
                  </Button>
                </InlineStack>
              )}
            </Row>
            <Row label="Message">
              <BlockStack gap="100">
                <Text as="p" breakWord>
                  {draft.message.templates.en}
                </Text>
                {draft.message.templates.fr !== undefined && (
                  <Text as="p" tone="subdued" breakWord>
                    French: {draft.message.templates.fr}
                  </Text>
                )}
              </BlockStack>
            </Row>
            <Row label="Discount">{discountText(draft)}</Row>
            <Row label="When">{scheduleSummary(draft.schedule, timezone)}</Row>
            <Row label="Quiet hours and caps">
              {options.whenBlocked === 'hold' ? 'Hold until allowed' : 'Skip the recipient'}
            </Row>
            <Row label="Smart sending">
              {options.smartSendingHours === 0
                ? 'Off'
                : `Skip recipients texted in the last ${options.smartSendingHours} hours`}
            </Row>
            <Row label="UTM tags">{options.utm ? 'On' : 'Off'}</Row>
            <Row label="Holdout">{options.holdoutPercent === 0 ? 'None' : `${options.holdoutPercent}%`}</Row>
          </BlockStack>
        </BlockStack>
      </Card>
    </BlockStack>
  );
}
