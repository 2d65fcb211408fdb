export * from './common.js';
export * from './field-issues.js';
export * from './objects.js';
export * from './integrations.js';
export * from './operations.js';
export * from './bridge.js';
export * from './notices.js';
export * from './event-catalog.js';
