// The one contracts module the admin UI imports: request/response shapes and their zod schemas.
export * from './errors.js';
export * from './settings.js';
export * from './webhook-events.js';
export * from './sync.js';
export * from './messages.js';
export * from './subscribers.js';
export * from './automations.js';
export * from './templates.js';
export * from './data-requests.js';
export * from './segments.js';
export * from './segment-products.js';
export * from './campaigns.js';
export * from './compliance.js';
export * from './subscriber-imports.js';
export * from './reports.js';
export * from './billing.js';
