// One case per /api route for the tenant-isolation test: how shop B's session calls the route aimed at
// shop A's ids (or, for routes without an id, at B's own data with A's identifiers in the body), and what
// B may get back. Keyed by "METHOD /api/path" exactly as registered; the test fails for a registered route
// without a case here and for a case whose route is no longer registered.
//
//   denied: the route takes an id of A's: 404 or 403, nothing of A's in the answer; then the same request
//           made by A must find the row (not 404/403: the path and ids are right, the denial is the isolation).
//   own:    the route acts on the caller's shop (lists, settings, creating B's own rows): one of `status`,
//           and `check` (if any) on the body. The sweep also asserts for every case that the answer holds
//           none of A's markers (ids, phone numbers, names, template text) other than those B itself sent,
//           and that none of A's rows changed.

/** What shop A owns, filled in by the test after seeding A through its own API. */
export interface ShopAIds {
  shopId: string;
  domain: string;
  subscriberId: string;
  subscriberPhone: string;
  /** The verified test number. */
  testPhone: string;
  /** The number a verification code is pending for. */
  pendingTestPhone: string;
  messageId: string;
  webhookEventId: string;
  dataRequestId: string;
  segmentId: string;
  importId: string;
  campaignId: string;
  flow: string;
}

export type Json = Record<string, unknown>;

export interface RouteCase {
  expect: 'denied' | 'own';
  /** The request path with A's ids filled in (query string allowed). */
  path: (a: ShopAIds) => string;
  body?: (a: ShopAIds) => Json | string;
  contentType?: string;
  /** For `own`: the statuses B may get. */
  status?: number[];
  /** For `own`: more checks on the parsed body / text. */
  check?: (body: Json, text: string, a: ShopAIds) => void;
}

const bravoOnly = (body: Json) => {
  if (body.shopDomain !== 'bravo-isolation.myshopify.com')
    throw new Error(`answered for ${String(body.shopDomain)}`);
};
const noneOf = (ids: string[], items: unknown) => {
  if (!Array.isArray(items)) throw new Error(`expected a list, got ${JSON.stringify(items)}`);
  const seen = (items as Array<{ id: string }>).map((i) => String(i.id));
  const leaked = seen.filter((id) => ids.includes(id));
  if (leaked.length > 0) throw new Error(`listed A's rows ${leaked.join(', ')}`);
};
const suppressed = (body: Json) => {
  // B has no consent from A's subscriber: a test to that number must not go out on A's consent.
  if (body.notSentReason === null || body.ownTestNumber !== false)
    throw new Error(`test to A's subscriber not suppressed for B: ${JSON.stringify(body)}`);
};

/** Customers without orders: A's customer is one, B has none. */
export const noOrdersSegment = {
  kind: 'and',
  conditions: [{ kind: 'not', condition: { kind: 'order_count', compare: { op: 'gte', value: 1 } } }],
};
const segmentBody = (): Json => ({ name: 'Bravo segment', definition: noOrdersSegment });

const importMapping: Json = {
  mapping: { phone: 'phone', consentDate: 'consent_date', defaultConsentSource: 'alpha paper form' },
};

const subscriberBody = (a: ShopAIds): Json => ({
  phone: a.subscriberPhone,
  countryCode: 'US',
  disclosureText: 'Bravo disclosure',
  consentDate: '2025-01-31',
  consentSource: 'Bravo paper form',
});

