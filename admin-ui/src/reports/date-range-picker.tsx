// A date range for the reports: presets (last 7 / 30 / 90 days, 12 months) or two dates of one's own.
import { InlineStack, Select, TextField } from '@shopify/polaris';
import { useState } from 'react';
import type { DateRange } from './report-api.js';
import { isoDay } from './report-format.js';

const PRESETS = [
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
  { value: '365', label: 'Last 12 months' },
  { value: 'custom', label: 'Custom range' },
] as const;

/** The last `days` days up to today (today included). */
export function lastDays(days: number, now: Date = new Date()): DateRange {
  return { from: isoDay(new Date(now.getTime() - (days - 1) * 86_400_000)), to: isoDay(now) };
}

export function DateRangePicker({
  value,
  onChange,
}: {
  value: DateRange;
  onChange: (range: DateRange) => void;
}) {
  const [preset, setPreset] = useState<string>(() => {
    const match = PRESETS.find((p) => p.value !== 'custom' && lastDays(Number(p.value)).from === value.from);
    return match?.value ?? 'custom';
  });
  const [draft, setDraft] = useState<DateRange>(value);

  const choose = (next: string) => {
    setPreset(next);
    if (next !== 'custom') {
      const range = lastDays(Number(next));
      setDraft(range);
      onChange(range);
    }
  };
  const edit = (key: keyof DateRange) => (text: string) => {
    const next = { ...draft, [key]: text };
    setDraft(next);
    if (/^\d{4}-\d{2}-\d{2}$/.test(next.from) && /^\d{4}-\d{2}-\d{2}$/.test(next.to) && next.from <= next.to)
      onChange(next);
  };
  const invalid = draft.from > draft.to ? 'The start must not be after the end' : undefined;

  return (
    <InlineStack gap="200" blockAlign="end" wrap={false}>
      <Select label="Date range" options={[...PRESETS]} value={preset} onChange={choose} />
      {preset === 'custom' && (
        <>
          <TextField
            label="From"
            type="date"
            value={draft.from}
            onChange={edit('from')}
            autoComplete="off"
            error={invalid}
          />
          <TextField label="To" type="date" value={draft.to} onChange={edit('to')} autoComplete="off" />
        </>
      )}
    </InlineStack>
  );
}
