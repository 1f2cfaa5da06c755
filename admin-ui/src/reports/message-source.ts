// Words for a message's source (the log's "Source" column and filter).
const TYPE_LABELS: Record<string, string> = {
  automation: 'Automation',
  campaign: 'Campaign',
  keyword_reply: 'Keyword reply',
  inbound: 'Reply',
  test: 'Test',
};

export const sourceLabel = (type: string, id: string | null): string => {
  const label = TYPE_LABELS[type] ?? type.replace(/_/g, ' ');
  return id === null || type === 'campaign' ? label : `${label}: ${id.replace(/_/g, ' ')}`;
};

/** The source filter's choices (GET /api/messages?source=). */
export const SOURCE_FILTER_OPTIONS = [
  { label: 'All', value: '' },
  { label: 'Automations', value: 'flow' },
  { label: 'Campaigns', value: 'campaign' },
  { label: 'Keyword replies', value: 'keyword' },
  { label: 'Tests', value: 'test' },
];
