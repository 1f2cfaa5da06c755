// The billing provider: Shopify's Billing API (shopify-billing.ts) or, in local mode, the simulator
// (simulated-billing.ts) with the same states. main.ts chooses one, like the SMS provider.
import type { Micros } from '../messaging/pricing.js';
import type { Plan } from './plans.js';

/** AppSubscriptionStatus as the GraphQL Admin API and the app_subscriptions/update webhook spell it. */
export const remoteStatuses = [
  'PENDING',
  'ACCEPTED',
  'ACTIVE',
  'DECLINED',
  'CANCELLED',
  'FROZEN',
  'EXPIRED',
] as const;
export type RemoteStatus = (typeof remoteStatuses)[number];

/** What the app stores: the remote status, lower-cased, ACCEPTED counting as active. */
export type SubscriptionStatus = 'pending' | 'active' | 'declined' | 'cancelled' | 'frozen' | 'expired';

export function toSubscriptionStatus(status: RemoteStatus): SubscriptionStatus {
  switch (status) {
    case 'PENDING':
      return 'pending';
    case 'ACCEPTED':
    case 'ACTIVE':
      return 'active';
    case 'DECLINED':
      return 'declined';
    case 'CANCELLED':
      return 'cancelled';
    case 'FROZEN':
      return 'frozen';
    case 'EXPIRED':
      return 'expired';
    default: {
      const never: never = status;
      throw new Error(`unknown subscription status ${String(never)}`);
    }
  }
}

export interface RemoteSubscription {
  gid: string;
  name: string;
  status: RemoteStatus;
  test: boolean;
  currentPeriodEnd: Date | null;
  /** The usage line item (null when the subscription has none). */
  usageLineItemGid: string | null;
  cappedMicros: Micros;
  /** The currency Shopify bills the usage line item in. */
  currency: string;
}

export interface CreateSubscriptionInput {
  plan: Plan;
  capMicros: Micros;
  terms: string;
  returnUrl: string;
  test: boolean;
}

export interface UsageChargeInput {
  lineItemGid: string;
  amountMicros: Micros;
  currency: string;
  description: string;
  idempotencyKey: string;
}

/** A refused charge (expected outcome): over the capped amount, or another user error. */
export type UsageChargeResult =
  { ok: true; gid: string } | { ok: false; reason: 'cap_exceeded' | 'rejected'; message: string };

export interface BillingProvider {
  readonly kind: 'shopify' | 'simulated';
  createSubscription(
    shopId: string,
    input: CreateSubscriptionInput,
  ): Promise<{ subscriptionGid: string; confirmationUrl: string }>;
  /** currentAppInstallation.activeSubscriptions */
  activeSubscriptions(shopId: string): Promise<RemoteSubscription[]>;
  recordUsage(shopId: string, input: UsageChargeInput): Promise<UsageChargeResult>;
  /** appSubscriptionLineItemUpdate: the merchant approves the new cap at the returned URL. */
  updateCap(
    shopId: string,
    input: { lineItemGid: string; capMicros: Micros; currency: string },
  ): Promise<{ confirmationUrl: string }>;
}
