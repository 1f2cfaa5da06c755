// Paths of the automations pages.
export const AUTOMATIONS_PATH = '/automations';

export const flowPath = (flow: string): string => `${AUTOMATIONS_PATH}/${encodeURIComponent(flow)}`;

/** The flow key in `/automations/<flow>`, or undefined for any other path. */
export function flowKeyFromPath(pathname: string): string | undefined {
  const match = /^\/automations\/([^/]+)$/.exec(pathname);
  if (match === null) return undefined;
  try {
    return decodeURIComponent(match[1] ?? '');
  } catch {
    return undefined;
  }
}
