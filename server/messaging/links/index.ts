// Tracked links: short codes, finding and rewriting links in a body, creating short links, the public
// redirect with click recording, and click statistics.
export * from './short-codes.js';
export * from './find-urls.js';
export * from './utm.js';
export * from './link-repository.js';
export * from './click-stats.js';
export { linkRedirectRoutes, isPreviewBot, MAX_USER_AGENT_LENGTH } from './redirect-routes.js';
export {
  createClickLimiter,
  DEFAULT_CLICK_LIMITS,
  type ClickLimiter,
  type ClickLimits,
} from './click-limiter.js';
