// The fields a condition can be about, as the builder's "field" picker lists them, with the condition each
// one starts as when picked. Labels are the merchant's words; kinds are the contract's.
import type { RfmGroup, SegmentCondition, SegmentConditionKind } from '../../../server/contracts/index.js';

interface FieldInfo {
  label: string;
  section: 'Orders' | 'Products' | 'Customer' | 'SMS' | 'Ranking';
  initial: SegmentCondition;
}

export const conditionFields: Record<SegmentConditionKind, FieldInfo> = {
  total_spent: {
    label: 'Total spent',
    section: 'Orders',
    initial: { kind: 'total_spent', compare: { op: 'gt', value: 100 } },
  },
  order_count: {
    label: 'Number of orders',
    section: 'Orders',
    initial: { kind: 'order_count', compare: { op: 'gte', value: 1 } },
  },
  average_order_value: {
    label: 'Average order value',
    section: 'Orders',
    initial: { kind: 'average_order_value', compare: { op: 'gt', value: 50 } },
  },
  last_order_date: {
    label: 'Last order',
    section: 'Orders',
    initial: { kind: 'last_order_date', compare: { op: 'lt', value: { daysAgo: 30 } } },
  },
  first_order_date: {
    label: 'First order',
    section: 'Orders',
    initial: { kind: 'first_order_date', compare: { op: 'gte', value: { daysAgo: 30 } } },
  },
  discount_code: { label: 'Used a discount code', section: 'Orders', initial: { kind: 'discount_code' } },
  abandoned_checkout: {
    label: 'Abandoned a checkout',
    section: 'Orders',
    initial: { kind: 'abandoned_checkout', window: { from: { daysAgo: 7 } } },
  },
  products: {
    label: 'Products',
    section: 'Products',
    initial: { kind: 'products', target: 'product', match: 'any', values: [] },
  },
  customer_tags: {
    label: 'Customer tag',
    section: 'Customer',
    initial: { kind: 'customer_tags', compare: { op: 'eq', value: '' } },
  },
  customer_country: {
    label: 'Country',
    section: 'Customer',
    initial: { kind: 'customer_country', compare: { op: 'eq', value: 'US' } },
  },
  customer_province: {
    label: 'State or province',
    section: 'Customer',
    initial: { kind: 'customer_province', compare: { op: 'eq', value: '' } },
  },
  customer_locale: {
    label: 'Language',
    section: 'Customer',
    initial: { kind: 'customer_locale', compare: { op: 'eq', value: 'en' } },
  },
  customer_created_date: {
    label: 'Customer since',
    section: 'Customer',
    initial: { kind: 'customer_created_date', compare: { op: 'gte', value: { daysAgo: 30 } } },
  },
  subscribed_date: {
    label: 'Subscribed to SMS',
    section: 'SMS',
    initial: { kind: 'subscribed_date', compare: { op: 'gte', value: { daysAgo: 30 } } },
  },
  consent_source: {
    label: 'Subscribed through',
    section: 'SMS',
    initial: { kind: 'consent_source', compare: { op: 'eq', value: 'checkout' } },
  },
  phone_country: {
    label: 'Phone country',
    section: 'SMS',
    initial: { kind: 'phone_country', compare: { op: 'eq', value: 'US' } },
  },
  received_message: {
    label: 'Received a text',
    section: 'SMS',
    initial: { kind: 'received_message', window: { from: { daysAgo: 30 } } },
  },
  clicked: { label: 'Clicked a link', section: 'SMS', initial: { kind: 'clicked', days: 30 } },
  not_clicked: {
    label: 'Did not click a link',
    section: 'SMS',
    initial: { kind: 'not_clicked', days: 30 },
  },
  rfm: { label: 'RFM group', section: 'Ranking', initial: { kind: 'rfm', groups: ['champions'] } },
  top_spenders: {
    label: 'Top spenders',
    section: 'Ranking',
    initial: { kind: 'top_spenders', percent: 10 },
  },
};

const sections = ['Orders', 'Products', 'Customer', 'SMS', 'Ranking'] as const;

/** Polaris Select options, grouped by section. */
export const fieldOptions = sections.map((title) => ({
  title,
  options: (Object.entries(conditionFields) as Array<[SegmentConditionKind, FieldInfo]>)
    .filter(([, info]) => info.section === title)
    .map(([value, info]) => ({ value, label: info.label })),
}));

export const rfmGroupLabels: Record<RfmGroup, string> = {
  champions: 'Champions',
  loyal: 'Loyal',
  potential_loyalists: 'Potential loyalists',
  new: 'New',
  promising: 'Promising',
  needs_attention: 'Needs attention',
  at_risk: 'At risk',
  cant_lose: 'Can\u2019t lose',
  hibernating: 'Hibernating',
  lost: 'Lost',
};
