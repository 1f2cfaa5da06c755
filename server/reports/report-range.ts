// The date range of a report: ?from=&to= (already validated by the contract), defaults to the last 30 days.
const DAY = 86_400_000;
export const DEFAULT_RANGE_DAYS = 30;

export interface DateRange {
  from: Date;
  to: Date;
}

export function rangeOf(q: { from?: Date | undefined; to?: Date | undefined }, now: Date): DateRange {
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY);
  return { from, to };
}
