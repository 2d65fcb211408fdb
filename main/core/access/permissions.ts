/**
 * Which permission each endpoint needs, derived from the resource table: an
 * object's incoming webhooks (the methods its entry lists) need its write (or
 * create) permission, its read endpoints its read permission. Write does not
 * imply read: a key made for n8n to push tasks cannot list the owner's
 * clients. A state change the entry offers over REST (`rest: true`,
 * `POST /api/v1/<segment>/:id/<name>`) needs the entry's write permission:
 * it changes the object as its incoming webhooks do. The routes are registered from the same `endpointsOf`, so a route
 * and its permission cannot disagree; the access hook enforces
 * `config.permission`.
 */
import {
  readPermission,
  RESOURCE_LIST,
  restActionsOf,
  writePermission,
  type IncomingMethod,
  type Permission,
  type Resource,
  type ResourceKey,
} from '../../../contract/index.js';

export type HttpMethod = 'GET' | IncomingMethod;

/** What an endpoint does with its object. */
export type EndpointKind = 'create' | 'update' | 'delete' | 'list' | 'get' | 'action';

export interface Endpoint {
  method: HttpMethod;
  /** Fastify route URL, `:id` for the id. */
  url: string;
  permission: Permission;
  resource: ResourceKey;
  kind: EndpointKind;
  /** The state change, for kind `action` (`convert`). */
  action?: string;
}

export const INCOMING_PREFIX = '/api/v1/webhooks/incoming';
export const READ_PREFIX = '/api/v1';

const KIND: Record<IncomingMethod, EndpointKind> = { POST: 'create', PATCH: 'update', DELETE: 'delete' };

/** One object's endpoints: its incoming webhooks as the seed names them, its two read endpoints, then its REST state changes. */
export function endpointsOf(resource: Resource): Endpoint[] {
  const incoming = `${INCOMING_PREFIX}/${resource.segment}`;
  const read = `${READ_PREFIX}/${resource.segment}`;
  const at = (method: HttpMethod, url: string, permission: Permission, kind: EndpointKind): Endpoint => ({
    method,
    url,
    permission,
    resource: resource.key,
    kind,
  });
  return [
    ...resource.incoming.methods.map((method) =>
      at(method, method === 'POST' ? incoming : `${incoming}/:id`, writePermission(resource), KIND[method]),
    ),
    at('GET', read, readPermission(resource), 'list'),
    at('GET', `${read}/:id`, readPermission(resource), 'get'),
    ...restActionsOf(resource).map(({ name }) => ({
      ...at('POST', `${read}/:id/${name}`, writePermission(resource), 'action'),
      action: name,
    })),
  ];
}

/** Every object endpoint. */
export const ENDPOINTS: readonly Endpoint[] = RESOURCE_LIST.flatMap(endpointsOf);

/** Exact match only: no permission implies another. */
export const hasPermission = (granted: readonly string[], needed: Permission): boolean =>
  granted.includes(needed);
