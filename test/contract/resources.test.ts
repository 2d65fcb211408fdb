/**
 * The resource table is the one source of every business object's names:
 * each operation, route, permission, event, id prefix, example, sample event
 * and navigation entry for an object is derived from its entry, and the
 * modules that use them spell none of its names themselves. The derived
 * labels are the seed's and today's, word for word.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EVENT_GROUPS,
  EVENT_ORDER,
  EVENT_READ_PERMISSION,
  EVENT_TYPES,
  OPERATION_NAMES,
  operations,
  PERMISSIONS,
  RESOURCE_LIST,
  RESOURCES,
  WINDOW_ORDER,
  type Resource,
} from '../../contract/index.js';
import { AMOUNT_FIELDS, REFERENCED_KEYS, referrersOf } from '../../contract/resources.js';
import { ID_PREFIXES } from '../../contract/id-prefixes.js';
import { ENDPOINTS } from '../../main/core/access/permissions.js';
import { newId } from '../../main/core/ids.js';
import { sampleData } from '../../main/core/dispatcher/sample-events.js';
import { EXAMPLES } from '../../main/core/server/routes/object-examples.js';

const CRUD = ['list', 'get', 'create', 'update', 'delete'];
const actionsOf = (r: Resource) => Object.keys(r.actions);
const eventsOf = (r: Resource) => r.events.map((suffix) => `${r.event}.${suffix}`);

describe('the resource table', () => {
  it('names each object once: no two entries share a key, group, segment, stem, prefix or label', () => {
    for (const field of [
      'key',
      'list',
      'segment',
      'permission',
      'event',
      'prefix',
      'label',
      'path',
    ] as const) {
      const values = RESOURCE_LIST.map((r) => r[field]);
      expect(new Set(values).size, field).toBe(values.length);
    }
    expect([...WINDOW_ORDER].sort()).toEqual(Object.keys(RESOURCES).sort());
    expect([...EVENT_ORDER].sort()).toEqual(Object.keys(RESOURCES).sort());
  });

  it('holds the time entry in all its forms', () => {
    expect(RESOURCES.timeEntry).toMatchObject({
      key: 'timeEntry',
      list: 'timeEntries',
      segment: 'time-entries',
      permission: 'time_entries',
      event: 'time_entry',
      prefix: 'tim',
      noun: 'time entry',
      plural: 'time entries',
      label: 'Time',
      path: '/time',
    });
  });

  it('every object operation is derived from an entry: its CRUD and its state changes, nothing else', () => {
    const expected = RESOURCE_LIST.flatMap((r) =>
      [...CRUD, ...actionsOf(r)].map((name) => `${r.list}.${name}`),
    );
    const groups = new Set<string>(RESOURCE_LIST.map((r) => r.list));
    const objectOps = OPERATION_NAMES.filter((name) => groups.has(name.split('.')[0]));
    expect(objectOps.sort()).toEqual(expected.sort());
    for (const r of RESOURCE_LIST) {
      const id = newId(r.key, Date.UTC(2026, 0, 1));
      expect(id.startsWith(`${r.prefix}_`)).toBe(true);
      expect(operations[`${r.list}.get` as 'tasks.get'].input.safeParse({ id }).success, r.key).toBe(true);
      const other = RESOURCE_LIST.find((o) => o !== r)!;
      expect(
        operations[`${r.list}.get` as 'tasks.get'].input.safeParse({ id: newId(other.key, 0) }).success,
      ).toBe(false);
      expect(ID_PREFIXES[r.key]).toBe(r.prefix);
    }
    expect(actionsOf(RESOURCES.task)).toEqual(['complete']);
    expect(actionsOf(RESOURCES.quote)).toEqual(['send', 'accept', 'reject', 'convert']);
    // convert answers the invoice it made, every other state change its own object.
    const invoiceId = newId('invoice', Date.UTC(2026, 0, 1));
    const converted = RESOURCES.invoice.sample({ now: 0, event: 'created', ids: { invoice: invoiceId } });
    expect(operations['quotes.convert'].output).toBe(RESOURCES.invoice.schemas.item);
    expect(operations['quotes.accept'].output).toBe(RESOURCES.quote.schemas.item);
    expect(RESOURCES.invoice.schemas.item.shape.quoteId.safeParse(newId('quote', 0)).success).toBe(true);
    expect(RESOURCES.invoice.schemas.item.shape.quoteId.safeParse(newId('task', 0)).success).toBe(false);
    expect(converted).toMatchObject({ id: invoiceId, status: 'draft' });
    expect(actionsOf(RESOURCES.invoice)).toEqual(['send', 'markPaid', 'void']);
  });

  it('every route and its permission are derived from an entry', () => {
    const expected = RESOURCE_LIST.flatMap((r) => [
      ...r.incoming.methods.map((method) => ({
        method,
        url: `/api/v1/webhooks/incoming/${r.segment}${method === 'POST' ? '' : '/:id'}`,
        permission: `${r.permission}:${r.incoming.access}`,
      })),
      { method: 'GET', url: `/api/v1/${r.segment}`, permission: `${r.permission}:read` },
      { method: 'GET', url: `/api/v1/${r.segment}/:id`, permission: `${r.permission}:read` },
      ...Object.entries(r.actions as Record<string, { rest?: object }>)
        .filter(([, spec]) => spec.rest)
        .map(([name]) => ({
          method: 'POST',
          url: `/api/v1/${r.segment}/:id/${name}`,
          permission: `${r.permission}:${r.incoming.access}`,
        })),
    ]);
    expect(ENDPOINTS.map(({ method, url, permission }) => ({ method, url, permission }))).toEqual(expected);
    const incoming = Object.fromEntries(RESOURCE_LIST.map((r) => [r.segment, r.incoming.methods.join(' ')]));
    expect(incoming).toEqual({
      tasks: 'POST PATCH DELETE',
      projects: 'POST PATCH',
      clients: 'POST PATCH',
      'time-entries': 'POST',
      invoices: 'POST',
      quotes: 'POST',
    });
    // The one state change over REST: converting an accepted quote, with the quotes' write permission.
    expect(
      ENDPOINTS.filter((e) => e.kind === 'action').map((e) => `${e.method} ${e.url} ${e.permission}`),
    ).toEqual(['POST /api/v1/quotes/:id/convert quotes:create']);
  });

  it('every permission of an object is derived from its entry, in the seed’s words', () => {
    const objectPermissions = PERMISSIONS.filter((p) => p.id !== 'webhooks:manage');
    expect(objectPermissions.map((p) => p.id).sort()).toEqual(
      RESOURCE_LIST.flatMap((r) => [`${r.permission}:${r.incoming.access}`, `${r.permission}:read`]).sort(),
    );
    // The one pin of every permission id, in the seed's order: a change here changes the contract.
    expect(PERMISSIONS.map((p) => p.id)).toEqual([
      'tasks:write',
      'projects:write',
      'clients:write',
      'time_entries:create',
      'invoices:create',
      'quotes:create',
      'tasks:read',
      'projects:read',
      'clients:read',
      'time_entries:read',
      'invoices:read',
      'quotes:read',
      'webhooks:manage',
    ]);
    expect(PERMISSIONS.map((p) => p.label)).toEqual([
      'Create/edit/delete tasks',
      'Create/edit projects',
      'Create/edit clients',
      'Create time entries',
      'Create invoices',
      'Create quotes',
      'Read tasks',
      'Read projects',
      'Read clients',
      'Read time entries',
      'Read invoices',
      'Read quotes',
      'Manage webhook subscriptions',
    ]);
  });

  it('every event of an object is derived from its entry, its state changes raise their own (or the object they make), and each needs the read permission', () => {
    expect(EVENT_TYPES).toEqual([
      ...EVENT_ORDER.flatMap((key) => eventsOf(RESOURCES[key])),
      'webhook.test',
      'webhook.failing',
      'webhook.disabled',
      'webhook.recovered',
    ]);
    // The webhook health events name the owner's webhooks: the REST-hooks permission, there being no webhooks:read.
    for (const type of ['webhook.failing', 'webhook.disabled', 'webhook.recovered'] as const)
      expect(EVENT_READ_PERMISSION[type]).toBe('webhooks:manage');
    expect(EVENT_READ_PERMISSION['webhook.test']).toBeNull();
    for (const r of RESOURCE_LIST) {
      for (const { event } of Object.values(r.actions)) {
        if (event.includes('.')) expect(EVENT_TYPES, `${r.key} ${event}`).toContain(event);
        else expect(r.events, `${r.key} ${event}`).toContain(event);
      }
      for (const type of eventsOf(r))
        expect(EVENT_READ_PERMISSION[type as 'task.created']).toBe(`${r.permission}:read`);
    }
    expect(RESOURCES.quote.actions.convert.event).toBe('invoice.created');
    expect(EVENT_GROUPS).toEqual([
      {
        label: 'Invoices',
        events: [
          'invoice.created',
          'invoice.updated',
          'invoice.sent',
          'invoice.paid',
          'invoice.overdue',
          'invoice.voided',
          'invoice.deleted',
        ],
      },
      {
        label: 'Quotes',
        events: [
          'quote.created',
          'quote.updated',
          'quote.sent',
          'quote.accepted',
          'quote.rejected',
          'quote.expired',
        ],
      },
      { label: 'Clients', events: ['client.created', 'client.updated', 'client.deleted'] },
      { label: 'Tasks', events: ['task.created', 'task.updated', 'task.completed', 'task.deleted'] },
      { label: 'Projects', events: ['project.created', 'project.updated', 'project.deleted'] },
      { label: 'Time', events: ['time_entry.created', 'time_entry.updated', 'time_entry.deleted'] },
      { label: 'Webhook health', events: ['webhook.failing', 'webhook.disabled', 'webhook.recovered'] },
    ]);
  });

  it('the examples are the entries’ own, valid for their schemas; an object with PATCH has an update example', () => {
    for (const r of RESOURCE_LIST) {
      const examples: { create: unknown; update?: unknown } = r.examples;
      expect(EXAMPLES[`${r.key}Create` as 'taskCreate']).toBe(examples.create);
      expect(r.schemas.create.safeParse(examples.create).error, r.key).toBeUndefined();
      if ((r.incoming.methods as readonly string[]).includes('PATCH')) {
        expect(EXAMPLES[`${r.key}Update` as 'taskUpdate']).toBe(examples.update);
        expect(r.schemas.update.safeParse(examples.update).error, r.key).toBeUndefined();
      }
    }
  });

  it('each sample event is its entry’s sample, a valid item in the state its event leaves it', () => {
    const now = Date.UTC(2026, 4, 1, 12);
    const hook = { id: 'whk_x', name: 'n8n' };
    for (const r of RESOURCE_LIST) {
      for (const type of eventsOf(r)) {
        const data = sampleData(type as 'task.created', now, hook);
        expect(r.schemas.item.safeParse(data).error, type).toBeUndefined();
        expect(String(data.id).startsWith(`${r.prefix}_`), type).toBe(true);
      }
    }
    expect(sampleData('invoice.paid', now, hook)).toMatchObject({
      status: 'paid',
      paidAt: '2026-05-01T12:00:00.000Z',
    });
    expect(sampleData('invoice.voided', now, hook)).toMatchObject({ status: 'void' });
    expect(sampleData('quote.accepted', now, hook)).toMatchObject({ status: 'accepted' });
    expect(sampleData('quote.expired', now, hook)).toMatchObject({
      status: 'expired',
      validUntil: '2026-04-30',
    });
    expect(sampleData('task.completed', now, hook)).toMatchObject({ status: 'done' });
    expect(sampleData('webhook.test', now, hook)).toMatchObject({ webhookId: 'whk_x', webhookName: 'n8n' });
  });

  it('each reference names an entry, by a field its item and create schemas hold; today’s references, pinned', () => {
    for (const r of RESOURCE_LIST) {
      const item = (r.schemas.item as unknown as { shape: Record<string, unknown> }).shape;
      const create = (r.schemas.create as unknown as { shape: Record<string, unknown> }).shape;
      for (const [field, target] of Object.entries(r.references as Record<string, string>)) {
        expect(Object.keys(RESOURCES), `${r.key}.${field}`).toContain(target);
        expect(Object.keys(item), `${r.key}.${field} in the item`).toContain(field);
        expect(Object.keys(create), `${r.key}.${field} in create`).toContain(field);
      }
    }
    // Who refers to whom, in the order a refused delete counts them: a change here changes the contract.
    expect(
      Object.fromEntries(
        REFERENCED_KEYS.map((k) => [
          k,
          referrersOf(k).map(({ referrer, field }) => `${referrer.list}.${field}`),
        ]),
      ),
    ).toEqual({
      client: ['projects.clientId', 'quotes.clientId', 'invoices.clientId'],
      project: ['tasks.projectId', 'timeEntries.projectId', 'quotes.projectId', 'invoices.projectId'],
      task: ['timeEntries.taskId'],
    });
  });

  it('the window lists the objects by their entries: today’s labels, paths and order', () => {
    expect(WINDOW_ORDER.map((key) => [RESOURCES[key].label, RESOURCES[key].path])).toEqual([
      ['Clients', '/clients'],
      ['Projects', '/projects'],
      ['Tasks', '/tasks'],
      ['Time', '/time'],
      ['Quotes', '/quotes'],
      ['Invoices', '/invoices'],
    ]);
  });

  it('the money fields of the creates, found from their schemas: today the line items’ unit price', () => {
    expect(AMOUNT_FIELDS).toEqual(['unitPrice']);
  });

  it('the modules derived from the table spell no object’s names themselves', () => {
    const derived = [
      'contract/operations.ts',
      'contract/object-operations.ts',
      'contract/integrations.ts',
      'contract/id-prefixes.ts',
      'main/core/ids.ts',
      'main/core/handlers/objects.ts',
      'main/core/handlers/object-services.ts',
      'main/core/handlers/types.ts',
      'main/core/access/permissions.ts',
      'main/core/server/routes/objects.ts',
      'main/core/server/routes/object-examples.ts',
      'main/core/dispatcher/sample-events.ts',
      'main/core/store/repositories/references.ts',
      'renderer/src/App.tsx',
    ];
    for (const file of derived) {
      // Comments may name objects as examples; code may not.
      const code = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      for (const r of RESOURCE_LIST) {
        for (const name of [r.list, r.segment, `${r.permission}:`, `${r.event}.`, r.label]) {
          expect(code.includes(`'${name}`), `${file} spells '${name}…`).toBe(false);
          expect(code.includes(`/${name}`), `${file} spells /${name}`).toBe(false);
        }
        expect(code.includes(`'${r.prefix}'`), `${file} spells '${r.prefix}'`).toBe(false);
      }
    }
  });
});
