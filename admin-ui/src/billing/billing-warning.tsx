// The spending-cap warning shown across the admin: at 75% and 90% of the cap (warning), and at the cap
// (critical: marketing texts are held back until the cap is raised or the period ends). A shop that never chose
// a plan is warned the same way about its allowance of segments (choose a plan before marketing is held back).
import { Banner, Box } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { billingSummarySchema, type BillingSummary } from '../../../server/contracts/index.js';
import { apiGet } from '../api/client.js';

type WarningFacts = Pick<
  BillingSummary,
  'warning' | 'spent' | 'cap' | 'currency' | 'usedPercent' | 'noPlanAllowance'
>;

export function capWarningText(s: WarningFacts): string | null {
  if (s.warning === null) return null;
  if (s.noPlanAllowance !== null) {
    const { used, segments } = s.noPlanAllowance;
    const amounts = `${Math.min(used, segments).toLocaleString('en-US')} of the ${segments.toLocaleString('en-US')} SMS segments you can send without a plan`;
    if (s.warning === 100)
      return `You have used ${amounts} this period: marketing texts are held back until you choose a plan.`;
    return `You have used ${s.usedPercent}% (${amounts}) this period. Choose a plan before marketing texts are held back.`;
  }
  const amounts = `${s.spent} of your ${s.cap} ${s.currency} spending cap`;
  if (s.warning === 100)
    return `You have used ${amounts} this period: marketing texts are held back until you raise the cap.`;
  return `You have used ${s.usedPercent}% (${amounts}) this period. Raise the cap before marketing texts are held back.`;
}

function warningTitle(s: WarningFacts): string {
  const what = s.noPlanAllowance !== null ? 'free allowance' : 'spending cap';
  return s.warning === 100
    ? `${what[0]!.toUpperCase()}${what.slice(1)} reached`
    : `${s.warning}% of your ${what} used`;
}

export function BillingWarningBanner({
  summary,
  onDismiss,
}: {
  summary: BillingSummary;
  onDismiss?: () => void;
}) {
  const text = capWarningText(summary);
  if (text === null) return null;
  return (
    <Banner
      tone={summary.warning === 100 ? 'critical' : 'warning'}
      title={warningTitle(summary)}
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

/** The warning level dismissed this browser session ("75", "90", "100"); a higher level shows again. */
function dismissedLevel(): number {
  try {
    return Number(window.sessionStorage.getItem(DISMISSED_KEY) ?? 0);
  } catch {
    return 0;
  }
}

/**
 * The banner above every page of the admin (app.tsx): asks GET /api/billing on each page change and shows the
 * 75% / 90% / cap warning linking to Plan & usage. Dismissable for the session (until a higher level is reached).
 * Nothing below 75%, on Plan & usage itself (it shows its own), or when billing cannot be loaded.
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
