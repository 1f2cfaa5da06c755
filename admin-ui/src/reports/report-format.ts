// Display helpers for the report pages: rates, money, reason labels, chart keys.
import { formatCount, formatMoney } from '../automations/format.js';

export { formatCount, formatMoney };

/** "12.3%" for 0.123; "—" when there is nothing to divide by. */
export const formatRate = (rate: number | null): string =>
  rate === null ? '—' : `${(rate * 100).toFixed(rate !== 0 && Math.abs(rate) < 0.01 ? 2 : 1)}%`;

/** "+1.2 pts" / "−0.4 pts" for a difference of two rates. */
export const formatRateDelta = (delta: number | null): string =>
  delta === null ? '—' : `${delta >= 0 ? '+' : '−'}${Math.abs(delta * 100).toFixed(1)} pts`;

export const formatMoneyOrDash = (amount: string | null, currency: string): string =>
  amount === null ? '—' : formatMoney(amount, currency);

/** "3.4×" return on spend. */
export const formatMultiple = (value: number | null): string =>
  value === null ? '—' : `${value.toFixed(1)}×`;

/** Words for the suppression reasons and statuses the reports show; unknown codes show as they are. */
const REASON_LABELS: Record<string, string> = {
  no_marketing_consent: 'No marketing consent',
  no_consent: 'No consent',
  no_subscriber: 'Not a subscriber',
  opted_out: 'Opted out',
  quiet_hours_held: 'Quiet hours (held)',
  quiet_hours_skipped: 'Quiet hours (skipped)',
  frequency_cap: 'Frequency cap',
  smart_sending: 'Smart sending',
  invalid_phone: 'Invalid number',
  pending_double_opt_in: 'Awaiting double opt-in',
  daily_ceiling: 'Daily ceiling',
  audience_limit: 'Over the audience limit',
};

/** "Abandoned checkout" for a key such as "abandoned_checkout"; other names as they are. */
export const readableName = (name: string): string =>
  /^[a-z0-9_]+$/.test(name) ? name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) : name;

export const reasonLabel = (reason: string): string =>
  REASON_LABELS[reason] ?? reason.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export const STATUS_LABELS: Record<string, string> = {
  queued: 'Queued',
  sending: 'Sending',
  unknown: 'Unknown',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Failed',
  expired: 'Expired',
  undeliverable: 'Undeliverable',
  suppressed: 'Suppressed',
  cancelled: 'Cancelled',
};

export const statusLabel = (status: string): string => STATUS_LABELS[status] ?? reasonLabel(status);

/** "Mar 4" for a day, "Mar 4, 14:00" for an hour bucket (UTC, as the API buckets). */
export function bucketLabel(at: string, granularity: 'hour' | 'day'): string {
  const date = new Date(at);
  const day = date.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  if (granularity === 'day') return day;
  return `${day}, ${String(date.getUTCHours()).padStart(2, '0')}:00`;
}

/** ISO date (2025-01-31) of a Date, in UTC. */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
