/**
 * The words people read for each input field: one table, keyed by the field's
 * dotted path with list positions left out (`items.quantity`), shared by every
 * object and form that has the field. The field messages (`field-issues.ts`)
 * name fields by it, on the server and in the window alike, and the window's
 * forms take their labels from it, so a field is called the same everywhere and
 * a translation replaces this one table by key.
 *
 * A field only one object has is labelled in that object's resource entry instead (`labels` in
 * `defineResource`, so a new object is written in one place); the lookup reads both.
 *
 * Keyed by path rather than attached to each zod schema: a zod issue carries
 * only its path, so the core's own checks (IP rules, references, URL policy),
 * the REST validator, the contract and the window all find a label with no
 * schema in hand, and zod's derived schemas (`.partial()`, `.extend()`) cannot
 * lose it. A field means the same in every object that has it (a client's and a
 * project's `name` are both "Name").
 */
import { RESOURCE_LIST, type ResourceEntry } from './resources.js';

export const FIELD_LABELS = {
  // Business objects (contract/resources/*)
  name: 'Name',
  title: 'Title',
  email: 'E-mail',
  phone: 'Phone',
  company: 'Company',
  address: 'Address',
  notes: 'Notes',
  description: 'Description',
  status: 'Status',
  dueDate: 'Due date',
  issueDate: 'Issue date',
  clientId: 'Client',
  projectId: 'Project',
  taskId: 'Task',
  currency: 'Currency',
  items: 'Items',
  'items.description': 'Description',
  'items.quantity': 'Quantity',
  'items.unitPrice': 'Unit price',
  'items.taxRate': 'Tax rate (%)',
  startedAt: 'Started at',
  endedAt: 'Ended at',
  id: 'Id',
  // Webhooks
  url: 'URL',
  events: 'Events',
  headerName: 'Header name',
  headerValue: 'Header value',
  ordered: 'Deliver in order',
  filter: 'Filter',
  enabled: 'Enabled',
  secret: 'Secret',
  // API keys
  permissions: 'Permissions',
  ipWhitelist: 'IP Whitelist',
  // Settings
  retrySchedule: 'Retry schedule (seconds)',
  'rateLimits.incomingPerMinute': 'Incoming webhooks per minute',
  'rateLimits.apiCallsPerDay': 'Total API calls per day',
  'rateLimits.apiCallsPerKeyPerDay': 'API calls per key per day',
  'rateLimits.outgoingPerHour': 'Outgoing webhooks per hour',
  'rateLimits.refusedPerMinute': 'Refused calls logged per minute',
  maxSubscriptionsPerKey: 'Subscriptions per key',
  incomingLogMaxRows: 'Incoming log rows',
  deliveryTimeoutMs: 'Delivery timeout (ms)',
  logRetentionDays: 'Keep the log for (days)',
  trustedProxies: 'Trusted proxies',
  secretRotationGraceHours: 'Old secret valid for (hours)',
  'server.host': 'Server address',
  'server.port': 'Server port',
  defaultCurrency: 'Default currency',
  invoiceDueDays: 'Invoice due after (days)',
  openAtLogin: 'Open at login',
  'backups.folder': 'Backup folder',
  'backups.keep': 'Backups to keep',
  'backups.dailyAt': 'Daily backup at',
  publicUrl: 'Public address',
  'autoDisable.afterDays': 'Disable a failing webhook after (days)',
  healthEventsTo: 'Send webhook health events to',
  language: 'Language',
  'company.name': 'Company name',
  'company.address': 'Company address',
  'company.vatId': 'VAT ID',
  'company.bankDetails': 'Bank details',
  'company.iban': 'IBAN',
  'company.paymentTerms': 'Payment terms',
  logo: 'Logo',
  // Lists, the delivery log and the incoming log
  search: 'Search',
  cursor: 'Cursor',
  limit: 'Limit',
  webhookId: 'Webhook',
  eventType: 'Event',
  from: 'From',
  to: 'To',
  keyId: 'API key',
  rejectedOnly: 'Rejected only',
  'filters.webhookId': 'Webhook',
  'filters.eventType': 'Event',
  'filters.status': 'Status',
  'filters.from': 'From',
  'filters.to': 'To',
  format: 'Export format',
  deliveryId: 'Delivery',
  since: 'Since',
  until: 'Until',
  days: 'Days',
  paused: 'Paused',
} as const satisfies Record<string, string>;

export type FieldName = keyof typeof FIELD_LABELS;

/**
 * The labels the resource entries declare for the fields only they have (`labels` in
 * `defineResource`), joined: a field means the same in every object, so a key given twice,
 * here or in two entries, is refused by test/contract/field-issues.test.ts.
 */
const ENTRY_LABELS: Readonly<Record<string, string>> = Object.assign(
  {},
  ...RESOURCE_LIST.map((r: ResourceEntry) => r.labels ?? {}),
);

/** The label declared for a field's key, in the shared table or by its resource entry; undefined when none is. */
export const declaredLabel = (key: string): string | undefined =>
  Object.hasOwn(FIELD_LABELS, key)
    ? (FIELD_LABELS as Record<string, string>)[key]
    : Object.hasOwn(ENTRY_LABELS, key)
      ? ENTRY_LABELS[key]
      : undefined;

/** What one entry of a list is called in a message ("IP whitelist, line 3"); "entry" when not named. */
const ENTRY_NOUN: Readonly<Record<string, string>> = {
  ipWhitelist: 'line',
  trustedProxies: 'line',
  retrySchedule: 'step',
  items: 'item',
};

/** Where a REST parameter came from, as the validator names it (`query.limit`). */
const LOCATION: Readonly<Record<string, string>> = {
  query: 'Query parameter',
  path: 'Path parameter',
  header: 'Header',
};

const isIndex = (segment: string): boolean => /^\d+$/.test(segment);

/** `startedAt` → "Started at": the words of a field the table does not name. */
function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A field's label by its key (`items.quantity`), or its own words when the table has none. */
export function fieldLabel(key: string): string {
  return declaredLabel(key) ?? humanize(key.split('.').pop() ?? key);
}

/**
 * The label of a field by its dotted path as issues name it: `name` → "Name",
 * `ipWhitelist.2` → "IP whitelist, line 3", `items.0.quantity` → "Quantity of item 1",
 * `query.limit` → "Query parameter limit".
 */
export function labelOf(path: string): string {
  if (path === '') return 'The request body';
  const segments = path.split('.');
  const location = LOCATION[segments[0]];
  if (location && segments.length > 1) return `${location} ${segments.slice(1).join('.')}`;
  const last = segments.length - 1;
  if (isIndex(segments[last])) {
    const list = segments.slice(0, last).join('.');
    return `${labelOf(list)}, ${ENTRY_NOUN[keyOf(list)] ?? 'entry'} ${Number(segments[last]) + 1}`;
  }
  const at = segments.findIndex(isIndex);
  if (at > 0) {
    const list = segments.slice(0, at).join('.');
    const noun = ENTRY_NOUN[keyOf(list)] ?? 'entry';
    return `${fieldLabel(keyOf(path))} of ${noun} ${Number(segments[at]) + 1}`;
  }
  return fieldLabel(path);
}

/** The table's key of a path: list positions left out (`items.0.quantity` → `items.quantity`). */
export const keyOf = (path: string): string =>
  path
    .split('.')
    .filter((s) => !isIndex(s))
    .join('.');
