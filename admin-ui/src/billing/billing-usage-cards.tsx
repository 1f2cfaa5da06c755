// The Plan & usage page's cards: the current plan with spend against the cap (progress bar; without a plan, the
// segments used of the no-plan allowance), usage by day and by destination country this period, and the plan choices.
import {
  Badge,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineStack,
  ProgressBar,
  Text,
  TextField,
} from '@shopify/polaris';
import { useState } from 'react';
import type { BillingSummary, PlanId } from '../../../server/contracts/index.js';
import { formatDate } from '../subscribers/format.js';
import { capReached } from './billing-warning-text.js';

const STATUS_TONE: Record<
  BillingSummary['status'],
  'success' | 'attention' | 'critical' | 'info' | undefined
> = {
  none: undefined,
  pending: 'attention',
  active: 'success',
  declined: 'critical',
  cancelled: 'critical',
  frozen: 'critical',
  expired: 'critical',
};

export function PlanCard({
  summary,
  onRaiseCap,
  busy,
}: {
  summary: BillingSummary;
  onRaiseCap: (cap: string) => void;
  busy: boolean;
}) {
  const [cap, setCap] = useState('');
  const plan = summary.plans.find((p) => p.id === summary.plan);
  const allowance = summary.noPlanAllowance;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingMd">
            {plan ? plan.name : 'No plan yet'}
          </Text>
          <Badge tone={STATUS_TONE[summary.status]}>{summary.status}</Badge>
        </InlineStack>
        {summary.period !== null && (
          <Text as="p" tone="subdued">
            This period: {formatDate(summary.period.start)} – {formatDate(summary.period.end)}
            {summary.test ? ' · test charges (not billed)' : ''}
          </Text>
        )}
        <Text as="p" variant="headingLg">
          {allowance !== null
            ? `${allowance.used.toLocaleString('en-US')} of ${allowance.segments.toLocaleString('en-US')} SMS segments`
            : `${summary.spent} of ${summary.cap} ${summary.currency}`}
        </Text>
        <ProgressBar
          progress={summary.usedPercent}
          tone={capReached(summary) ? 'critical' : summary.warning !== null ? 'highlight' : 'primary'}
          ariaLabelledBy="spend-label"
        />
        <Text as="p" tone="subdued" id="spend-label">
          {allowance !== null
            ? `${summary.usedPercent}% of what you can send without a plan (${allowance.segments.toLocaleString('en-US')} segments per 30 days, not charged) · choose a plan to send more`
            : `${summary.usedPercent}% of your spending cap used · ${summary.includedSegments.toLocaleString('en-US')} segments included per 30 days`}
        </Text>
        {summary.status === 'active' && (
          <InlineStack gap="200" blockAlign="end">
            <TextField
              label="New spending cap"
              value={cap}
              onChange={setCap}
              autoComplete="off"
              prefix="$"
              placeholder="500"
            />
            <Button onClick={() => onRaiseCap(cap)} loading={busy} disabled={cap.trim() === ''}>
              Raise cap
            </Button>
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}

/** One half of the usage row: a card with a table of segments and amount per key (day or country). */
function UsageTable({
  title,
  keyHeading,
  rows,
  currency,
}: {
  title: string;
  keyHeading: string;
  rows: Array<{ key: string; segments: number; amount: string }>;
  currency: string;
}) {
  return (
    <div style={{ flex: 1 }}>
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          {rows.length === 0 ? (
            <Text as="p" tone="subdued">
              No delivered messages this period yet.
            </Text>
          ) : (
            <DataTable
              columnContentTypes={['text', 'numeric', 'numeric']}
              headings={[keyHeading, 'Segments', `Amount (${currency})`]}
              rows={rows.map((r) => [r.key, r.segments.toLocaleString('en-US'), r.amount])}
            />
          )}
        </BlockStack>
      </Card>
    </div>
  );
}

export function UsageCards({ summary }: { summary: BillingSummary }) {
  return (
    <InlineStack gap="400" wrap={false} align="start">
      <UsageTable
        title="Usage by day"
        keyHeading="Day"
        rows={summary.byDay.map((d) => ({ key: d.day, segments: d.segments, amount: d.amount }))}
        currency={summary.currency}
      />
      <UsageTable
        title="Usage by country"
        keyHeading="Country"
        rows={summary.byCountry.map((c) => ({ key: c.country, segments: c.segments, amount: c.amount }))}
        currency={summary.currency}
      />
    </InlineStack>
  );
}

export function PlansCard({
  summary,
  onChoose,
  busy,
}: {
  summary: BillingSummary;
  onChoose: (plan: PlanId) => void;
  busy: PlanId | null;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {summary.plan === null ? 'Choose a plan' : 'Change plan'}
        </Text>
        <InlineStack gap="400">
          {summary.plans.map((p) => (
            <BlockStack key={p.id} gap="100">
              <Text as="h3" variant="headingSm">
                {p.name}
              </Text>
              <Text as="p">{p.recurring === '0.00' ? 'Free' : `$${p.recurring} every 30 days`}</Text>
              <Text as="p" tone="subdued">
                {p.includedSegments.toLocaleString('en-US')} segments included, then per segment by country;
                cap ${p.defaultCap}
              </Text>
              <Button
                variant={p.id === summary.plan ? 'secondary' : 'primary'}
                disabled={p.id === summary.plan && summary.status === 'active'}
                loading={busy === p.id}
                onClick={() => onChoose(p.id)}
              >
                {p.id === summary.plan && summary.status === 'active'
                  ? 'Current plan'
                  : `Choose ${p.name.replace('Textlane ', '')}`}
              </Button>
            </BlockStack>
          ))}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
