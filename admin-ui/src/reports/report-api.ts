// The reports and message-log API as typed calls (shapes per server/contracts/reports.ts and messages.ts).
// Every path the report pages use is here, so the CSV links and the JSON calls stay in step.
import type {
  AttributedOrderList,
  CampaignReport,
  FlowReport,
  MessageDetail,
  MessageList,
  MessageLogSummary,
  Overview,
  RecipientFigure,
  RecipientList,
  WhyNotAnswer,
} from '../../../server/contracts/index.js';
import { apiGet } from '../api/client.js';
import {
  attributedOrdersSchema,
  campaignReportSchema,
  flowReportSchema,
  messageDetailSchema,
  messageListSchema,
  messageLogSummarySchema,
  overviewSchema,
  recipientListSchema,
  whyNotSchema,
} from './report-schemas.js';

/** A date range as the pages keep it: ISO dates (2025-01-31), both ends included. */
export interface DateRange {
  from: string;
  to: string;
}

/** What a drill-down is about: one campaign, or one flow over a range. */
export type ReportSubject =
  { kind: 'campaign'; id: string } | { kind: 'flow'; flow: string; range: DateRange };

const query = (params: Record<string, string | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
};

/** The end of a range as an instant: the whole last day is included. */
const rangeParams = (range: DateRange): Record<string, string> => ({
  from: range.from,
  to: `${range.to}T23:59:59.999Z`,
});

/** `?from=…&to=…` for a range, as every ranged report call sends it. */
export const rangeQuery = (range: DateRange): string => query(rangeParams(range));

export const campaignReportPath = (id: string, extra: Record<string, string> = {}): string =>
  `/api/campaigns/${encodeURIComponent(id)}/report${query(extra)}`;

export const flowReportPath = (flow: string, range: DateRange, extra: Record<string, string> = {}): string =>
  `/api/automations/${encodeURIComponent(flow)}/report${query({ ...rangeParams(range), ...extra })}`;

export const overviewPath = (range: DateRange, extra: Record<string, string> = {}): string =>
  `/api/reports/overview${query({ ...rangeParams(range), ...extra })}`;

const subjectParams = (subject: ReportSubject): Record<string, string> =>
  subject.kind === 'campaign'
    ? { campaign: subject.id }
    : { flow: subject.flow, ...rangeParams(subject.range) };

export const recipientsPath = (
  subject: ReportSubject,
  figure: RecipientFigure,
  reason?: string,
  extra: Record<string, string> = {},
): string => `/api/reports/recipients${query({ ...subjectParams(subject), figure, reason, ...extra })}`;

export const fetchCampaignReport = (id: string, signal?: AbortSignal): Promise<CampaignReport> =>
  apiGet(campaignReportPath(id), campaignReportSchema, signal);

export const fetchCampaignOrders = (id: string, signal?: AbortSignal): Promise<AttributedOrderList> =>
  apiGet(`/api/reports/orders${query({ campaign: id })}`, attributedOrdersSchema, signal);

export const fetchFlowReport = (flow: string, range: DateRange, signal?: AbortSignal): Promise<FlowReport> =>
  apiGet(flowReportPath(flow, range), flowReportSchema, signal);

export const fetchOverview = (range: DateRange, signal?: AbortSignal): Promise<Overview> =>
  apiGet(overviewPath(range), overviewSchema, signal);

export const fetchRecipients = (
  subject: ReportSubject,
  figure: RecipientFigure,
  reason: string | undefined,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<RecipientList> =>
  apiGet(recipientsPath(subject, figure, reason, cursor ? { cursor } : {}), recipientListSchema, signal);

export const fetchWhyNot = (
  subject: ReportSubject,
  phone: string,
  signal?: AbortSignal,
): Promise<WhyNotAnswer> =>
  apiGet(
    `/api/reports/why-not${query({ ...(subject.kind === 'campaign' ? { campaign: subject.id } : { flow: subject.flow }), phone })}`,
    whyNotSchema,
    signal,
  );

/** The message log's filters as the page keeps them ('' = not set). */
export interface MessageFilterState {
  status: string;
  kind: string;
  source: string;
  phone: string;
  from: string;
  to: string;
}

export const emptyMessageFilters: MessageFilterState = {
  status: '',
  kind: '',
  source: '',
  phone: '',
  from: '',
  to: '',
};

export function messageFilterQuery(filters: MessageFilterState, extra: Record<string, string> = {}): string {
  return query({
    status: filters.status,
    kind: filters.kind,
    source: filters.source,
    phone: filters.phone.trim(),
    from: filters.from,
    to: filters.to ? `${filters.to}T23:59:59.999Z` : '',
    ...extra,
  });
}

export const fetchMessages = (
  filters: MessageFilterState,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<MessageList> =>
  apiGet(
    `/api/messages${messageFilterQuery(filters, cursor ? { cursor, limit: '50' } : { limit: '50' })}`,
    messageListSchema,
    signal,
  );

export const fetchMessageSummary = (
  filters: MessageFilterState,
  signal?: AbortSignal,
): Promise<MessageLogSummary> =>
  apiGet(`/api/messages/summary${messageFilterQuery(filters)}`, messageLogSummarySchema, signal);

export const fetchMessage = (id: string, signal?: AbortSignal): Promise<MessageDetail> =>
  apiGet(`/api/messages/${encodeURIComponent(id)}`, messageDetailSchema, signal);
