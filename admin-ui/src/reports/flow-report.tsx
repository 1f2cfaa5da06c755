// One flow's report over a chosen date range (replaces the fixed 30 days): figures, charts, drill-down.
import { Banner, BlockStack, Card, InlineStack, Text } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import type { FlowReport as FlowReportData } from '../../../server/contracts/index.js';
import { ReportSkeleton } from './campaign-report.js';
import { DateRangePicker, lastDays } from './date-range-picker.js';
import { NextStep } from './next-step.js';
import { fetchFlowReport, flowReportPath, type DateRange } from './report-api.js';
import { ReportBody } from './report-body.js';
import { errorMessage } from './report-format.js';

type State =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; report: FlowReportData };

export function FlowReport({ flow }: { flow: string }) {
  const [range, setRange] = useState<DateRange>(() => lastDays(30));
  const [state, setState] = useState<State>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    fetchFlowReport(flow, range, controller.signal).then(
      (report) => setState({ status: 'ready', report }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [flow, range, attempt]);

  return (
    <BlockStack gap="400">
      <Card>
        <InlineStack align="space-between" blockAlign="end">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Results
            </Text>
            {state.status === 'ready' && (
              <Text as="p" variant="bodySm" tone="subdued">
                Orders count for {state.report.attributionWindows.clickDays} days after a click or{' '}
                {state.report.attributionWindows.deliveredHours} hours after delivery.
              </Text>
            )}
          </BlockStack>
          <DateRangePicker value={range} onChange={setRange} />
        </InlineStack>
      </Card>
      {state.status === 'loading' && <ReportSkeleton />}
      {state.status === 'failed' && (
        <Banner
          tone="critical"
          title="We couldn't load the results"
          action={{ content: 'Try again', onAction: () => setAttempt((n) => n + 1) }}
        >
          <p>{state.message}</p>
        </Banner>
      )}
      {state.status === 'ready' &&
        (state.report.figures.produced === 0 ? (
          <NextStep heading="No messages in this range">
            This flow sent nothing between these dates. Turn it on above, or pick a longer range.
          </NextStep>
        ) : (
          <ReportBody
            subject={{ kind: 'flow', flow, range }}
            currency={state.report.currency}
            figures={state.report.figures}
            rates={state.report.rates}
            suppressedByReason={state.report.suppressedByReason}
            failedByError={state.report.failedByError}
            timeSeries={state.report.timeSeries}
            csvPath={(table) => flowReportPath(flow, range, { format: 'csv', table })}
          />
        ))}
    </BlockStack>
  );
}
