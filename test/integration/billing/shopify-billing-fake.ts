// A fake of Shopify's Billing API at the HTTP layer (nock), answering the app's GraphQL documents in Shopify's
// documented shapes: appSubscriptionCreate (confirmationUrl, a PENDING subscription), currentAppInstallation
// { activeSubscriptions } (only ACTIVE ones, with the usage line item's cappedAmount and balanceUsed),
// appUsageRecordCreate (an idempotencyKey already used returns the record it created, as Shopify documents;
// a charge over the capped amount is a userError "Total price exceeds balance remaining") and
// appSubscriptionLineItemUpdate (confirmationUrl). The merchant's decision is the test's: approve() / decline().
import nock from 'nock';
import { API_VERSION } from '../shopify/support/shopify-fakes.js';

export interface FakeSubscription {
  id: string;
  name: string;
  status: 'PENDING' | 'ACTIVE' | 'DECLINED' | 'CANCELLED';
  test: boolean;
  cappedAmount: string;
  lineItemId: string;
}

export interface GraphqlCall {
  query: string;
  variables: Record<string, unknown>;
}

export interface BillingFake {
  calls: GraphqlCall[];
  subscriptions: FakeSubscription[];
  /** Usage records by idempotency key. */
  usage: Map<string, { id: string; amount: string }>;
  approve(): void;
  decline(): void;
  /** The next appUsageRecordCreate is recorded by "Shopify" but its response is lost (unreadable body). */
  loseNextUsageResponse: boolean;
}

const cost = {
  requestedQueryCost: 10,
  actualQueryCost: 10,
  throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 },
};

/** Registers the billing documents for `domain` (before fakeShop, so other documents fall through to it). */
export function fakeBilling(domain: string, firstId: number): BillingFake {
  let next = firstId;
  const fake: BillingFake = {
    calls: [],
    subscriptions: [],
    usage: new Map(),
    loseNextUsageResponse: false,
    approve() {
      for (const s of fake.subscriptions) if (s.status === 'ACTIVE') s.status = 'CANCELLED';
      const pending = fake.subscriptions.find((s) => s.status === 'PENDING');
      if (pending) pending.status = 'ACTIVE';
    },
    decline() {
      const pending = fake.subscriptions.find((s) => s.status === 'PENDING');
      if (pending) pending.status = 'DECLINED';
    },
  };
  const ok = (data: unknown): [number, unknown] => [200, { data, extensions: { cost } }];
  nock(`https://${domain}`)
    .persist()
    .post(`/admin/api/${API_VERSION}/graphql.json`, (body: GraphqlCall) =>
      /appSubscriptionCreate|currentAppInstallation|appUsageRecordCreate|appSubscriptionLineItemUpdate/.test(
        body.query,
      ),
    )
    .reply(async (req: Request): Promise<[number, unknown]> => {
      const call = (await req.json()) as GraphqlCall;
      fake.calls.push(call);
      const v = call.variables;
      if (call.query.includes('appSubscriptionCreate')) {
        const n = next++;
        const lineItems = v.lineItems as Array<{
          plan: { appUsagePricingDetails?: { cappedAmount: { amount: string } } };
        }>;
        const usage = lineItems.find((li) => li.plan.appUsagePricingDetails)!;
        fake.subscriptions.push({
          id: `gid://shopify/AppSubscription/${n}`,
          name: String(v.name),
          status: 'PENDING',
          test: v.test === true,
          cappedAmount: usage.plan.appUsagePricingDetails!.cappedAmount.amount,
          lineItemId: `gid://shopify/AppSubscriptionLineItem/${n}?v=1&index=${lineItems.length - 1}`,
        });
        return ok({
          appSubscriptionCreate: {
            userErrors: [],
            appSubscription: { id: `gid://shopify/AppSubscription/${n}`, status: 'PENDING' },
            confirmationUrl: `https://${domain}/admin/charges/textlane-sms/${n}/RecurringApplicationCharge/confirm_recurring_application_charge?signature=BAh7BzoHaWRp`,
          },
        });
      }
      if (call.query.includes('currentAppInstallation')) {
        const used = [...fake.usage.values()].reduce((sum, u) => sum + Number(u.amount), 0);
        return ok({
          currentAppInstallation: {
            activeSubscriptions: fake.subscriptions
              .filter((s) => s.status === 'ACTIVE')
              .map((s) => ({
                id: s.id,
                name: s.name,
                status: s.status,
                test: s.test,
                currentPeriodEnd: '2030-01-01T00:00:00Z',
                lineItems: [
                  {
                    id: s.lineItemId,
                    plan: {
                      pricingDetails: {
                        __typename: 'AppUsagePricing',
                        cappedAmount: { amount: s.cappedAmount, currencyCode: 'USD' },
                        balanceUsed: { amount: String(used), currencyCode: 'USD' },
                        terms: 'per segment',
                      },
                    },
                  },
                ],
              })),
          },
        });
      }
      if (call.query.includes('appUsageRecordCreate')) {
        const key = String(v.idempotencyKey);
        const price = v.price as { amount: string; currencyCode: string };
        const sub = fake.subscriptions.find(
          (s) => s.lineItemId === v.subscriptionLineItemId && s.status === 'ACTIVE',
        );
        if (!sub)
          return ok({
            appUsageRecordCreate: {
              userErrors: [
                { field: ['subscriptionLineItemId'], message: 'Subscription line item not found' },
              ],
              appUsageRecord: null,
            },
          });
        let record = fake.usage.get(key);
        if (!record) {
          const used = [...fake.usage.values()].reduce((sum, u) => sum + Number(u.amount), 0);
          if (used + Number(price.amount) > Number(sub.cappedAmount)) {
            return ok({
              appUsageRecordCreate: {
                userErrors: [{ field: null, message: 'Total price exceeds balance remaining' }],
                appUsageRecord: null,
              },
            });
          }
          record = { id: `gid://shopify/AppUsageRecord/${next++}`, amount: price.amount };
          fake.usage.set(key, record);
        }
        if (fake.loseNextUsageResponse) {
          fake.loseNextUsageResponse = false;
          return [200, '<html>upstream connect error</html>'];
        }
        return ok({ appUsageRecordCreate: { userErrors: [], appUsageRecord: { id: record.id } } });
      }
      // appSubscriptionLineItemUpdate
      const sub = fake.subscriptions.find((s) => s.lineItemId === v.id);
      return ok({
        appSubscriptionLineItemUpdate: {
          userErrors: sub ? [] : [{ field: ['id'], message: 'Line item not found' }],
          confirmationUrl: sub
            ? `https://${domain}/admin/charges/textlane-sms/${sub.id.split('/').pop()}/confirm_update_capped_amount?signature=BAh7`
            : null,
        },
      });
    });
  return fake;
}