export const routeCases: Record<string, RouteCase> = {
  'GET /api/settings': { expect: 'own', path: () => '/api/settings', status: [200], check: bravoOnly },
  'PUT /api/settings': {
    expect: 'own',
    path: () => '/api/settings',
    body: () => ({ shopName: 'Bravo Renamed' }),
    status: [200],
    check: bravoOnly,
  },

  'GET /api/subscribers': {
    expect: 'own',
    path: (a) => `/api/subscribers?phone=${encodeURIComponent(a.subscriberPhone)}`,
    status: [200],
    check: (b, _t, a) => noneOf([a.subscriberId], b.items),
  },
  'GET /api/subscribers/export': { expect: 'own', path: () => '/api/subscribers/export', status: [200] },
  'GET /api/subscribers/growth': {
    expect: 'own',
    path: () =>
      `/api/subscribers/growth?from=${new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}`,
    status: [200],
    check: (b) => {
      // GETs run before any B write, so B has no subscribers: every count is A's if not zero.
      const buckets = b.buckets as Array<{ subscribed: number; pending: number; unsubscribed: number }>;
      const totals = Object.values(b.totals as Record<string, number>);
      const counted =
        buckets.reduce((n, x) => n + x.subscribed + x.pending + x.unsubscribed, 0) +
        totals.reduce((n, x) => n + x, 0);
      if (counted !== 0)
        throw new Error(`growth counts ${counted} consent changes for a shop without subscribers`);
    },
  },
  'POST /api/subscribers/import': {
    expect: 'own',
    path: () => '/api/subscribers/import',
    contentType: 'text/csv',
    body: (a) => `phone,consent_date,consent_source\n${a.subscriberPhone},2025-01-31,bravo paper form\n`,
    status: [200],
  },
  // B subscribes A's subscriber's number: a new subscriber of B's, not linked to A's customer with that phone.
  'POST /api/subscribers': {
    expect: 'own',
    path: () => '/api/subscribers',
    body: subscriberBody,
    status: [201],
    check: (b) => {
      if (b.customerId !== null) fail(`B's new subscriber is linked to customer ${String(b.customerId)}`);
    },
  },
  'GET /api/subscribers/:id': { expect: 'denied', path: (a) => `/api/subscribers/${a.subscriberId}` },
  'GET /api/subscribers/:id/messages': {
    expect: 'denied',
    path: (a) => `/api/subscribers/${a.subscriberId}/messages`,
  },
  'GET /api/subscribers/:id/consent': {
    expect: 'denied',
    path: (a) => `/api/subscribers/${a.subscriberId}/consent?format=csv`,
  },
  'POST /api/subscribers/:id/unsubscribe': {
    expect: 'denied',
    path: (a) => `/api/subscribers/${a.subscriberId}/unsubscribe`,
    body: () => ({ reason: 'bravo' }),
  },

  'GET /api/sync': { expect: 'own', path: () => '/api/sync', status: [200] },
  'POST /api/sync': { expect: 'own', path: () => '/api/sync', status: [202, 409] },

  'GET /api/webhook-events': {
    expect: 'own',
    path: () => '/api/webhook-events',
    status: [200],
    check: (b, _t, a) => noneOf([a.webhookEventId], b.events),
  },
  'GET /api/webhook-events/:id': { expect: 'denied', path: (a) => `/api/webhook-events/${a.webhookEventId}` },
  'POST /api/webhook-events/:id/replay': {
    expect: 'denied',
    path: (a) => `/api/webhook-events/${a.webhookEventId}/replay`,
    body: () => ({}),
  },

  'GET /api/data-requests': {
    expect: 'own',
    path: () => '/api/data-requests',
    status: [200],
    check: (b, _t, a) => noneOf([a.dataRequestId], b.items),
  },
  'GET /api/data-requests/:id': {
    expect: 'denied',
    path: (a) => `/api/data-requests/${a.dataRequestId}?format=csv`,
  },

  'GET /api/settings/compliance': { expect: 'own', path: () => '/api/settings/compliance', status: [200] },
  'GET /api/settings/compliance/audit': {
    expect: 'own',
    path: () => '/api/settings/compliance/audit',
    status: [200],
  },
  'PUT /api/settings/compliance': {
    expect: 'own',
    path: () => '/api/settings/compliance',
    body: () => ({ programName: 'Bravo Texts' }),
    status: [200],
  },

  'GET /api/subscribers/counts': {
    expect: 'own',
    path: () => '/api/subscribers/counts',
    status: [200],
    check: (b) => {
      if (b.total !== 0) fail(`B, without subscribers, counts ${JSON.stringify(b)}`);
    },
  },
  'POST /api/subscribers/imports': {
    expect: 'own',
    path: () => '/api/subscribers/imports',
    contentType: 'text/csv',
    body: (a) => `phone,consent_date\n${a.subscriberPhone},2025-01-31\n`,
    status: [201],
  },
  'GET /api/subscribers/imports/:id': {
    expect: 'denied',
    path: (a) => `/api/subscribers/imports/${a.importId}`,
  },
  'POST /api/subscribers/imports/:id/preview': {
    expect: 'denied',
    path: (a) => `/api/subscribers/imports/${a.importId}/preview`,
    body: () => importMapping,
  },
  'POST /api/subscribers/imports/:id/start': {
    expect: 'denied',
    path: (a) => `/api/subscribers/imports/${a.importId}/start`,
    body: () => importMapping,
  },
  'GET /api/subscribers/imports/:id/rejected': {
    expect: 'denied',
    path: (a) => `/api/subscribers/imports/${a.importId}/rejected`,
  },

  // Billing acts on the caller's shop only: B has no subscription, whatever A has.
  'GET /api/billing': {
    expect: 'own',
    path: () => '/api/billing',
    status: [200],
    check: (b) => {
      if (b.status !== 'none' || b.plan !== null)
        throw new Error(`B sees a subscription: ${JSON.stringify(b)}`);
    },
  },
  'POST /api/billing/subscribe': {
    expect: 'own',
    path: () => '/api/billing/subscribe',
    body: () => ({ plan: 'growth', cap: '0' }),
    status: [400],
  },
  'POST /api/billing/confirm': {
    expect: 'own',
    path: () => '/api/billing/confirm',
    body: () => ({ chargeId: 'not-a-charge' }),
    status: [400],
  },
  'POST /api/billing/cap': {
    expect: 'own',
    path: () => '/api/billing/cap',
    body: () => ({ cap: '500' }),
    status: [409],
  },

  'GET /api/campaigns': {
    expect: 'own',
    path: () => '/api/campaigns',
    status: [200],
    check: (b, _t, a) => noneOf([a.campaignId], b.items),
  },
  // B aiming a campaign at A's saved segment: that segment does not exist for B.
  'POST /api/campaigns': {
    expect: 'own',
    path: () => '/api/campaigns',
    body: (a) => ({ name: 'Bravo campaign', audience: { include: [a.segmentId], exclude: [] } }),
    status: [400],
  },
  'GET /api/campaigns/:id': { expect: 'denied', path: (a) => `/api/campaigns/${a.campaignId}` },
  'PUT /api/campaigns/:id': {
    expect: 'denied',
    path: (a) => `/api/campaigns/${a.campaignId}`,
    body: () => ({ name: 'Bravo took it' }),
  },
  'DELETE /api/campaigns/:id': { expect: 'denied', path: (a) => `/api/campaigns/${a.campaignId}` },
  'GET /api/campaigns/:id/estimate': {
    expect: 'denied',
    path: (a) => `/api/campaigns/${a.campaignId}/estimate`,
  },
  'POST /api/campaigns/:id/schedule': {
    expect: 'denied',
    path: (a) => `/api/campaigns/${a.campaignId}/schedule`,
    body: () => ({}),
  },
  'POST /api/campaigns/:id/pause': {
    expect: 'denied',
    path: (a) => `/api/campaigns/${a.campaignId}/pause`,
    body: () => ({}),
  },
  'POST /api/campaigns/:id/resume': {
    expect: 'denied',
    path: (a) => `/api/campaigns/${a.campaignId}/resume`,
    body: () => ({}),
  },
  'POST /api/campaigns/:id/cancel': {
    expect: 'denied',
    path: (a) => `/api/campaigns/${a.campaignId}/cancel`,
    body: () => ({}),
  },
  'POST /api/campaigns/:id/duplicate': {
    expect: 'denied',
    path: (a) => `/api/campaigns/${a.campaignId}/duplicate`,
    body: () => ({}),
  },
  'POST /api/campaigns/:id/test': {
    expect: 'denied',
    path: (a) => `/api/campaigns/${a.campaignId}/test`,
    body: (a) => ({ phone: a.subscriberPhone }),
  },

  'GET /api/segments': {
    expect: 'own',
    path: () => '/api/segments',
    status: [200],
    check: (b, _t, a) => noneOf([a.segmentId], b.items),
  },
  'GET /api/segments/templates': { expect: 'own', path: () => '/api/segments/templates', status: [200] },
  'POST /api/segments/preview': {
    expect: 'own',
    path: () => '/api/segments/preview',
    body: () => ({ definition: noOrdersSegment }),
    status: [200],
    check: (b) => {
      // B has no customers: A's customer (who matches) must not be counted or sampled.
      if (b.customers !== 0 || b.reachable !== 0 || (b.sample as unknown[]).length !== 0)
        fail(`B's preview counts A's customers: ${JSON.stringify(b)}`);
    },
  },
  'POST /api/segments': { expect: 'own', path: () => '/api/segments', body: segmentBody, status: [201] },
  'GET /api/segments/:id': { expect: 'denied', path: (a) => `/api/segments/${a.segmentId}` },
  'PUT /api/segments/:id': {
    expect: 'denied',
    path: (a) => `/api/segments/${a.segmentId}`,
    body: segmentBody,
  },
  'DELETE /api/segments/:id': { expect: 'denied', path: (a) => `/api/segments/${a.segmentId}` },

  'GET /api/segments/products': {
    expect: 'own',
    path: () => '/api/segments/products?query=mug',
    status: [200],
    check: (b) => {
      if ((b.items as unknown[]).length !== 0) fail(`B's product search lists ${JSON.stringify(b.items)}`);
    },
  },
  'GET /api/messages': {
    expect: 'own',
    path: (a) => `/api/messages?subscriber=${a.subscriberId}`,
    status: [200],
    check: (b, _t, a) => noneOf([a.messageId], b.items),
  },
  'GET /api/messages/summary': {
    expect: 'own',
    path: (a) => `/api/messages/summary?subscriber=${a.subscriberId}`,
    status: [200],
    check: (b) => {
      if (b.produced !== 0) fail(`B's summary counts A's messages: ${JSON.stringify(b)}`);
    },
  },
  'GET /api/campaigns/:id/report': { expect: 'denied', path: (a) => `/api/campaigns/${a.campaignId}/report` },
  'GET /api/automations/:flow/report': {
    expect: 'own',
    path: (a) => `/api/automations/${a.flow}/report`,
    status: [200],
  },
  'GET /api/reports/flows/:flow': {
    expect: 'own',
    path: (a) => `/api/reports/flows/${a.flow}?format=csv&table=summary`,
    status: [200],
  },
  'GET /api/reports/overview': { expect: 'own', path: () => '/api/reports/overview', status: [200] },
  'GET /api/reports/recipients': {
    expect: 'denied',
    path: (a) => `/api/reports/recipients?campaign=${a.campaignId}&figure=sent`,
  },
  'GET /api/reports/why-not': {
    expect: 'denied',
    path: (a) => `/api/reports/why-not?campaign=${a.campaignId}&subscriber=${a.subscriberId}`,
  },
  'GET /api/reports/orders': {
    expect: 'denied',
    path: (a) => `/api/reports/orders?campaign=${a.campaignId}`,
  },
  // 8001: A's order (seeded by the test).
  'GET /api/orders/:id/attribution': { expect: 'denied', path: () => '/api/orders/8001/attribution' },
  'GET /api/messages/test-phone': {
    expect: 'own',
    path: () => '/api/messages/test-phone',
    status: [200],
    check: (b) => {
      if (b.phone !== null || (b.pending ?? null) !== null)
        fail(`B sees a test number: ${JSON.stringify(b)}`);
    },
  },
  // B cannot take A's verified number as its own without a code texted to it.
  'PUT /api/messages/test-phone': {
    expect: 'own',
    path: () => '/api/messages/test-phone',
    body: (a) => ({ phone: a.testPhone }),
    status: [409],
  },
  'POST /api/messages/test-phone/code': {
    expect: 'own',
    path: () => '/api/messages/test-phone/code',
    body: (a) => ({ phone: a.pendingTestPhone }),
    status: [202],
  },
  // A's pending code is A's: B entering a code for that number checks B's own pending code (from the case
  // above: wrong code, 400) and never counts an attempt against A's (the row dump).
  'POST /api/messages/test-phone/verify': {
    expect: 'own',
    path: () => '/api/messages/test-phone/verify',
    body: (a) => ({ phone: a.pendingTestPhone, code: '000000' }),
    status: [400, 409],
  },
  'POST /api/messages/test': {
    expect: 'own',
    path: () => '/api/messages/test',
    body: (a) => ({ phone: a.subscriberPhone, body: 'Bravo test' }),
    status: [202],
    check: suppressed,
  },
  'GET /api/messages/:id': { expect: 'denied', path: (a) => `/api/messages/${a.messageId}` },

  'GET /api/automations': { expect: 'own', path: () => '/api/automations', status: [200] },
  'PUT /api/automations/settings': {
    expect: 'own',
    path: () => '/api/automations/settings',
    body: () => ({ orderUpdatesForCheckoutPhones: false }),
    status: [200],
  },
  'GET /api/automations/:flow': { expect: 'own', path: (a) => `/api/automations/${a.flow}`, status: [200] },
  'PUT /api/automations/:flow': {
    expect: 'own',
    path: (a) => `/api/automations/${a.flow}`,
    body: () => ({ enabled: false }),
    status: [200],
  },
  'POST /api/automations/:flow/analyze': {
    expect: 'own',
    path: (a) => `/api/automations/${a.flow}/analyze`,
    body: () => ({ template: 'Hi from {{ shop.name }}' }),
    status: [200],
  },
  'POST /api/automations/:flow/test': {
    expect: 'own',
    path: (a) => `/api/automations/${a.flow}/test`,
    body: (a) => ({ phone: a.subscriberPhone }),
    status: [200],
    check: suppressed,
  },
};

function fail(message: string): never {
  throw new Error(message);
}
