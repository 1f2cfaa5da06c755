// Paths of the segments pages.
export const SEGMENTS_PATH = '/segments';
export const NEW_SEGMENT_PATH = '/segments/new';

export const segmentPath = (id: string): string => `${SEGMENTS_PATH}/${encodeURIComponent(id)}`;
export const templatePath = (key: string): string =>
  `${NEW_SEGMENT_PATH}?template=${encodeURIComponent(key)}`;

/** The segment id in `/segments/<id>` ("new" is the create page), or undefined for any other path. */
export function segmentIdFromPath(pathname: string): string | undefined {
  const match = /^\/segments\/([^/]+)$/.exec(pathname);
  if (match === null || match[1] === 'new') return undefined;
  try {
    return decodeURIComponent(match[1] ?? '');
  } catch {
    return undefined;
  }
}
