// What each automation flow is: its kind, what triggers it, the merge fields it can fill, its delay
// bounds, its exit conditions and which options it has. Shop-specific values (on/off, templates, delay,
// options) live in automation_flows; these are the defaults and the limits.
//
// Default on/off: every flow is OFF for a real shop (the merchant decides what their customers receive).
// In local mode the demo shop has the order-update flows on, so `npm run webhook -- orders/create` shows a
// confirmation straight away.
import type {
  AutomationDelay,
  AutomationExitCondition,
  AutomationFlowKey,
  AutomationKind,
  AutomationTemplates,
} from '../contracts/automations.js';
import type { MergeFieldRoot } from '../contracts/templates.js';
import { DEFAULT_TEMPLATES } from './default-templates.js';

export interface DelaySpec {
  defaultMinutes: number;
  minMinutes: number;
  maxMinutes: number;
  unit: AutomationDelay['unit'];
}

export interface FlowDefinition {
  key: AutomationFlowKey;
  title: string;
  description: string;
  kind: AutomationKind;
  trigger: string;
  /** Merge-field groups the flow can fill. */
  roots: readonly MergeFieldRoot[];
  delay: DelaySpec | null;
  exitConditions: readonly AutomationExitCondition[];
  /** Default discount percentage when the flow offers a discount code; null when it cannot. */
  discountPercentage: number | null;
  /** Win-back only: default days since the last order. */
  winBackDays: number | null;
  templates: AutomationTemplates;
  /** On by default in local mode (demo shop). Always off by default for a real shop. */
  onInLocalMode: boolean;
}

const HOUR = 60;
const DAY = 24 * HOUR;

const ORDER_ROOTS: readonly MergeFieldRoot[] = ['subscriber', 'customer', 'order', 'shop'];
const SHIPPING_ROOTS: readonly MergeFieldRoot[] = ['subscriber', 'customer', 'order', 'shipment', 'shop'];
const OPT_OUT_EXIT = {
  key: 'opted_out',
  description: 'The recipient replied STOP or was unsubscribed.',
} as const;
const TRANSACTIONAL_EXITS: readonly AutomationExitCondition[] = [
  OPT_OUT_EXIT,
  {
    key: 'once',
    description:
      'Sent at most once per order (shipping updates: once per shipment and status), whatever the number of webhooks.',
  },
];

function flow(def: Omit<FlowDefinition, 'templates'>): FlowDefinition {
  return { ...def, templates: DEFAULT_TEMPLATES[def.key] };
}

