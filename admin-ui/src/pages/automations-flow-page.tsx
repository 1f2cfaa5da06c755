// One automation (/automations/:flow): loads the flow and the shop's sender, then hands over to FlowEditor.
import {
  Banner,
  BlockStack,
  Card,
  Layout,
  Page,
  SkeletonBodyText,
  SkeletonDisplayText,
  SkeletonPage,
  Toast,
} from '@shopify/polaris';
import { useCallback, useEffect, useState } from 'react';
import { shopSettingsSchema, type AutomationDetailResponse } from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { apiGet } from '../api/client.js';
import { fetchAutomation } from '../automations/automation-api.js';
import { FlowEditor } from '../automations/flow-editor.js';
import { AUTOMATIONS_PATH, flowKeyFromPath } from '../automations/flow-path.js';
import { usePathname } from '../routing/router.js';

type LoadState =
  | { status: 'loading' }
  | { status: 'failed'; message: string; notFound: boolean }
  | { status: 'ready'; detail: AutomationDetailResponse; sender: string };

function FlowSkeleton() {
  return (
    <SkeletonPage title="Automation" backAction primaryAction>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <SkeletonDisplayText size="small" />
              <SkeletonBodyText lines={8} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <SkeletonBodyText lines={10} />
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}

/** The sender recipients see: the sender ID, else the shop name; a generic label when settings can't load. */
async function loadSender(signal: AbortSignal): Promise<string> {
  try {
    const settings = await apiGet('/api/settings', shopSettingsSchema, signal);
    return settings.senderId.trim() || settings.shopName.trim() || 'Your store';
  } catch {
    return 'Your store';
  }
}

export function AutomationsFlowPage() {
  const flowKey = flowKeyFromPath(usePathname()) ?? '';
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [toast, setToast] = useState<{ message: string; error: boolean } | undefined>();

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    Promise.all([fetchAutomation(flowKey, controller.signal), loadSender(controller.signal)]).then(
      ([detail, sender]) => setState({ status: 'ready', detail, sender }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({
          status: 'failed',
          message: error instanceof Error ? error.message : String(error),
          notFound: error instanceof ApiError && error.status === 404,
        });
      },
    );
    return () => controller.abort();
  }, [flowKey, attempt]);

  const showToast = useCallback((message: string, error = false) => setToast({ message, error }), []);

  if (state.status === 'loading') return <FlowSkeleton />;
  return (
    <>
      {state.status === 'ready' ? (
        <FlowEditor key={flowKey} initial={state.detail} sender={state.sender} onToast={showToast} />
      ) : (
        <Page title="Automation" backAction={{ content: 'Automations', url: AUTOMATIONS_PATH }}>
          <Banner
            tone="critical"
            title={state.notFound ? 'There is no such automation' : "We couldn't load this automation"}
            action={
              state.notFound
                ? { content: 'See all automations', url: AUTOMATIONS_PATH }
                : { content: 'Try again', onAction: () => setAttempt((n) => n + 1) }
            }
          >
            <p>{state.message}</p>
          </Banner>
        </Page>
      )}
      {toast !== undefined && (
        <Toast content={toast.message} error={toast.error} onDismiss={() => setToast(undefined)} />
      )}
    </>
  );
}
