// A campaign refused because of billing (409 billing_cap / billing_inactive from POST .../schedule): the server's
// message (how much the campaign could cost, what is left, how many recipients fit) with the two ways out the
// issue asks for: raise the cap (or choose a plan) on Plan & usage, or send to part of the audience: to the N
// recipients that fit (the campaign's audience limit) or back to the Audience step to choose a smaller one.
import { Banner, BlockStack, Button, InlineStack } from '@shopify/polaris';
import { ApiError } from '../api/api-error.js';

export interface BillingRefusal {
  message: string;
  /** The shop has no active plan (no plan chosen, or one not active): the way out is choosing a plan. */
  needsPlan: boolean;
  /** How many recipients fit (the server's fields.audienceThatFits), null when it does not say. */
  fit: number | null;
}

function fitOf(fields: Record<string, string>): number | null {
  const n = Number(fields.audienceThatFits);
  return fields.audienceThatFits !== undefined && Number.isInteger(n) && n >= 0 ? n : null;
}

/** The refusal when `error` is a billing one, else null. */
export function billingRefusalOf(error: unknown): BillingRefusal | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  if (error.code === 'billing_inactive') return { message: error.message, needsPlan: true, fit: null };
  if (error.code === 'billing_cap')
    return {
      message: error.message,
      needsPlan: error.fields.choosePlan !== undefined,
      fit: fitOf(error.fields),
    };
  return null;
}

export function BillingRefusalBanner({
  refusal,
  onChangeAudience,
  onSendToFit,
  onDismiss,
}: {
  refusal: BillingRefusal;
  onChangeAudience: () => void;
  /** Sets the campaign's audience limit to the recipients that fit. */
  onSendToFit: (fit: number) => void;
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
      onDismiss={onDismiss}
    >
      <BlockStack gap="200">
        <p>{refusal.message}</p>
        <InlineStack gap="200">
          {refusal.fit !== null && refusal.fit > 0 && (
            <Button onClick={() => onSendToFit(refusal.fit!)}>
              {`Send to the ${refusal.fit.toLocaleString('en-US')} that fit`}
            </Button>
          )}
          <Button url="/billing">{refusal.needsPlan ? 'Choose a plan' : 'Raise the cap'}</Button>
          <Button onClick={onChangeAudience}>Choose a smaller audience</Button>
        </InlineStack>
      </BlockStack>
    </Banner>
  );
}
