/**
 * The business objects as contract operations: every `clients.*`,
 * `projects.*`, `tasks.*`, `timeEntries.*`, `quotes.*` and `invoices.*`
 * operation, each a thin call into its service. Update inputs are
 * `{ id, ...patch }`; delete answers `{ ok: true }`.
 */
import type { Core } from '../services.js';
import type { HandlerGroup, ObjectOps } from './types.js';

const OK = { ok: true } as const;

export function objectHandlers(core: Core): HandlerGroup<ObjectOps> {
  const { clients, projects, tasks, timeEntries, quotes, invoices } = core;
  return {
    'clients.list': (input) => clients.list(input),
    'clients.get': ({ id }) => clients.get(id),
    'clients.create': (input) => clients.create(input),
    'clients.update': ({ id, ...patch }) => clients.update(id, patch),
    'clients.delete': ({ id }) => (clients.delete(id), OK),

    'projects.list': (input) => projects.list(input),
    'projects.get': ({ id }) => projects.get(id),
    'projects.create': (input) => projects.create(input),
    'projects.update': ({ id, ...patch }) => projects.update(id, patch),
    'projects.delete': ({ id }) => (projects.delete(id), OK),

    'tasks.list': (input) => tasks.list(input),
    'tasks.get': ({ id }) => tasks.get(id),
    'tasks.create': (input) => tasks.create(input),
    'tasks.update': ({ id, ...patch }) => tasks.update(id, patch),
    'tasks.delete': ({ id }) => (tasks.delete(id), OK),
    'tasks.complete': ({ id }) => tasks.complete(id),

    'timeEntries.list': (input) => timeEntries.list(input),
    'timeEntries.get': ({ id }) => timeEntries.get(id),
    'timeEntries.create': (input) => timeEntries.create(input),
    'timeEntries.update': ({ id, ...patch }) => timeEntries.update(id, patch),
    'timeEntries.delete': ({ id }) => (timeEntries.delete(id), OK),

    'quotes.list': (input) => quotes.list(input),
    'quotes.get': ({ id }) => quotes.get(id),
    'quotes.create': (input) => quotes.create(input),
    'quotes.update': ({ id, ...patch }) => quotes.update(id, patch),
    'quotes.delete': ({ id }) => (quotes.delete(id), OK),
    'quotes.send': ({ id }) => quotes.send(id),
    'quotes.accept': ({ id }) => quotes.accept(id),
    'quotes.reject': ({ id }) => quotes.reject(id),

    'invoices.list': (input) => invoices.list(input),
    'invoices.get': ({ id }) => invoices.get(id),
    'invoices.create': (input) => invoices.create(input),
    'invoices.update': ({ id, ...patch }) => invoices.update(id, patch),
    'invoices.delete': ({ id }) => (invoices.delete(id), OK),
    'invoices.send': ({ id }) => invoices.send(id),
    'invoices.markPaid': ({ id }) => invoices.markPaid(id),
    'invoices.void': ({ id }) => invoices.void(id),
  };
}
