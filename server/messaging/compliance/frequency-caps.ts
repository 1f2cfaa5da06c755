// Frequency caps over a recipient's send history (pure; the caller loads the history).
// Windows are rolling: a message sent at T counts against a window of length W until T + W
// (exclusive), so retryAt is exactly when enough old messages have aged out.
import { AppError } from '../../errors.js';

export type MessageKind = 'marketing' | 'transactional';

export interface FrequencyCaps {
  /** Minimum hours between two marketing messages to the same recipient (0 disables). */
  minHoursBetween: number;
  /** Maximum marketing messages to the same recipient in any rolling 7 days. */
  maxPer7Days: number;
}

export const DEFAULT_CAPS: Readonly<FrequencyCaps> = Object.freeze({ minHoursBetween: 16, maxPer7Days: 2 });

/** Florida (FTSA): at most 3 messages on the same subject in 24 hours, whatever their kind. */
export const FLORIDA_TOPIC_CAP = Object.freeze({ maxPerWindow: 3, windowHours: 24 });

export interface SentMessage {
  sentAt: Date;
  kind: MessageKind;
  topic?: string;
}

export type FrequencyCapReason = 'min_interval' | 'weekly_cap' | 'florida_topic_cap';

export type FrequencyCapDecision =
  | { ok: true }
  /** retryAt: earliest instant at which every cap passes given this history; absent if never (e.g. maxPer7Days = 0). */
  | { ok: false; reason: FrequencyCapReason; retryAt?: Date };

export interface FrequencyCapInput {
  now: Date;
  kind: MessageKind;
  topic?: string;
  /** ISO 3166-2 style recipient region, e.g. 'US-FL'. */
  regionCode?: string | null;
  history: readonly SentMessage[];
  caps?: Partial<FrequencyCaps>;
}

const HOUR_MS = 3_600_000;

function resolveCaps(caps: Partial<FrequencyCaps> | undefined): FrequencyCaps {
  const merged = { ...DEFAULT_CAPS, ...caps };
  if (
    !(Number.isFinite(merged.minHoursBetween) && merged.minHoursBetween >= 0) ||
    !(Number.isInteger(merged.maxPer7Days) && merged.maxPer7Days >= 0)
  ) {
    throw new AppError({
      code: 'invalid_frequency_caps',
      status: 422,
      message: 'Frequency caps must be non-negative (and a whole number of messages per 7 days)',
      fields: { minHoursBetween: String(merged.minHoursBetween), maxPer7Days: String(merged.maxPer7Days) },
    });
  }
  return merged;
}

/**
 * At most `max` of `times` may fall in (now − window, now]. Returns null when satisfied, else the
 * instant the oldest surplus message ages out (or Infinity when max is 0). Entries dated after
 * `now` (clock skew between workers) count too: that only ever makes the cap stricter.
 */
function rollingCap(now: number, times: readonly number[], windowMs: number, max: number): number | null {
  const inWindow = times.filter((t) => now - t < windowMs).sort((a, b) => a - b);
  if (inWindow.length < max) return null;
  if (max === 0) return Infinity;
  const agingOut = inWindow[inWindow.length - max];
  return agingOut === undefined ? null : agingOut + windowMs;
}

const normalizeTopic = (topic: string | undefined): string | undefined => {
  const t = topic?.trim().toLowerCase();
  return t ? t : undefined;
};

/**
 * Evaluates the caps for one candidate send. Marketing sends are subject to the minimum interval
 * and the rolling 7-day cap (counting marketing messages only); transactional sends are not.
 * Recipients in Florida ('US-FL') may receive at most 3 messages on the same topic per rolling
 * 24 hours, of any kind. A message without a topic cannot be shown to be on a different subject,
 * so an untopiced send counts every message, and an untopiced history entry counts for every topic.
 * When several caps fail, the reported reason is the one that forces the longest wait.
 */
export function evaluateFrequencyCaps(input: FrequencyCapInput): FrequencyCapDecision {
  const now = input.now.getTime();
  if (!Number.isFinite(now))
    throw new AppError({ code: 'invalid_date', message: 'evaluateFrequencyCaps: now is not a valid date' });
  const caps = resolveCaps(input.caps);
  const failures: Array<{ reason: FrequencyCapReason; retryAt: number }> = [];

  if (input.kind === 'marketing') {
    const marketing = input.history.filter((m) => m.kind === 'marketing').map((m) => m.sentAt.getTime());
    if (caps.minHoursBetween > 0) {
      const interval = rollingCap(now, marketing, caps.minHoursBetween * HOUR_MS, 1);
      if (interval !== null) failures.push({ reason: 'min_interval', retryAt: interval });
    }
    const weekly = rollingCap(now, marketing, 7 * 24 * HOUR_MS, caps.maxPer7Days);
    if (weekly !== null) failures.push({ reason: 'weekly_cap', retryAt: weekly });
  }

  if (input.regionCode?.trim().toUpperCase() === 'US-FL') {
    const topic = normalizeTopic(input.topic);
    const sameTopic = input.history
      .filter((m) => {
        const other = normalizeTopic(m.topic);
        return topic === undefined || other === undefined || other === topic;
      })
      .map((m) => m.sentAt.getTime());
    const florida = rollingCap(
      now,
      sameTopic,
      FLORIDA_TOPIC_CAP.windowHours * HOUR_MS,
      FLORIDA_TOPIC_CAP.maxPerWindow,
    );
    if (florida !== null) failures.push({ reason: 'florida_topic_cap', retryAt: florida });
  }

  const binding = failures.reduce<(typeof failures)[number] | undefined>(
    (worst, f) => (worst && worst.retryAt >= f.retryAt ? worst : f),
    undefined,
  );
  if (!binding) return { ok: true };
  return Number.isFinite(binding.retryAt)
    ? { ok: false, reason: binding.reason, retryAt: new Date(binding.retryAt) }
    : { ok: false, reason: binding.reason };
}
