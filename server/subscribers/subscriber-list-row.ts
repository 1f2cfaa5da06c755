// One subscriber as the list shows it (and the detail starts from): the columns read, joined to the customer,
// and their API view.
import { and, eq } from 'drizzle-orm';
import { customers, subscribers } from '../db/schema/index.js';
import type { SubscriberListItem, SubscriberState } from '../contracts/subscribers.js';

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const listColumns = {
  id: subscribers.id,
  phone: subscribers.phone,
  marketingState: subscribers.marketingState,
  source: subscribers.source,
  countryCode: subscribers.countryCode,
  subscribedAt: subscribers.subscribedAt,
  createdAt: subscribers.createdAt,
  firstName: customers.firstName,
  lastName: customers.lastName,
};

export type ListRow = { [K in keyof typeof listColumns]: (typeof listColumns)[K]['_']['data'] | null };

export function toItem(r: ListRow): SubscriberListItem {
  const name = [r.firstName, r.lastName].filter(Boolean).join(' ');
  return {
    id: r.id!,
    phone: r.phone!,
    state: r.marketingState as SubscriberState,
    source: r.source!,
    country: r.countryCode,
    name: name || null,
    subscribedAt: iso(r.subscribedAt),
    createdAt: r.createdAt!.toISOString(),
  };
}

export const customerJoin = and(
  eq(customers.shopId, subscribers.shopId),
  eq(customers.id, subscribers.customerId),
);
