// The read-only parts of the compliance settings: the legal sending hours (always enforced) and the list of
// past changes.
import { DataTable, Text } from '@shopify/polaris';
import type { ComplianceSettings, SettingsAuditEntry } from '../../../server/contracts/index.js';
import { SectionCard } from '../ui/section-card.js';
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

export function AuditCard({ entries }: { entries: SettingsAuditEntry[] }) {
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
    <SectionCard
      title="Changes to these settings"
      size="md"
      gap="300"
      empty={entries.length === 0 && 'No changes yet.'}
    >
      <DataTable
        columnContentTypes={['text', 'text', 'text', 'text', 'text']}
        headings={['When', 'Who', 'Setting', 'From', 'To']}
        rows={rows}
      />
    </SectionCard>
  );
}

export function LegalHoursCard({ hours }: { hours: ComplianceSettings['legalQuietHours'] }) {
  return (
    <SectionCard title="Legal sending hours (always enforced)" size="md" gap="300">
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
    </SectionCard>
  );
}
