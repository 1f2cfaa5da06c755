// UTM parameters added to a tracked link's target when it is followed: utm_source=sms, utm_medium and
// utm_campaign from the link. A parameter the merchant already put on the target is never overwritten,
// and the rest of the URL (its query string encoding, its #fragment) is kept byte for byte.
export interface UtmValues {
  medium?: string;
  campaign?: string;
  /** No UTM parameters at all (a campaign with UTM tagging off, or a link to another site). */
  off?: boolean;
}

export function appendUtm(target: string, utm: UtmValues): string {
  if (utm.off === true) return target;
  let existing: URLSearchParams;
  try {
    existing = new URL(target).searchParams;
  } catch {
    return target;
  }
  const wanted: [string, string | undefined][] = [
    ['utm_source', 'sms'],
    ['utm_medium', utm.medium],
    ['utm_campaign', utm.campaign],
  ];
  const added = wanted
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && !existing.has(e[0]))
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  if (!added) return target;
  const hashAt = target.indexOf('#');
  const base = hashAt < 0 ? target : target.slice(0, hashAt);
  const hash = hashAt < 0 ? '' : target.slice(hashAt);
  const sep = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return base + sep + added + hash;
}
