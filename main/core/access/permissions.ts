/**
 * Which permission each endpoint needs. Write does not imply read: a key made
 * for n8n to push tasks cannot list the owner's clients. Routes declare their
 * permission in `config.permission`; the access hook enforces it.
 */
import type { Permission } from '../../../contract/index.js';

/** The business objects the API exposes, by their URL segment. */
export const API_OBJECTS = ['tasks', 'projects', 'clients', 'time-entries', 'invoices', 'quotes'] as const;
export type ApiObject = (typeof API_OBJECTS)[number];

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Endpoint {
  method: HttpMethod;
  /** Fastify route URL, `:id` for the id. */
  url: string;
  permission: Permission;
}

const READ: Record<ApiObject, Permission> = {
  tasks: 'tasks:read',
  projects: 'projects:read',
  clients: 'clients:read',
  'time-entries': 'time_entries:read',
  invoices: 'invoices:read',
  quotes: 'quotes:read',
};

const INCOMING = '/api/v1/webhooks/incoming';

/** The incoming-webhook endpoints as the seed names them, and the read endpoints. */
export const ENDPOINTS: readonly Endpoint[] = [
  { method: 'POST', url: `${INCOMING}/tasks`, permission: 'tasks:write' },
  { method: 'PATCH', url: `${INCOMING}/tasks/:id`, permission: 'tasks:write' },
  { method: 'DELETE', url: `${INCOMING}/tasks/:id`, permission: 'tasks:write' },
  { method: 'POST', url: `${INCOMING}/clients`, permission: 'clients:write' },
  { method: 'PATCH', url: `${INCOMING}/clients/:id`, permission: 'clients:write' },
  { method: 'POST', url: `${INCOMING}/projects`, permission: 'projects:write' },
  { method: 'PATCH', url: `${INCOMING}/projects/:id`, permission: 'projects:write' },
  { method: 'POST', url: `${INCOMING}/time-entries`, permission: 'time_entries:create' },
  { method: 'POST', url: `${INCOMING}/invoices`, permission: 'invoices:create' },
  { method: 'POST', url: `${INCOMING}/quotes`, permission: 'quotes:create' },
  ...API_OBJECTS.flatMap((object): Endpoint[] => [
    { method: 'GET', url: `/api/v1/${object}`, permission: READ[object] },
    { method: 'GET', url: `/api/v1/${object}/:id`, permission: READ[object] },
  ]),
];

export function endpointPermission(method: HttpMethod, url: string): Permission {
  const found = ENDPOINTS.find((e) => e.method === method && e.url === url);
  if (!found) throw new Error(`No permission is defined for ${method} ${url}`);
  return found.permission;
}

/** Exact match only: no permission implies another. */
export const hasPermission = (granted: readonly string[], needed: Permission): boolean =>
  granted.includes(needed);
