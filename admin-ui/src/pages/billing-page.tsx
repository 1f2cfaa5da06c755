// Plan & usage (/billing): the shop's plan, spend this period against the spending cap, usage by day and by
// country, and the way to choose or change a plan or raise the cap (Shopify's confirmation page; the merchant
// comes back here with ?charge_id=…, and the page syncs the subscription).
import { Banner, BlockStack, Layout, Page, Text } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import {
  billingRedirectSchema,
  billingSummarySchema,
  type BillingSummary,
  type PlanId,
} from '../../../server/contracts/index.js';
import { apiRequest } from '../api/client.js';
import { BillingWarningBanner } from '../billing/billing-warning.js';
import { PlanCard, PlansCard, UsageCards } from '../billing/billing-usage-cards.js';
import { navigate } from '../routing/router.js';
import { errorMessage } from '../subscribers/format.js';

/** Shopify's confirmation page replaces the whole admin (top frame when embedded). */
function openConfirmation(url: string): void {
  if (url.startsWith('/')) navigate(url);
  else window.open(url, '_top');
}

export function BillingPage() {
  const [summary, setSummary] = useState<BillingSummary | null>(null);
  const [failure, setFailure] = useState<string | undefined>();
  const [choosing, setChoosing] = useState<PlanId | null>(null);
  const [raising, setRaising] = useState(false);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const chargeId = new URLSearchParams(window.location.search).get('charge_id');
    const load =
      chargeId !== null
        ? apiRequest('/api/billing/confirm', {
            method: 'POST',
            body: { chargeId },
            schema: billingSummarySchema,
            signal: controller.signal,
          })
        : apiRequest('/api/billing', { schema: billingSummarySchema, signal: controller.signal });
    load.then(
      (s) => {
        setSummary(s);
        if (chargeId !== null) {
          // Drop charge_id (handled) and keep Shopify's shop/host parameters.
          const url = new URL(window.location.href);
          url.searchParams.delete('charge_id');
          window.history.replaceState(null, '', `${url.pathname}${url.search}`);
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setFailure(errorMessage(error));
      },
    );
    return () => controller.abort();
  }, [tick]);

  const choose = async (plan: PlanId) => {
    setChoosing(plan);
    setFailure(undefined);
    try {
      const { confirmationUrl } = await apiRequest('/api/billing/subscribe', {
        method: 'POST',
        body: { plan },
        schema: billingRedirectSchema,
      });
      openConfirmation(confirmationUrl);
      setTick((n) => n + 1);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setChoosing(null);
    }
  };

  const raiseCap = async (cap: string) => {
    setRaising(true);
    setFailure(undefined);
    try {
      const { confirmationUrl } = await apiRequest('/api/billing/cap', {
        method: 'POST',
        body: { cap: cap.trim() },
        schema: billingRedirectSchema,
      });
      openConfirmation(confirmationUrl);
      setTick((n) => n + 1);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setRaising(false);
    }
  };

  return (
    <Page
      title="Plan & usage"
      subtitle="Every delivered SMS segment is charged through your Shopify bill, never more than your spending cap."
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {failure !== undefined && (
              <Banner tone="critical" onDismiss={() => setFailure(undefined)}>
                <p>{failure}</p>
              </Banner>
            )}
            {summary === null ? (
              <Text as="p" tone="subdued">
                Loading…
              </Text>
            ) : (
              <>
                <BillingWarningBanner summary={summary} />
                {summary.status !== 'active' && summary.status !== 'none' && (
                  <Banner tone={summary.status === 'pending' ? 'info' : 'critical'}>
                    <p>
                      {summary.status === 'pending'
                        ? 'Your plan is waiting for approval on Shopify. Marketing texts go out once it is approved.'
                        : `Your plan is ${summary.status}: marketing texts are not sent. Order and shipping texts still go out. Choose a plan to resume marketing.`}
                    </p>
                  </Banner>
                )}
                <PlanCard summary={summary} onRaiseCap={(cap) => void raiseCap(cap)} busy={raising} />
                <UsageCards summary={summary} />
                <PlansCard summary={summary} onChoose={(plan) => void choose(plan)} busy={choosing} />
              </>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
