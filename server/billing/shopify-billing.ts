// Shopify's Billing API through the app's GraphQL Admin client (cost bucket, retries): appSubscriptionCreate
// with a usage line item (and a recurring one for paid plans), currentAppInstallation.activeSubscriptions,
// appUsageRecordCreate with an idempotency key, and appSubscriptionLineItemUpdate for a new capped amount.
import { AppError } from '../errors.js';
import type { AdminGraphql } from '../shopify/admin-graphql.js';
import { decimalToMicros, moneyInput } from './plans.js';
import {
  remoteStatuses,
  type BillingProvider,
  type RemoteStatus,
  type RemoteSubscription,
} from './provider.js';

interface UserError {
  field?: string[] | null;
  message: string;
}
interface Money {
  amount: string;
  currencyCode: string;
}

export const APP_SUBSCRIPTION_CREATE = `mutation AppSubscriptionCreate($name: String!, $lineItems: [AppSubscriptionLineItemInput!]!, $returnUrl: URL!, $test: Boolean) {
  appSubscriptionCreate(name: $name, returnUrl: $returnUrl, lineItems: $lineItems, test: $test) {
    userErrors { field message }
    appSubscription { id status }
    confirmationUrl
  }
}`;

export const ACTIVE_SUBSCRIPTIONS = `query ActiveSubscriptions {
  currentAppInstallation {
    activeSubscriptions {
      id name status test currentPeriodEnd
      lineItems {
        id
        plan {
          pricingDetails {
            __typename
            ... on AppUsagePricing { cappedAmount { amount currencyCode } balanceUsed { amount currencyCode } terms }
          }
        }
      }
    }
  }
}`;

export const APP_USAGE_RECORD_CREATE = `mutation AppUsageRecordCreate($subscriptionLineItemId: ID!, $price: MoneyInput!, $description: String!, $idempotencyKey: String) {
  appUsageRecordCreate(subscriptionLineItemId: $subscriptionLineItemId, price: $price, description: $description, idempotencyKey: $idempotencyKey) {
    userErrors { field message }
    appUsageRecord { id }
  }
}`;

export const APP_SUBSCRIPTION_LINE_ITEM_UPDATE = `mutation AppSubscriptionLineItemUpdate($id: ID!, $cappedAmount: MoneyInput!) {
  appSubscriptionLineItemUpdate(id: $id, cappedAmount: $cappedAmount) {
    userErrors { field message }
    confirmationUrl
  }
}`;

interface ActiveSubscriptionsData {
  currentAppInstallation: {
    activeSubscriptions: Array<{
      id: string;
      name: string;
      status: string;
      test: boolean;
      currentPeriodEnd: string | null;
      lineItems: Array<{
        id: string;
        plan: { pricingDetails: { __typename: string; cappedAmount?: Money } };
      }>;
    }>;
  };
}

const refused = (what: string, errors: UserError[]) =>
  new AppError({
    code: 'shopify_billing_refused',
    status: 502,
    message: `Shopify refused ${what}: ${errors.map((e) => e.message).join('; ')}`,
  });

const isRemoteStatus = (s: string): s is RemoteStatus => (remoteStatuses as readonly string[]).includes(s);

export function createShopifyBilling(graphql: AdminGraphql): BillingProvider {
  return {
    kind: 'shopify',
    async createSubscription(shopId, input) {
      const lineItems: unknown[] = [
        {
          plan: {
            appUsagePricingDetails: { terms: input.terms, cappedAmount: moneyInput(input.capMicros, 'USD') },
          },
        },
      ];
      if (input.plan.recurringMicros > 0) {
        lineItems.unshift({
          plan: {
            appRecurringPricingDetails: {
              price: moneyInput(input.plan.recurringMicros, 'USD'),
              interval: 'EVERY_30_DAYS',
            },
          },
        });
      }
      const data = await graphql.query<
        {
          appSubscriptionCreate: {
            userErrors: UserError[];
            appSubscription: { id: string } | null;
            confirmationUrl: string | null;
          };
        },
        Record<string, unknown>
      >(shopId, APP_SUBSCRIPTION_CREATE, {
        name: input.plan.name,
        lineItems,
        returnUrl: input.returnUrl,
        test: input.test,
      });
      const out = data.appSubscriptionCreate;
      if (out.userErrors.length > 0 || !out.appSubscription || !out.confirmationUrl)
        throw refused('the subscription', out.userErrors);
      return { subscriptionGid: out.appSubscription.id, confirmationUrl: out.confirmationUrl };
    },

    async activeSubscriptions(shopId) {
      const data = await graphql.query<ActiveSubscriptionsData>(shopId, ACTIVE_SUBSCRIPTIONS);
      return data.currentAppInstallation.activeSubscriptions.map((s): RemoteSubscription => {
        const usage = s.lineItems.find((li) => li.plan.pricingDetails.__typename === 'AppUsagePricing');
        const capped = usage?.plan.pricingDetails.cappedAmount;
        return {
          gid: s.id,
          name: s.name,
          status: isRemoteStatus(s.status) ? s.status : 'PENDING',
          test: s.test,
          currentPeriodEnd: s.currentPeriodEnd ? new Date(s.currentPeriodEnd) : null,
          usageLineItemGid: usage?.id ?? null,
          cappedMicros: capped ? decimalToMicros(capped.amount) : 0,
          currency: capped?.currencyCode ?? 'USD',
        };
      });
    },

    async recordUsage(shopId, input) {
      const data = await graphql.query<
        { appUsageRecordCreate: { userErrors: UserError[]; appUsageRecord: { id: string } | null } },
        Record<string, unknown>
      >(shopId, APP_USAGE_RECORD_CREATE, {
        subscriptionLineItemId: input.lineItemGid,
        price: moneyInput(input.amountMicros, input.currency),
        description: input.description,
        idempotencyKey: input.idempotencyKey,
      });
      const out = data.appUsageRecordCreate;
      if (out.appUsageRecord && out.userErrors.length === 0) return { ok: true, gid: out.appUsageRecord.id };
      const message = out.userErrors.map((e) => e.message).join('; ') || 'no usage record returned';
      // "Total price exceeds balance remaining": the charge would go over the capped amount.
      return {
        ok: false,
        reason: /exceeds balance remaining|capped amount/i.test(message) ? 'cap_exceeded' : 'rejected',
        message,
      };
    },

    async updateCap(shopId, input) {
      const data = await graphql.query<
        { appSubscriptionLineItemUpdate: { userErrors: UserError[]; confirmationUrl: string | null } },
        Record<string, unknown>
      >(shopId, APP_SUBSCRIPTION_LINE_ITEM_UPDATE, {
        id: input.lineItemGid,
        cappedAmount: moneyInput(input.capMicros, input.currency),
      });
      const out = data.appSubscriptionLineItemUpdate;
      if (out.userErrors.length > 0 || !out.confirmationUrl)
        throw refused('the new capped amount', out.userErrors);
      return { confirmationUrl: out.confirmationUrl };
    },
  };
}
