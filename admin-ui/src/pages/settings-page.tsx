// Settings: loads GET /api/settings, edits the shop's SMS settings, its own test number and the compliance
// and sending settings, confirms saves with a toast; links to the store sync and webhook events pages.
import {
  Banner,
  BlockStack,
  Card,
  Layout,
  Link,
  Page,
  SkeletonBodyText,
  SkeletonDisplayText,
  SkeletonPage,
  Text,
  Toast,
} from '@shopify/polaris';
import { useCallback, useEffect, useState } from 'react';
import { shopSettingsSchema, type ShopSettings } from '../../../server/contracts/index.js';
import { apiGet } from '../api/client.js';
import { ComplianceCard } from '../settings/compliance-card.js';
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
              <ComplianceCard onSaved={setToast} />
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <ShopDetailsCard settings={state.settings} />
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Store data
                  </Text>
                  <Link url="/settings/sync">Store sync</Link>
                  <Text as="p" variant="bodySm" tone="subdued">
                    Copy customers and orders from Shopify, and follow the progress.
                  </Text>
                  <Link url="/settings/webhooks">Webhook events</Link>
                  <Text as="p" variant="bodySm" tone="subdued">
                    What Shopify sent, failures and replays.
                  </Text>
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
        </Layout>
      )}
      {toast !== undefined && <Toast content={toast} onDismiss={() => setToast(undefined)} />}
    </Page>
  );
}
