// Shared between the server and the admin UI: the merge fields a message template may use, the filters
// it may apply, and the shape of a validation result. Plain data and types only, no server runtime code.

export type TemplateKind = 'marketing' | 'transactional';

/** How a field's value looks: `url` fields become tracked short links when link tracking is on. */
export type MergeFieldType = 'text' | 'number' | 'money' | 'url' | 'code' | 'phone' | 'email';

export interface MergeFieldDefinition {
  /** The name after the root: `first_name` in `{{ customer.first_name }}`. */
  readonly name: string;
  readonly type: MergeFieldType;
  readonly description: string;
  readonly example: string;
}

export interface MergeFieldGroup {
  readonly root: string;
  readonly label: string;
  readonly description: string;
  readonly fields: readonly MergeFieldDefinition[];
}

export const MERGE_FIELD_CATALOGUE = [
  {
    root: 'subscriber',
    label: 'Subscriber',
    description: 'The person receiving the message.',
    fields: [
      { name: 'first_name', type: 'text', description: 'First name, when known', example: 'Camille' },
      { name: 'last_name', type: 'text', description: 'Last name, when known', example: 'Martin' },
      {
        name: 'phone',
        type: 'phone',
        description: 'Mobile number in international format',
        example: '+33612345678',
      },
    ],
  },
  {
    root: 'customer',
    label: 'Customer',
    description: 'The Shopify customer linked to the subscriber, when there is one.',
    fields: [
      {
        name: 'first_name',
        type: 'text',
        description: 'First name from the customer profile',
        example: 'Camille',
      },
      {
        name: 'last_name',
        type: 'text',
        description: 'Last name from the customer profile',
        example: 'Martin',
      },
      { name: 'email', type: 'email', description: 'Email address', example: 'camille@example.com' },
      { name: 'orders_count', type: 'number', description: 'Number of orders placed', example: '3' },
      { name: 'total_spent', type: 'money', description: 'Total spent across all orders', example: '182.50' },
    ],
  },
  {
    root: 'order',
    label: 'Order',
    description: 'The order that triggered the message (order automations).',
    fields: [
      { name: 'name', type: 'text', description: 'Order name as shown to the customer', example: '#1042' },
      { name: 'total_price', type: 'money', description: 'Order total', example: '59.90' },
      { name: 'currency', type: 'code', description: 'Currency code of the order', example: 'EUR' },
      {
        name: 'status_url',
        type: 'url',
        description: 'Order status page; becomes a tracked short link when link tracking is on',
        example: 'https://demo.myshopify.com/orders/abc123/authenticate',
      },
      { name: 'items_count', type: 'number', description: 'Number of items in the order', example: '2' },
    ],
  },
  {
    root: 'shipment',
    label: 'Shipment',
    description: 'The fulfillment that triggered the message (shipping automations).',
    fields: [
      { name: 'carrier', type: 'text', description: 'Shipping carrier', example: 'La Poste' },
      {
        name: 'tracking_number',
        type: 'code',
        description: 'Carrier tracking number',
        example: '6A12345678901',
      },
      {
        name: 'tracking_url',
        type: 'url',
        description: 'Carrier tracking page; becomes a tracked short link when link tracking is on',
        example: 'https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901',
      },
      { name: 'items_count', type: 'number', description: 'Number of items in the shipment', example: '1' },
      { name: 'status', type: 'text', description: 'Latest shipment status', example: 'in transit' },
    ],
  },
  {
    root: 'checkout',
    label: 'Checkout',
    description: 'The abandoned checkout (abandoned checkout automations).',
    fields: [
      {
        name: 'recovery_url',
        type: 'url',
        description: 'Link back to the checkout; becomes a tracked short link when link tracking is on',
        example: 'https://demo.myshopify.com/checkouts/abc123/recover',
      },
      { name: 'total_price', type: 'money', description: 'Checkout total', example: '74.00' },
      { name: 'currency', type: 'code', description: 'Currency code of the checkout', example: 'EUR' },
    ],
  },
  {
    root: 'shop',
    label: 'Shop',
    description: 'Your store.',
    fields: [
      { name: 'name', type: 'text', description: 'Store name', example: 'Demo Store' },
      {
        name: 'url',
        type: 'url',
        description: 'Storefront address; becomes a tracked short link when link tracking is on',
        example: 'https://demo.myshopify.com',
      },
    ],
  },
  {
    root: 'discount',
    label: 'Discount',
    description: 'The discount code attached to the message (marketing only).',
    fields: [
      { name: 'code', type: 'code', description: 'Discount code to enter at checkout', example: 'WELCOME15' },
      { name: 'value', type: 'text', description: 'What the discount is worth', example: '15%' },
    ],
  },
] as const satisfies readonly MergeFieldGroup[];

export type MergeFieldRoot = (typeof MERGE_FIELD_CATALOGUE)[number]['root'];

/** Every root, in catalogue order. */
export const MERGE_FIELD_ROOTS: readonly MergeFieldRoot[] = MERGE_FIELD_CATALOGUE.map((g) => g.root);

/** Roots a transactional message may not use: it carries no marketing content. */
export const MARKETING_ONLY_ROOTS: readonly MergeFieldRoot[] = ['discount'];

/** The values a render receives: `{ order: { name: '#1042' } }`. Missing or blank values render as '' (or their default). */
export type MergeVariables = {
  [G in (typeof MERGE_FIELD_CATALOGUE)[number] as G['root']]?: {
    [F in G['fields'][number] as F['name']]?: string | number | null;
  };
};

export interface TemplateFilterDefinition {
  readonly name: string;
  readonly usage: string;
  readonly description: string;
}

/** The only filters a template may use. */
export const TEMPLATE_FILTERS = [
  {
    name: 'default',
    usage: '{{ customer.first_name | default: "there" }}',
    description: 'Fallback when the value is missing or blank',
  },
  { name: 'upcase', usage: '{{ discount.code | upcase }}', description: 'UPPER CASE' },
  { name: 'downcase', usage: '{{ shop.name | downcase }}', description: 'lower case' },
  {
    name: 'capitalize',
    usage: '{{ customer.first_name | capitalize }}',
    description: 'First letter upper case, the rest lower case',
  },
  { name: 'strip', usage: '{{ customer.first_name | strip }}', description: 'Remove surrounding spaces' },
  {
    name: 'truncate',
    usage: '{{ shop.name | truncate: 20 }}',
    description: 'Cut to at most N characters (ending with ...)',
  },
  { name: 'date', usage: '{{ "now" | date: "%b %d" }}', description: 'Format a date (strftime)' },
  {
    name: 'money',
    usage: '{{ order.total_price | money: order.currency }}',
    description: 'Format an amount with its currency, e.g. €59.90',
  },
] as const satisfies readonly TemplateFilterDefinition[];

export type TemplateFilterName = (typeof TEMPLATE_FILTERS)[number]['name'];

/** The only tags a template may use (no loops, no includes). `{% if %}` covers elsif/else. */
export const TEMPLATE_TAGS = ['if', 'unless', 'case', 'comment', 'raw', '#'] as const;

export interface TemplateValidationIssue {
  message: string;
  /** The merge field the issue is about, e.g. `order.totl`. */
  field?: string;
  /** 1-based position in the template source. */
  line?: number;
  column?: number;
}

export type TemplateValidationResult =
  { ok: true; fields: string[] } | { ok: false; errors: TemplateValidationIssue[] };

/** Longest template source accepted (ten GSM-7 segments' worth of text, with room for tags). */
export const MAX_TEMPLATE_SOURCE_LENGTH = 2000;
