// Automations (/automations): every flow with an on/off switch (optimistic, rolled back when the save
// fails) and its figures over a chosen date range (the same picker and figures as the flow report), plus the
// shop-wide order-updates setting.
import {
  Banner,
  BlockStack,
  Card,
  InlineStack,
  Layout,
  Page,
  SkeletonBodyText,
  SkeletonPage,
  Text,
  Toast,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';
import type {
  AutomationFlow,
  AutomationFlowKey,
  AutomationListResponse,
} from '../../../server/contracts/index.js';
import {
  fetchAutomations,
  updateAutomation,
  updateAutomationSettings,
} from '../automations/automation-api.js';
import { CheckoutPhonesCard } from '../automations/checkout-phones-card.js';
import { FlowsTable } from '../automations/flows-table.js';
import { DateRangePicker, lastDays } from '../reports/date-range-picker.js';
import type { DateRange } from '../reports/report-api.js';

type LoadState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; list: AutomationListResponse };

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** "Mar 1, 2026 – Mar 30, 2026": the range the figures cover (UTC days, as the API counts them). */
const statsWindow = (list: AutomationListResponse): string => {
  const format = (iso: string) =>
    new Date(iso).toLocaleDateString('en-US', {
      month: 'short',
      day: 'numeric',
      year: 'numeric',
      timeZone: 'UTC',
    });
  return `${format(list.statsFrom)} – ${format(list.statsTo)}`;
};

export function AutomationsPage() {
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [range, setRange] = useState<DateRange>(() => lastDays(30));
  /** A new range is being fetched: the table keeps the previous figures, marked as loading. */
  const [refreshing, setRefreshing] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState<ReadonlySet<AutomationFlowKey>>(new Set());
  const [savingSettings, setSavingSettings] = useState(false);
  const [toast, setToast] = useState<{ message: string; error: boolean } | undefined>();

  useEffect(() => {
    const controller = new AbortController();
    setState((current) => (current.status === 'ready' ? current : { status: 'loading' }));
    setRefreshing(true);
    fetchAutomations(range, controller.signal).then(
      (list) => {
        setState({ status: 'ready', list });
        setRefreshing(false);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'failed', message: errorMessage(error) });
        setRefreshing(false);
      },
    );
    return () => controller.abort();
  }, [range, attempt]);

  const updateList = (update: (list: AutomationListResponse) => AutomationListResponse) =>
    setState((current) =>
      current.status === 'ready' ? { status: 'ready', list: update(current.list) } : current,
    );

  const setFlowEnabled = (key: AutomationFlowKey, enabled: boolean) =>
    updateList((list) => ({
      ...list,
      flows: list.flows.map((flow) => (flow.key === key ? { ...flow, enabled } : flow)),
    }));

  const setFlowPending = (key: AutomationFlowKey, on: boolean) =>
    setPending((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  const toggle = async (flow: AutomationFlow, enabled: boolean) => {
    setFlowEnabled(flow.key, enabled);
    setFlowPending(flow.key, true);
    try {
      const saved = await updateAutomation(flow.key, { enabled });
      setFlowEnabled(flow.key, saved.flow.enabled);
      setToast({ message: `${flow.title} turned ${saved.flow.enabled ? 'on' : 'off'}`, error: false });
    } catch (error) {
      setFlowEnabled(flow.key, !enabled);
      setToast({
        message: `Couldn't turn ${enabled ? 'on' : 'off'} ${flow.title}: ${errorMessage(error)}`,
        error: true,
      });
    } finally {
      setFlowPending(flow.key, false);
    }
  };

  const setCheckoutPhones = async (checked: boolean) => {
    const apply = (value: boolean) =>
      updateList((list) => ({
        ...list,
        settings: { ...list.settings, orderUpdatesForCheckoutPhones: value },
      }));
    apply(checked);
    setSavingSettings(true);
    try {
      const saved = await updateAutomationSettings({ orderUpdatesForCheckoutPhones: checked });
      apply(saved.orderUpdatesForCheckoutPhones);
      setToast({ message: 'Order update setting saved', error: false });
    } catch (error) {
      apply(!checked);
      setToast({ message: `Couldn't save the setting: ${errorMessage(error)}`, error: true });
    } finally {
      setSavingSettings(false);
    }
  };

  if (state.status === 'loading') {
    return (
      <SkeletonPage title="Automations">
        <Card>
          <SkeletonBodyText lines={12} />
        </Card>
      </SkeletonPage>
    );
  }

  return (
    <Page title="Automations" subtitle="Messages that send themselves when something happens in your store.">
      {state.status === 'failed' ? (
        <Banner
          tone="critical"
          title="We couldn't load your automations"
          action={{ content: 'Try again', onAction: () => setAttempt((n) => n + 1) }}
        >
          <p>{state.message}</p>
        </Banner>
      ) : (
        <Layout>
          <Layout.Section>
            <BlockStack gap="300">
              <Card>
                <InlineStack align="space-between" blockAlign="end" gap="400">
                  <BlockStack gap="100">
                    <Text as="h2" variant="headingMd">
                      Results
                    </Text>
                    <Text as="p" variant="bodySm" tone="subdued">
                      <span data-testid="automations-range">{statsWindow(state.list)}</span>
                    </Text>
                  </BlockStack>
                  <DateRangePicker value={range} onChange={setRange} />
                </InlineStack>
              </Card>
              <FlowsTable
                flows={state.list.flows}
                pending={pending}
                loading={refreshing}
                onToggle={(flow, on) => void toggle(flow, on)}
              />
              <Text as="p" variant="bodySm" tone="subdued">
                Figures from {statsWindow(state.list)}. {state.list.attribution}
              </Text>
            </BlockStack>
          </Layout.Section>
          <Layout.Section>
            <CheckoutPhonesCard
              checked={state.list.settings.orderUpdatesForCheckoutPhones}
              saving={savingSettings}
              onChange={(checked) => void setCheckoutPhones(checked)}
            />
          </Layout.Section>
        </Layout>
      )}
      {toast !== undefined && (
        <Toast content={toast.message} error={toast.error} onDismiss={() => setToast(undefined)} />
      )}
    </Page>
  );
}
