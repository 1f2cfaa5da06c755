// A campaign refused because of billing (409 billing_cap / billing_inactive from POST .../schedule): the server's
// message (how much the campaign could cost, what is left, how many recipients fit) with the two ways out the
// issue asks for: raise the cap (or choose a plan) on Plan & usage, or send to part of the audience (back to the
// Audience step to choose a smaller one).
import { Banner } from '@shopify/polaris';
import { ApiError } from '../api/api-error.js';

export interface BillingRefusal {
  message: string;
  /** The shop has no active plan (no plan chosen, or one not active): the way out is choosing a plan. */
  needsPlan: boolean;
}

/** The refusal when `error` is a billing one, else null. */
export function billingRefusalOf(error: unknown): BillingRefusal | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  if (error.code === 'billing_inactive') return { message: error.message, needsPlan: true };
  if (error.code === 'billing_cap')
    return { message: error.message, needsPlan: error.fields.choosePlan !== undefined };
  return null;
}

export function BillingRefusalBanner({
  refusal,
  onChangeAudience,
  onDismiss,
}: {
  refusal: BillingRefusal;
  onChangeAudience: () => void;
  onDismiss: () => void;
}) {
  return (
    <Banner
      tone="warning"
      title={
        refusal.needsPlan
          ? 'Choose a plan to send this campaign'
          : 'This campaign could pass your spending cap'
      }
      action={{ content: refusal.needsPlan ? 'Choose a plan' : 'Raise the cap', url: '/billing' }}
      secondaryAction={{ content: 'Choose a smaller audience', onAction: onChangeAudience }}
      onDismiss={onDismiss}
    >
      <p>{refusal.message}</p>
    </Banner>
  );
}
