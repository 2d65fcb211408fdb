/**
 * The names code generators and stateful clients build on: each operation's
 * `operationId` and each named schema's component name, derived from the
 * resource table and the endpoint table (`access/permissions.ts`), so an
 * object added to the table gets its names without an edit here. The few
 * routes that are no object's have theirs in `OTHER_OPERATIONS`.
 */
import { RESOURCE_LIST, type ResourceEntry } from '../../../contract/index.js';
import { ENDPOINTS, type Endpoint } from '../access/permissions.js';

/** `task` → `Task`, `timeEntries` → `TimeEntries`, `time_entry.created` → `TimeEntryCreated`. */
export const pascal = (text: string): string =>
  text
    .split(/[._-]/)
    .filter((part) => part !== '')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');

/** A route URL as the document writes its path: `/api/v1/tasks/:id` → `/api/v1/tasks/{id}`. */
export const documentPath = (url: string): string => url.replace(/:(\w+)/g, '{$1}');

/** `POST /api/v1/webhooks/incoming/tasks`: an operation by method and document path. */
export const operationKey = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

/** The operations that belong to no business object. */
export const OTHER_OPERATIONS: Readonly<Record<string, string>> = {
  'GET /healthz': 'getHealth',
  'GET /api/v1/openapi.json': 'getOpenApiDocument',
  'GET /api/v1/me': 'getMe',
  'GET /api/v1/event-types': 'listEventTypes',
  'GET /api/v1/events': 'listEvents',
  'GET /api/v1/webhooks': 'listWebhookSubscriptions',
  'POST /api/v1/webhooks': 'createWebhookSubscription',
  'GET /api/v1/webhooks/{id}': 'getWebhookSubscription',
  'DELETE /api/v1/webhooks/{id}': 'deleteWebhookSubscription',
  'GET /api/v1/invoices/{id}/pdf': 'getInvoicePdf',
  'GET /api/v1/quotes/{id}/pdf': 'getQuotePdf',
  'GET /api/v1/documents/{document}/{version}': 'getDocumentByLink',
};

/** `createTask`, `listTimeEntries`, `convertQuote`: the verb of the endpoint's kind, then its object. */
export function objectOperationId(resource: ResourceEntry, endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'list':
      return `list${pascal(resource.list)}`;
    case 'action':
      return `${endpoint.action}${pascal(resource.key)}`;
    default:
      return `${endpoint.kind}${pascal(resource.key)}`;
  }
}

export interface ObjectOperation {
  resource: ResourceEntry;
  endpoint: Endpoint;
  operationId: string;
}

const byKey = new Map(RESOURCE_LIST.map((resource) => [resource.key, resource]));

/** Every object endpoint by `METHOD /document/path`. */
export const OBJECT_OPERATIONS: ReadonlyMap<string, ObjectOperation> = new Map(
  ENDPOINTS.map((endpoint) => {
    const resource = byKey.get(endpoint.resource);
    if (!resource) throw new Error(`No resource ${endpoint.resource}`);
    return [
      operationKey(endpoint.method, documentPath(endpoint.url)),
      { resource, endpoint, operationId: objectOperationId(resource, endpoint) },
    ];
  }),
);

/** The operationId of `METHOD /path`, or undefined for a route nobody named (a test fails on it). */
export const operationIdOf = (method: string, path: string): string | undefined => {
  const key = operationKey(method, path);
  return OBJECT_OPERATIONS.get(key)?.operationId ?? OTHER_OPERATIONS[key];
};

/** Every operationId the document's paths carry: the pinned set the tests compare with. */
export const ALL_OPERATION_IDS: readonly string[] = [
  ...[...OBJECT_OPERATIONS.values()].map((o) => o.operationId),
  ...Object.values(OTHER_OPERATIONS),
];

/** Component names of one object: `Task`, `TaskCreate`, `TaskUpdate`, `TaskPage`. */
export const componentNames = (resource: ResourceEntry) => {
  const name = pascal(resource.key);
  return { item: name, create: `${name}Create`, update: `${name}Update`, page: `${name}Page` };
};

/** `TaskCreatedEvent`, `TimeEntryDeletedEvent`, `WebhookTestEvent`. */
export const eventComponentName = (type: string): string => `${pascal(type)}Event`;
