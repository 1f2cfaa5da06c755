// The counter rows that cover a date range: whole UTC days from the daily rollup (report_counters_daily,
// migration 0026), the partial days at either edge from the hourly report_counters. Together they hold exactly
// the hourly buckets from the hour of `from` up to `to` — what a scan of the hourly rows would sum — in a row per
// source and day for the days in between, so a 12-month range reads ~365 rows per source instead of ~8,760.
import { COUNTER_METRICS } from './counter-columns.js';
import type { DateRange } from './report-range.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface CounterSpan {
  /** The hour of `from`: the first hourly bucket in the range. */
  hourFrom: Date;
  /** The first whole day (midnight UTC), read from the daily rollup. */
  dayFrom: Date;
  /** The midnight after the last whole day (exclusive); equal to dayFrom when no day is whole. */
  dayEnd: Date;
  to: Date;
}

/** Splits a range into whole days and the hours at its edges. A day is whole when its last hour (23:00) is <= to. */
export function counterSpan(range: DateRange): CounterSpan {
  const hourFrom = Math.floor(range.from.getTime() / HOUR) * HOUR;
  const dayFrom = Math.ceil(hourFrom / DAY) * DAY;
  const dayEnd = Math.max(dayFrom, Math.floor((range.to.getTime() + HOUR) / DAY) * DAY);
  return { hourFrom: new Date(hourFrom), dayFrom: new Date(dayFrom), dayEnd: new Date(dayEnd), to: range.to };
}

/** The query parameters countersInRange expects at `first`, `first + 1`, … : dayFrom, dayEnd, hourFrom, to. */
export function spanParams(range: DateRange): [Date, Date, Date, Date] {
  const s = counterSpan(range);
  return [s.dayFrom, s.dayEnd, s.hourFrom, s.to];
}

/**
 * A subquery (use it as `FROM ${countersInRange(...)} c`) of the counter rows in a range, with the columns shop_id,
 * source_kind, source_id, message_kind, bucket (the day for daily rows, the hour for hourly ones), day (the UTC day
 * of the bucket: group by it rather than by date_trunc(…, 'UTC'), which costs a time-zone look-up per row) and
 * every metric.
 * `where` is a condition on shop_id / source_kind / source_id (the columns both tables share), with its own
 * parameters; `first` is the number of the first of the four spanParams parameters.
 */
export function countersInRange(where: string, first: number): string {
  const [dayFrom, dayEnd, hourFrom, to] = [first, first + 1, first + 2, first + 3].map((n) => `$${n}`);
  const metrics = COUNTER_METRICS.join(', ');
  const hourly = `shop_id, source_kind, source_id, message_kind, bucket, date_trunc('day', bucket, 'UTC') AS day, ${metrics}`;
  return `(SELECT shop_id, source_kind, source_id, message_kind, day AS bucket, day, ${metrics}
             FROM report_counters_daily
            WHERE ${where} AND day >= ${dayFrom}::timestamptz AND day < ${dayEnd}::timestamptz
           UNION ALL
           SELECT ${hourly}
             FROM report_counters
            WHERE ${where} AND bucket >= ${hourFrom}::timestamptz AND bucket < ${dayFrom}::timestamptz AND bucket <= ${to}::timestamptz
           UNION ALL
           SELECT ${hourly}
             FROM report_counters
            WHERE ${where} AND bucket >= ${dayEnd}::timestamptz AND bucket <= ${to}::timestamptz)`;
}
