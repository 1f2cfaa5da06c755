// The read-only parts of the compliance settings: the legal sending hours (always enforced) and the list of
// past changes.
import { BlockStack, Card, DataTable, Text } from '@shopify/polaris';
import type { ComplianceSettings, SettingsAuditEntry } from '../../../server/contracts/index.js';
import { clock } from './compliance-draft.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const days = (weekdays: number[]) =>
  weekdays.length === 7 ? 'Every day' : weekdays.map((d) => DAYS[d]).join(', ');

/** A stored value in words: lists comma-separated, objects as "key value" pairs, minutes as clock times. */
function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'none';
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.map(show).join(', ');
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k} ${/Minute$/.test(k) && typeof x === 'number' ? clock(x) : show(x)}`)
      .join(', ');
  return String(v);
}

export function AuditList({ entries }: { entries: SettingsAuditEntry[] }) {
  if (entries.length === 0)
    return (
      <Text as="p" tone="subdued">
        No changes yet.
      </Text>
    );
  const rows = entries.flatMap((e) =>
    Object.entries(e.changes).map(([field, change]) => [
      new Date(e.createdAt).toLocaleString('en-US'),
      e.actor ?? '',
      field,
      show(change.from),
      show(change.to),
    ]),
  );
  return (
    <DataTable
      columnContentTypes={['text', 'text', 'text', 'text', 'text']}
      headings={['When', 'Who', 'Setting', 'From', 'To']}
      rows={rows}
    />
  );
}

export function LegalHoursCard({ hours }: { hours: ComplianceSettings['legalQuietHours'] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Legal sending hours (always enforced)
        </Text>
        <Text as="p" tone="subdued">
          Texts wait until the recipient's local time is inside these hours; your own window can only narrow
          them.
        </Text>
        <DataTable
          columnContentTypes={['text', 'text', 'text', 'text']}
          headings={['Where', 'Hours', 'Days', 'Public holidays']}
          rows={hours.map((r) => [
            r.label,
            `${clock(r.startMinute)}–${clock(r.endMinute)}`,
            days(r.weekdays),
            r.holidays ? 'No texts' : '—',
          ])}
        />
      </BlockStack>
    </Card>
  );
}
