// Settings: loads GET /api/settings, edits the shop's SMS settings and its own test number, confirms saves
// with a toast.
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
import { shopSettingsSchema, type ShopSettings } from '../../../server/contracts/index.js';
import { apiGet } from '../api/client.js';
import { SettingsForm } from '../settings/settings-form.js';
import { ShopDetailsCard } from '../settings/shop-details-card.js';
import { TestPhoneCard } from '../settings/test-phone-card.js';

type LoadState =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; settings: ShopSettings };

function SettingsSkeleton() {
  return (
    <SkeletonPage title="Settings">
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <SkeletonDisplayText size="small" />
              <SkeletonBodyText lines={6} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <SkeletonBodyText lines={4} />
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}

export function SettingsPage() {
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [toast, setToast] = useState<string | undefined>();

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    apiGet('/api/settings', shopSettingsSchema, controller.signal).then(
      (settings) => setState({ status: 'ready', settings }),
      (error: unknown) => {
        if (!controller.signal.aborted)
          setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const handleSaved = useCallback((settings: ShopSettings) => {
    setState({ status: 'ready', settings });
    setToast('Settings saved');
  }, []);

  if (state.status === 'loading') return <SettingsSkeleton />;

  return (
    <Page title="Settings">
      {state.status === 'failed' ? (
        <Banner
          tone="critical"
          title="We couldn't load your settings"
          action={{ content: 'Try again', onAction: () => setAttempt((n) => n + 1) }}
        >
          <p>{state.message}</p>
        </Banner>
      ) : (
        <Layout>
          <Layout.Section>
            {/* Keyed by the saved values so the form starts over from what the server stored. */}
            <BlockStack gap="400">
              <SettingsForm
                key={JSON.stringify(state.settings)}
                settings={state.settings}
                onSaved={handleSaved}
              />
              <TestPhoneCard onSaved={setToast} />
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <ShopDetailsCard settings={state.settings} />
          </Layout.Section>
        </Layout>
      )}
      {toast !== undefined && <Toast content={toast} onDismiss={() => setToast(undefined)} />}
    </Page>
  );
}
