// Predefined segments a merchant starts from: copied into a new segment (templateKey), then editable.
// "Bought X but not Y" names no products yet: its toFill paths must be filled before the copy saves.
import type { SegmentTemplate } from '../contracts/segments.js';

export const SEGMENT_TEMPLATES: readonly SegmentTemplate[] = [
  {
    key: 'best_customers',
    name: 'Best customers',
    description: 'The top 10% of customers by total spent',
    definition: { kind: 'and', conditions: [{ kind: 'top_spenders', percent: 10 }] },
    toFill: [],
  },
  {
    key: 'repeat_buyers',
    name: 'Repeat buyers',
    description: 'Customers with two or more orders',
    definition: { kind: 'and', conditions: [{ kind: 'order_count', compare: { op: 'gte', value: 2 } }] },
    toFill: [],
  },
  {
    key: 'first_time_buyers',
    name: 'First-time buyers',
    description: 'Customers with exactly one order',
    definition: { kind: 'and', conditions: [{ kind: 'order_count', compare: { op: 'eq', value: 1 } }] },
    toFill: [],
  },
  {
    key: 'inactive_90_days',
    name: 'Inactive for 90 days',
    description: 'Customers who ordered before, but not in the last 90 days',
    definition: {
      kind: 'and',
      conditions: [
        { kind: 'order_count', compare: { op: 'gte', value: 1 } },
        { kind: 'last_order_date', compare: { op: 'lt', value: { daysAgo: 90 } } },
      ],
    },
    toFill: [],
  },
  {
    key: 'at_risk',
    name: 'At risk',
    description: 'Good customers who have not ordered for a while (RFM groups at risk and can\u2019t lose)',
    definition: { kind: 'and', conditions: [{ kind: 'rfm', groups: ['at_risk', 'cant_lose'] }] },
    toFill: [],
  },
  {
    key: 'new_subscribers_without_order',
    name: 'New subscribers without an order',
    description: 'Subscribed to SMS in the last 30 days and never ordered',
    definition: {
      kind: 'and',
      conditions: [
        { kind: 'subscribed_date', compare: { op: 'gte', value: { daysAgo: 30 } } },
        { kind: 'order_count', compare: { op: 'eq', value: 0 } },
      ],
    },
    toFill: [],
  },
  {
    key: 'abandoned_checkout_7_days',
    name: 'Abandoned a checkout in the last 7 days',
    description: 'Started a checkout in the last 7 days and did not complete it',
    definition: {
      kind: 'and',
      conditions: [{ kind: 'abandoned_checkout', window: { from: { daysAgo: 7 } } }],
    },
    toFill: [],
  },
  {
    key: 'vip',
    name: 'VIP',
    description: 'Customers tagged VIP',
    definition: { kind: 'and', conditions: [{ kind: 'customer_tags', compare: { op: 'eq', value: 'VIP' } }] },
    toFill: [],
  },
  {
    key: 'bought_x_not_y',
    name: 'Bought X but not Y',
    description: 'Bought one of some products but none of others (choose both)',
    definition: {
      kind: 'and',
      conditions: [
        { kind: 'products', target: 'product', match: 'any', values: [] },
        { kind: 'products', target: 'product', match: 'none', values: [] },
      ],
    },
    toFill: ['conditions.0.values', 'conditions.1.values'],
  },
];
