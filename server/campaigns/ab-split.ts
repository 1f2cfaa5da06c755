// A/B assignment: a deterministic hash of (campaign id, subscriber id) places each recipient at a point in
// [0, 10000); the first holdoutPercent of that range is the holdout, the next testPercent (of the rest) is
// the test, split evenly across the variants, and everything after is the rest (who get the winner).
// Deterministic, so a resumed fan-out assigns everyone exactly as before.
import { createHash } from 'node:crypto';
import type { CampaignAb } from '../contracts/campaigns.js';

export const BUCKETS = 10_000;

export type Assignment =
  | { group: 'holdout'; variant: 'holdout' }
  | { group: 'test'; variant: string }
  | { group: 'rest'; variant: string | null };

/** The recipient's bucket in [0, BUCKETS): uniform, stable for the pair. */
export function bucketOf(campaignId: string, subscriberId: string): number {
  const digest = createHash('sha256').update(`${campaignId}:${subscriberId}`).digest();
  return digest.readUInt32BE(0) % BUCKETS;
}

/**
 * Where a bucket falls. Without A/B everyone who is not held out is in "rest" with variant null (the main
 * templates); with A/B the rest get the winner, decided later (variant null until then).
 */
export function assignBucket(bucket: number, holdoutPercent: number, ab: CampaignAb | null): Assignment {
  const holdoutEnd = Math.round((holdoutPercent * BUCKETS) / 100);
  if (bucket < holdoutEnd) return { group: 'holdout', variant: 'holdout' };
  if (!ab) return { group: 'rest', variant: null };
  const remaining = BUCKETS - holdoutEnd;
  const testSpan = Math.round((ab.testPercent * remaining) / 100);
  const offset = bucket - holdoutEnd;
  if (offset >= testSpan) return { group: 'rest', variant: null };
  const index = Math.min(ab.variants.length - 1, Math.floor((offset * ab.variants.length) / testSpan));
  return { group: 'test', variant: ab.variants[index]!.key };
}

export function assignRecipient(
  campaignId: string,
  subscriberId: string,
  holdoutPercent: number,
  ab: CampaignAb | null,
): Assignment {
  return assignBucket(bucketOf(campaignId, subscriberId), holdoutPercent, ab);
}
