// The spending-cap warning shown across the admin: from the first of billingWarningLevels (warning), and at the
// cap (critical: marketing texts are held back until the cap is raised or the period ends). Words: billing-warning-text.ts. A shop that never chose
// a plan is warned the same way about its allowance of segments (choose a plan before marketing is held back).
import { Banner, Box } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { billingSummarySchema, type BillingSummary } from '../../../server/contracts/index.js';
import { apiGet } from '../api/client.js';
import { capReached, capWarningText, capWarningTitle } from './billing-warning-text.js';

export function BillingWarningBanner({
  summary,
  onDismiss,
}: {
  summary: BillingSummary;
  onDismiss?: () => void;
}) {
  const title = capWarningTitle(summary);
  const text = capWarningText(summary);
  if (title === null || text === null) return null;
  return (
    <Banner
      tone={capReached(summary) ? 'critical' : 'warning'}
      title={title}
      action={{
        content: summary.noPlanAllowance !== null ? 'Choose a plan' : 'Raise the cap',
        url: '/billing',
      }}
      onDismiss={onDismiss}
    >
      <p>{text}</p>
    </Banner>
  );
}

const DISMISSED_KEY = 'textlane.billing-warning.dismissed';

/** The warning level (billingWarningLevels) dismissed this browser session; a higher level shows again. */
function dismissedLevel(): number {
  try {
    return Number(window.sessionStorage.getItem(DISMISSED_KEY) ?? 0);
  } catch {
    return 0;
  }
}

/**
 * The banner above every page of the admin (app.tsx): asks GET /api/billing on each page change and shows the
 * warning (summary.warning) linking to Plan & usage. Dismissable for the session (until a higher level is reached).
 * Nothing below the first level, on Plan & usage itself (it shows its own), or when billing cannot be loaded.
 */
export function BillingWarning({ pathname }: { pathname: string }) {
  const [summary, setSummary] = useState<BillingSummary | null>(null);
  const [dismissed, setDismissed] = useState(dismissedLevel);
  const hidden = pathname === '/billing';
  useEffect(() => {
    if (hidden) return undefined;
    const controller = new AbortController();
    apiGet('/api/billing', billingSummarySchema, controller.signal).then(setSummary, () => undefined);
    return () => controller.abort();
  }, [pathname, hidden]);
  if (hidden || summary === null || summary.warning === null || summary.warning <= dismissed) return null;
  const level = summary.warning;
  const dismiss = () => {
    try {
      window.sessionStorage.setItem(DISMISSED_KEY, String(level));
    } catch {
      // Storage unavailable (private mode): dismissed for this page view only.
    }
    setDismissed(level);
  };
  return (
    <div className="billing-warning-frame" style={{ maxWidth: '62.375rem', margin: '0 auto' }}>
      <Box paddingBlockStart="400" paddingInline={{ xs: '0', sm: '600' }}>
        <BillingWarningBanner summary={summary} onDismiss={dismiss} />
      </Box>
    </div>
  );
}
