// The campaigns API as typed calls (paths and bodies per server/contracts/campaigns.ts).
import type {
  CampaignDetail,
  CampaignEstimate,
  CampaignList,
  CampaignTestResponse,
  CreateCampaign,
  TestCampaign,
  UpdateCampaign,
} from '../../../server/contracts/index.js';
import { apiGet, apiPut, apiRequest } from '../api/client.js';
import {
  campaignDetailSchema,
  campaignEstimateSchema,
  campaignListSchema,
  campaignTestResponseSchema,
  noContentSchema,
} from './campaign-schemas.js';

const campaignUrl = (id: string): string => `/api/campaigns/${encodeURIComponent(id)}`;

export const fetchCampaigns = (signal?: AbortSignal): Promise<CampaignList> =>
  apiGet('/api/campaigns', campaignListSchema, signal);

export const fetchCampaign = (id: string, signal?: AbortSignal): Promise<CampaignDetail> =>
  apiGet(campaignUrl(id), campaignDetailSchema, signal);

export const createCampaign = (body: CreateCampaign): Promise<CampaignDetail> =>
  apiRequest('/api/campaigns', { method: 'POST', body, schema: campaignDetailSchema });

export const updateCampaign = (id: string, body: UpdateCampaign): Promise<CampaignDetail> =>
  apiPut(campaignUrl(id), body, campaignDetailSchema);

export const deleteCampaign = async (id: string): Promise<void> => {
  await apiRequest(campaignUrl(id), { method: 'DELETE', schema: noContentSchema });
};

export const fetchCampaignEstimate = (id: string, signal?: AbortSignal): Promise<CampaignEstimate> =>
  apiGet(`${campaignUrl(id)}/estimate`, campaignEstimateSchema, signal);

export type CampaignAction = 'schedule' | 'pause' | 'resume' | 'cancel';

export const campaignAction = (id: string, action: CampaignAction): Promise<CampaignDetail> =>
  apiRequest(`${campaignUrl(id)}/${action}`, { method: 'POST', body: {}, schema: campaignDetailSchema });

export const duplicateCampaign = (id: string): Promise<CampaignDetail> =>
  apiRequest(`${campaignUrl(id)}/duplicate`, { method: 'POST', body: {}, schema: campaignDetailSchema });

export const sendCampaignTest = (id: string, body: TestCampaign): Promise<CampaignTestResponse> =>
  apiRequest(`${campaignUrl(id)}/test`, { method: 'POST', body, schema: campaignTestResponseSchema });
