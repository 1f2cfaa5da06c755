// The segments API as typed calls (paths and bodies per server/contracts/segments.ts and segment-products.ts).
import type {
  Segment,
  SegmentInput,
  SegmentList,
  SegmentNode,
  SegmentPreview,
  SegmentProductList,
  SegmentTemplateList,
} from '../../../server/contracts/index.js';
import { apiGet, apiPut, apiRequest } from '../api/client.js';
import {
  noContentSchema,
  segmentListSchema,
  segmentPreviewSchema,
  segmentProductListSchema,
  segmentSchema,
  segmentTemplateListSchema,
} from './segment-schemas.js';

const segmentUrl = (id: string): string => `/api/segments/${encodeURIComponent(id)}`;

export const fetchSegments = (signal?: AbortSignal): Promise<SegmentList> =>
  apiGet('/api/segments', segmentListSchema, signal);

export const fetchSegment = (id: string, signal?: AbortSignal): Promise<Segment> =>
  apiGet(segmentUrl(id), segmentSchema, signal);

export const fetchSegmentTemplates = (signal?: AbortSignal): Promise<SegmentTemplateList> =>
  apiGet('/api/segments/templates', segmentTemplateListSchema, signal);

export const createSegment = (body: SegmentInput): Promise<Segment> =>
  apiRequest('/api/segments', { method: 'POST', body, schema: segmentSchema });

export const updateSegment = (id: string, body: SegmentInput): Promise<Segment> =>
  apiPut(segmentUrl(id), body, segmentSchema);

export const deleteSegment = async (id: string): Promise<void> => {
  await apiRequest(segmentUrl(id), { method: 'DELETE', schema: noContentSchema });
};

export const previewSegment = (definition: SegmentNode, signal?: AbortSignal): Promise<SegmentPreview> =>
  apiRequest('/api/segments/preview', {
    method: 'POST',
    body: { definition },
    schema: segmentPreviewSchema,
    signal,
  });

export const searchSegmentProducts = (query: string, signal?: AbortSignal): Promise<SegmentProductList> =>
  apiGet(`/api/segments/products?query=${encodeURIComponent(query)}`, segmentProductListSchema, signal);
