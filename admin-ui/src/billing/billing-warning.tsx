// The spending-cap warning shown across the admin: at 75% and 90% of the cap (warning), and at the cap
// (critical: marketing texts are held back until the cap is raised or the period ends).
import { Banner } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { billingSummarySchema, type BillingSummary } from '../../../server/contracts/index.js';
import { apiGet } from '../api/client.js';

export function capWarningText(
  s: Pick<BillingSummary, 'warning' | 'spent' | 'cap' | 'currency' | 'usedPercent'>,
): string | null {
  if (s.warning === null) return null;
  const amounts = `${s.spent} of your ${s.cap} ${s.currency} spending cap`;
  if (s.warning === 100)
    return `You have used ${amounts} this period: marketing texts are held back until you raise the cap.`;
  return `You have used ${s.usedPercent}% (${amounts}) this period. Raise the cap before marketing texts are held back.`;
}

export function BillingWarningBanner({ summary }: { summary: BillingSummary }) {
  const text = capWarningText(summary);
  if (text === null) return null;
  return (
    <Banner
      tone={summary.warning === 100 ? 'critical' : 'warning'}
      title={
        summary.warning === 100 ? 'Spending cap reached' : `${summary.warning}% of your spending cap used`
      }
      action={{ content: 'Plan & usage', url: '/billing' }}
    >
      <p>{text}</p>
    </Banner>
  );
}

/** The banner for any page: loads /api/billing once; nothing below 75% or when it cannot be loaded. */
export function BillingWarning() {
  const [summary, setSummary] = useState<BillingSummary | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    apiGet('/api/billing', billingSummarySchema, controller.signal).then(setSummary, () => undefined);
    return () => controller.abort();
  }, []);
  return summary === null ? null : <BillingWarningBanner summary={summary} />;
}
