// The automations API as typed calls (paths and bodies per server/contracts/automations.ts).
import type {
  AnalyzeAutomationTemplate,
  AutomationDetailResponse,
  AutomationListResponse,
  AutomationSettings,
  AutomationTemplateAnalysisResult,
  AutomationTestResponse,
  TestAutomation,
  UpdateAutomation,
  UpdateAutomationSettings,
} from '../../../server/contracts/index.js';
import { apiGet, apiPut, apiRequest } from '../api/client.js';
import { rangeQuery, type DateRange } from '../reports/report-api.js';
import {
  analysisResultSchema,
  automationDetailResponseSchema,
  automationListResponseSchema,
  automationSettingsSchema,
  automationTestResponseSchema,
} from './automation-schemas.js';

const flowUrl = (flow: string): string => `/api/automations/${encodeURIComponent(flow)}`;

/** The flows with their figures over a date range (the same range picker and figures as the flow report). */
export const fetchAutomations = (range: DateRange, signal?: AbortSignal): Promise<AutomationListResponse> =>
  apiGet(`/api/automations${rangeQuery(range)}`, automationListResponseSchema, signal);

export const fetchAutomation = (flow: string, signal?: AbortSignal): Promise<AutomationDetailResponse> =>
  apiGet(flowUrl(flow), automationDetailResponseSchema, signal);

export const updateAutomation = (flow: string, body: UpdateAutomation): Promise<AutomationDetailResponse> =>
  apiPut(flowUrl(flow), body, automationDetailResponseSchema);

export const analyzeAutomationTemplate = (
  flow: string,
  body: AnalyzeAutomationTemplate,
  signal?: AbortSignal,
): Promise<AutomationTemplateAnalysisResult> =>
  apiRequest(`${flowUrl(flow)}/analyze`, { method: 'POST', body, schema: analysisResultSchema, signal });

export const sendAutomationTest = (flow: string, body: TestAutomation): Promise<AutomationTestResponse> =>
  apiRequest(`${flowUrl(flow)}/test`, { method: 'POST', body, schema: automationTestResponseSchema });

export const updateAutomationSettings = (body: UpdateAutomationSettings): Promise<AutomationSettings> =>
  apiPut('/api/automations/settings', body, automationSettingsSchema);
