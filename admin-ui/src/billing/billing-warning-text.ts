// The billing warning's words (pure, unit-tested): one percentage, the share actually used (usedPercent), in the
// title and nowhere else; the level (billingWarningLevels) only chooses the tone and whether the cap is reached.
import { BILLING_CAP_REACHED, type BillingSummary } from '../../../server/contracts/index.js';

export type WarningFacts = Pick<
  BillingSummary,
  'warning' | 'spent' | 'cap' | 'currency' | 'usedPercent' | 'noPlanAllowance'
>;

export const capReached = (s: Pick<BillingSummary, 'warning'>): boolean => s.warning === BILLING_CAP_REACHED;

/** The banner's title: "80% of your spending cap used", or "Spending cap reached"; null without a warning. */
export function capWarningTitle(s: WarningFacts): string | null {
  if (s.warning === null) return null;
  const what = s.noPlanAllowance !== null ? 'free allowance' : 'spending cap';
  return capReached(s)
    ? `${what[0]!.toUpperCase()}${what.slice(1)} reached`
    : `${s.usedPercent}% of your ${what} used`;
}

/** The banner's text: the amounts used of what the shop may spend or send, and what to do; null without a warning. */
export function capWarningText(s: WarningFacts): string | null {
  if (s.warning === null) return null;
  if (s.noPlanAllowance !== null) {
    const { used, segments } = s.noPlanAllowance;
    const amounts = `${Math.min(used, segments).toLocaleString('en-US')} of the ${segments.toLocaleString('en-US')} SMS segments you can send without a plan`;
    return capReached(s)
      ? `You have used ${amounts} this period: marketing texts are held back until you choose a plan.`
      : `You have used ${amounts} this period. Choose a plan before marketing texts are held back.`;
  }
  const amounts = `${s.spent} of your ${s.cap} ${s.currency} spending cap`;
  return capReached(s)
    ? `You have used ${amounts} this period: marketing texts are held back until you raise the cap.`
    : `You have used ${amounts} this period. Raise the cap before marketing texts are held back.`;
}
