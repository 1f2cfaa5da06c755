// The Drizzle schema. Migrations are generated from it (npm run db:generate) and committed as SQL.
export * from './shops.js';
export * from './sessions.js';
export * from './customers.js';
export * from './orders.js';
export * from './subscribers.js';
export * from './messages.js';
export * from './webhook-events.js';
export * from './checkouts.js';
export * from './fulfillments.js';
export * from './sync.js';
export * from './tracking.js';
export * from './consent-sync.js';
export * from './automations.js';
export * from './test-phone-verifications.js';
export * from './segments.js';
export * from './campaigns.js';
export * from './merchant-tools.js';
