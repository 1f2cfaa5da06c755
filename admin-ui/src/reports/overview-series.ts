// Turns the overview's per-day rows into chart series, one point per day of the range (missing days are 0).
import type { Overview } from '../../../server/contracts/index.js';
import type { ChartSeries } from './charts.js';
import type { DateRange } from './report-api.js';
import { bucketLabel } from './report-format.js';

/** Every ISO day from `from` to `to`, both included. */
export function daysOf(range: DateRange): string[] {
  const days: string[] = [];
  const end = Date.parse(`${range.to}T00:00:00Z`);
  for (let t = Date.parse(`${range.from}T00:00:00Z`); t <= end && days.length <= 400; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

const dayOf = (value: string): string => value.slice(0, 10);

function seriesOf(name: string, days: string[], values: Map<string, number>): ChartSeries {
  return {
    name,
    points: days.map((day) => ({ key: bucketLabel(`${day}T00:00:00Z`, 'day'), value: values.get(day) ?? 0 })),
  };
}

function sumBy<T>(
  rows: T[],
  day: (row: T) => string,
  value: (row: T) => number,
  keep: (row: T) => boolean = () => true,
): Map<string, number> {
  const totals = new Map<string, number>();
  for (const row of rows)
    if (keep(row)) totals.set(dayOf(day(row)), (totals.get(dayOf(day(row))) ?? 0) + value(row));
  return totals;
}

export function subscriberSeries(overview: Overview, days: string[]): ChartSeries[] {
  const rows = overview.subscribers.days;
  return [
    seriesOf(
      'Opt-ins',
      days,
      sumBy(
        rows,
        (r) => r.day,
        (r) => r.optIns,
      ),
    ),
    seriesOf(
      'Opt-outs',
      days,
      sumBy(
        rows,
        (r) => r.day,
        (r) => r.optOuts,
      ),
    ),
    seriesOf(
      'Net',
      days,
      sumBy(
        rows,
        (r) => r.day,
        (r) => r.net,
      ),
    ),
  ];
}

const STATUS_GROUPS = [
  { name: 'Delivered', statuses: ['delivered'] },
  { name: 'Sent, awaiting report', statuses: ['sent', 'sending', 'queued', 'unknown'] },
  { name: 'Failed', statuses: ['failed', 'expired', 'undeliverable'] },
  { name: 'Suppressed', statuses: ['suppressed', 'cancelled'] },
] as const;

export function messageSeries(overview: Overview, days: string[], by: 'status' | 'kind'): ChartSeries[] {
  const rows = overview.messages;
  if (by === 'kind') {
    return [
      seriesOf(
        'Marketing',
        days,
        sumBy(
          rows,
          (r) => r.day,
          (r) => r.count,
          (r) => r.kind === 'marketing',
        ),
      ),
      seriesOf(
        'Transactional',
        days,
        sumBy(
          rows,
          (r) => r.day,
          (r) => r.count,
          (r) => r.kind === 'transactional',
        ),
      ),
    ];
  }
  return STATUS_GROUPS.map((group) =>
    seriesOf(
      group.name,
      days,
      sumBy(
        rows,
        (r) => r.day,
        (r) => r.count,
        (r) => (group.statuses as readonly string[]).includes(r.status),
      ),
    ),
  );
}

export function revenueSeries(overview: Overview, days: string[]): ChartSeries[] {
  return [
    seriesOf(
      'Revenue',
      days,
      sumBy(
        overview.revenue,
        (r) => r.day,
        (r) => Number(r.revenue),
      ),
    ),
  ];
}
