// The subscribers API as typed calls (paths and shapes per server/contracts/subscribers.ts and
// subscriber-imports.ts).
import {
  importPreviewSchema,
  subscriberCountsSchema,
  subscriberDetailSchema,
  subscriberImportSchema,
  subscriberListResponseSchema,
  subscriberMessagePageSchema,
  type CreateSubscriber,
  type ImportMapping,
  type ImportPreview,
  type SubscriberCounts,
  type SubscriberDetail,
  type SubscriberImport,
  type SubscriberListResponse,
  type SubscriberMessagePage,
} from '../../../server/contracts/index.js';
import { apiGet, apiRequest } from '../api/client.js';

/** The list's filters as the page keeps them ('' = not set). */
export interface SubscriberFilterState {
  q: string;
  state: string;
  source: string;
  country: string;
  subscribedFrom: string;
  subscribedTo: string;
}

export const emptyFilters: SubscriberFilterState = {
  q: '',
  state: '',
  source: '',
  country: '',
  subscribedFrom: '',
  subscribedTo: '',
};

/** The query string of the filters (a full E.164 number searches by phone exactly). */
export function filterQuery(filters: SubscriberFilterState, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  const q = filters.q.trim();
  if (/^\+[1-9]\d{6,14}$/.test(q)) params.set('phone', q);
  else if (q) params.set('q', q);
  for (const key of ['state', 'source', 'country', 'subscribedFrom', 'subscribedTo'] as const) {
    const value = filters[key].trim();
    if (value) params.set(key, value);
  }
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const fetchSubscribers = (
  filters: SubscriberFilterState,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<SubscriberListResponse> =>
  apiGet(
    `/api/subscribers${filterQuery(filters, cursor ? { cursor, limit: '50' } : { limit: '50' })}`,
    subscriberListResponseSchema,
    signal,
  );

export const fetchSubscriberCounts = (
  filters: SubscriberFilterState,
  signal?: AbortSignal,
): Promise<SubscriberCounts> =>
  apiGet(`/api/subscribers/counts${filterQuery({ ...filters, state: '' })}`, subscriberCountsSchema, signal);

export const fetchSubscriber = (id: string, signal?: AbortSignal): Promise<SubscriberDetail> =>
  apiGet(`/api/subscribers/${encodeURIComponent(id)}`, subscriberDetailSchema, signal);

export const fetchSubscriberMessages = (id: string, cursor: string): Promise<SubscriberMessagePage> =>
  apiGet(
    `/api/subscribers/${encodeURIComponent(id)}/messages?cursor=${encodeURIComponent(cursor)}`,
    subscriberMessagePageSchema,
  );

export const unsubscribe = (id: string): Promise<SubscriberDetail> =>
  apiRequest(`/api/subscribers/${encodeURIComponent(id)}/unsubscribe`, {
    method: 'POST',
    body: { reason: 'Unsubscribed by the merchant in the admin' },
    schema: subscriberDetailSchema,
  });

export const createSubscriber = (body: CreateSubscriber): Promise<SubscriberDetail> =>
  apiRequest('/api/subscribers', { method: 'POST', body, schema: subscriberDetailSchema });

export const uploadImport = (csv: string, filename: string): Promise<SubscriberImport> =>
  apiRequest(`/api/subscribers/imports?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    csv,
    schema: subscriberImportSchema,
  });

export const previewImport = (id: string, mapping: ImportMapping): Promise<ImportPreview> =>
  apiRequest(`/api/subscribers/imports/${id}/preview`, {
    method: 'POST',
    body: { mapping },
    schema: importPreviewSchema,
  });

export const startImport = (id: string, mapping: ImportMapping): Promise<SubscriberImport> =>
  apiRequest(`/api/subscribers/imports/${id}/start`, {
    method: 'POST',
    body: { mapping },
    schema: subscriberImportSchema,
  });

export const fetchImport = (id: string, signal?: AbortSignal): Promise<SubscriberImport> =>
  apiGet(`/api/subscribers/imports/${id}`, subscriberImportSchema, signal);
