// Display helpers shared by the subscriber pages.
import type { BadgeProps } from '@shopify/polaris';

export const formatDateTime = (iso: string | null): string =>
  iso === null ? '—' : new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });

export const formatDate = (iso: string | null): string =>
  iso === null ? '—' : new Date(iso).toLocaleDateString('en-US', { dateStyle: 'medium' });

export const STATE_LABELS: Record<string, string> = {
  subscribed: 'Subscribed',
  pending: 'Awaiting confirmation',
  unsubscribed: 'Unsubscribed',
  never: 'Not subscribed',
};

export const stateTone = (state: string): BadgeProps['tone'] =>
  state === 'subscribed'
    ? 'success'
    : state === 'pending'
      ? 'attention'
      : state === 'unsubscribed'
        ? 'critical'
        : undefined;

export const SOURCE_LABELS: Record<string, string> = {
  checkout: 'Checkout',
  thank_you_page: 'Thank-you page',
  keyword: 'Text keyword',
  admin: 'Added by you',
  import: 'Import',
  shopify_sync: 'Shopify customer',
  demo_seed: 'Demo data',
};

export const messageStatusTone = (status: string): BadgeProps['tone'] =>
  status === 'delivered' || status === 'sent' || status === 'received'
    ? 'success'
    : status === 'failed' || status === 'undeliverable'
      ? 'critical'
      : status === 'suppressed'
        ? 'warning'
        : undefined;

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Why a message was not sent, in words (server/messaging/outbox/types.ts SuppressReason). */
export const SUPPRESSED_REASONS: Record<string, string> = {
  no_subscriber: 'Not a subscriber',
  no_marketing_consent: 'No marketing consent',
  no_transactional_consent: 'No consent to order updates',
  opted_out: 'Opted out',
  invalid_phone: 'Invalid phone',
  min_interval: 'Frequency cap: too soon after the last text',
  weekly_cap: 'Frequency cap: 7-day maximum reached',
  florida_topic_cap: 'Florida: 3 texts on one subject per 24 hours',
  no_common_window: 'No allowed sending hours',
  unknown_time_zone: 'Unknown time zone',
  daily_ceiling: 'New shop daily limit',
};