export const FLOW_DEFINITIONS: Readonly<Record<AutomationFlowKey, FlowDefinition>> = {
  order_confirmation: flow({
    key: 'order_confirmation',
    title: 'Order confirmation',
    description: 'Confirms a new order with its number, total and a link to the order status page.',
    kind: 'transactional',
    trigger: 'Shopify orders/create webhook',
    roots: ORDER_ROOTS,
    delay: null,
    exitConditions: TRANSACTIONAL_EXITS,
    discountPercentage: null,
    winBackDays: null,
    onInLocalMode: true,
  }),
  shipping_confirmation: flow({
    key: 'shipping_confirmation',
    title: 'Shipping confirmation',
    description:
      'Tells the customer the order shipped, with the carrier, a tracked link to the tracking page and the item count.',
    kind: 'transactional',
    trigger: 'Shopify fulfillments/create webhook',
    roots: SHIPPING_ROOTS,
    delay: null,
    exitConditions: TRANSACTIONAL_EXITS,
    discountPercentage: null,
    winBackDays: null,
    onInLocalMode: true,
  }),
  out_for_delivery: flow({
    key: 'out_for_delivery',
    title: 'Out for delivery',
    description: 'Sent when the carrier reports the shipment out for delivery.',
    kind: 'transactional',
    trigger: 'Shopify fulfillment_events/create (or fulfillments/update) with status out_for_delivery',
    roots: SHIPPING_ROOTS,
    delay: null,
    exitConditions: TRANSACTIONAL_EXITS,
    discountPercentage: null,
    winBackDays: null,
    onInLocalMode: true,
  }),
  delivered: flow({
    key: 'delivered',
    title: 'Delivered',
    description: 'Sent when the carrier reports the shipment delivered.',
    kind: 'transactional',
    trigger: 'Shopify fulfillment_events/create (or fulfillments/update) with status delivered',
    roots: SHIPPING_ROOTS,
    delay: null,
    exitConditions: TRANSACTIONAL_EXITS,
    discountPercentage: null,
    winBackDays: null,
    onInLocalMode: true,
  }),
  order_cancelled: flow({
    key: 'order_cancelled',
    title: 'Order cancelled',
    description: 'Tells the customer their order was cancelled.',
    kind: 'transactional',
    trigger: 'Shopify orders/cancelled webhook',
    roots: ORDER_ROOTS,
    delay: null,
    exitConditions: TRANSACTIONAL_EXITS,
    discountPercentage: null,
    winBackDays: null,
    onInLocalMode: true,
  }),
  abandoned_checkout: flow({
    key: 'abandoned_checkout',
    title: 'Abandoned checkout',
    description:
      'Brings shoppers who gave their number with SMS consent back to their checkout, optionally with a unique discount code.',
    kind: 'marketing',
    trigger: 'Shopify checkouts/create and checkouts/update webhooks, after the delay',
    roots: ['subscriber', 'customer', 'checkout', 'shop', 'discount'],
    delay: { defaultMinutes: 30, minMinutes: 15, maxMinutes: 48 * HOUR, unit: 'minutes' },
    exitConditions: [
      { key: 'checkout_completed', description: 'The checkout was completed.' },
      {
        key: 'order_placed',
        description:
          'An order arrived from the same customer, phone number or checkout since the checkout started.',
      },
      OPT_OUT_EXIT,
      { key: 'once_per_checkout', description: 'At most one message per checkout.' },
      {
        key: 'once_per_48h',
        description: 'At most one abandoned-checkout message per subscriber every 48 hours.',
      },
    ],
    discountPercentage: 10,
    winBackDays: null,
    onInLocalMode: false,
  }),
  welcome: flow({
    key: 'welcome',
    title: 'Welcome',
    description:
      'Greets a new subscriber as soon as the subscription is confirmed, optionally with a discount code.',
    kind: 'marketing',
    trigger: 'Subscription confirmed',
    roots: ['subscriber', 'customer', 'shop', 'discount'],
    delay: null,
    exitConditions: [OPT_OUT_EXIT, { key: 'once', description: 'Once per subscription.' }],
    discountPercentage: 10,
    winBackDays: null,
    onInLocalMode: false,
  }),
  thank_you: flow({
    key: 'thank_you',
    title: 'Thank you after first purchase',
    description: 'Thanks a subscriber after their first order, with a discount code for the next one.',
    kind: 'marketing',
    trigger: "A subscriber's first order (orders/create), after the delay",
    roots: ['subscriber', 'customer', 'order', 'shop', 'discount'],
    delay: { defaultMinutes: 24 * HOUR, minMinutes: HOUR, maxMinutes: 30 * DAY, unit: 'hours' },
    exitConditions: [
      OPT_OUT_EXIT,
      { key: 'order_cancelled', description: 'The order was cancelled.' },
      { key: 'once', description: 'Once per customer.' },
    ],
    discountPercentage: 10,
    winBackDays: null,
    onInLocalMode: false,
  }),
  win_back: flow({
    key: 'win_back',
    title: 'Win-back',
    description: 'A daily scan finds subscribers whose last order was N days ago and invites them back.',
    kind: 'marketing',
    trigger: 'Daily scan',
    roots: ['subscriber', 'customer', 'shop', 'discount'],
    delay: null,
    exitConditions: [
      OPT_OUT_EXIT,
      { key: 'ordered_since', description: 'The subscriber ordered again within the last N days.' },
      { key: 'once_per_period', description: 'No win-back to the same subscriber within N days.' },
    ],
    discountPercentage: 15,
    winBackDays: 90,
    onInLocalMode: false,
  }),
  review_request: flow({
    key: 'review_request',
    title: 'Review request',
    description: 'Asks for a review some days after the order was delivered.',
    kind: 'marketing',
    trigger: 'Shipment delivered, after the delay',
    roots: ['subscriber', 'customer', 'order', 'shop'],
    delay: { defaultMinutes: 7 * DAY, minMinutes: DAY, maxMinutes: 60 * DAY, unit: 'days' },
    exitConditions: [
      OPT_OUT_EXIT,
      { key: 'order_cancelled', description: 'The order was cancelled or refunded.' },
      { key: 'once', description: 'Once per order.' },
    ],
    discountPercentage: null,
    winBackDays: null,
    onInLocalMode: false,
  }),
};
