/**
 * Every public endpoint, read from the server itself: the paths and methods of
 * the OpenAPI document (so a new route is covered without editing this list),
 * the contract's operations at /admin/rpc/<name>, and the pages outside /api/v1.
 */
import { OPERATION_NAMES, PERMISSIONS, RESOURCE_LIST } from '../../contract/index.js';
import { ID_PREFIXES } from '../../contract/id-prefixes.js';
import type { Harness } from '../support/server.js';

export interface Endpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  /** Who may call it: an API key, the admin token, or anyone. */
  /** `link`: a signed document link (its signature in the query is its only key). */
  auth: 'key' | 'admin' | 'link' | 'none';
  /** True when it takes a JSON body. */
  body: boolean;
}

/** A well-formed id of the kind a path segment names, that exists nowhere: every object's (from the table) and a webhook's. */
const UNKNOWN_IDS: Record<string, string> = Object.fromEntries(
  [...RESOURCE_LIST.map((r) => [r.segment, r.prefix]), ['webhooks', ID_PREFIXES.webhook]].map(
    ([segment, prefix]) => [segment, `${prefix}_01kfa3v2m8q9w4e5r6t7y8x9z0`],
  ),
);

export async function publicEndpoints(h: Harness): Promise<Endpoint[]> {
  const doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
    paths: Record<string, Record<string, { security?: unknown[] }>>;
  };
  const endpoints: Endpoint[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    // The segment the id belongs to: the one before `{id}` (`/api/v1/quotes/{id}/convert` is a quote's).
    const segments = path.split('/').filter(Boolean);
    const kind = segments[segments.indexOf('{id}') - 1] ?? '';
    const url = path.replace('{id}', UNKNOWN_IDS[kind] ?? 'x');
    for (const method of Object.keys(methods)) {
      const m = method.toUpperCase() as Endpoint['method'];
      endpoints.push({
        method: m,
        url,
        auth: path.startsWith('/api/v1/documents/')
          ? 'link'
          : path.startsWith('/api/v1/') && path !== '/api/v1/openapi.json'
            ? 'key'
            : 'none',
        body: m === 'POST' || m === 'PATCH',
      });
    }
  }
  endpoints.push({ method: 'GET', url: '/api/docs', auth: 'none', body: false });
  for (const name of OPERATION_NAMES)
    endpoints.push({ method: 'POST', url: `/admin/rpc/${name}`, auth: 'admin', body: true });
  return endpoints;
}

/** Every permission a key can hold (the contract's list; test/contract/resources.test.ts pins it). */
export const ALL_PERMISSIONS = PERMISSIONS.map((p) => p.id);
