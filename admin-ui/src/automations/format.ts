// Display formatting for the automations pages: counts, money, durations, cost estimates.
import type { AutomationCostEstimate } from '../../../server/contracts/index.js';

const integerFormat = new Intl.NumberFormat('en-US');

export const formatCount = (value: number): string => integerFormat.format(value);

/** "$1,234.50" for ("1234.50", "USD"); the raw amount with its code when the currency is unknown. */
export function formatMoney(amount: string, currency: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return `${amount} ${currency}`.trim();
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(value);
  } catch {
    return `${value.toFixed(2)} ${currency}`.trim();
  }
}

/** "$0.0083" from an exact USD decimal string, keeping every significant digit (at least 2 decimals). */
export function formatUsd(amount: string): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  const digits = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `$${integerFormat.format(Number(whole))}.${digits}`;
}

/** "$0.0083 per send", or "$0.0083–$0.0166 per send" when the segment count varies. */
export function formatCostRange(cost: AutomationCostEstimate): string {
  const min = formatUsd(cost.minUsd);
  const max = formatUsd(cost.maxUsd);
  return min === max ? min : `${min}–${max}`;
}

/** "1" or "1–2". */
export const formatRange = (min: number, max: number): string =>
  min === max ? formatCount(min) : `${formatCount(min)}–${formatCount(max)}`;

const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** "30 minutes", "2 hours", "1 day", "1 hour 30 minutes" (whole units only, largest first). */
export function formatDuration(minutes: number): string {
  if (minutes === 0) return 'no delay';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(plural(days, 'day'));
  if (hours > 0) parts.push(plural(hours, 'hour'));
  if (rest > 0) parts.push(plural(rest, 'minute'));
  return parts.join(' ');
}
