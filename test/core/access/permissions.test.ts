import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_IDS, permissionLabel } from '../../../contract/index.js';
import { ENDPOINTS, type Endpoint } from '../../../main/core/access/permissions.js';
import { createHarness, errorOf, type Harness } from '../../support/server.js';

let h: Harness;
let clientId: string;
beforeAll(async () => {
  h = await createHarness();
  clientId = h.core.clients.create({ name: 'Fixture client' }).id;
});
afterAll(() => h.close());

const items = [{ description: 'Work', quantity: 1, unitPrice: 1000 }];

/** A concrete request for an endpoint, with fresh fixtures for routes that change or delete them. */
function requestFor(endpoint: Endpoint): { method: Endpoint['method']; url: string; payload?: object } {
  const { core } = h;
  const object = endpoint.url.replace(/^\/api\/v1\/(webhooks\/incoming\/)?/, '').split('/')[0];
  const fixtureId = () => {
    switch (object) {
      case 'tasks':
        return core.tasks.create({ title: 'Fixture task' }).id;
      case 'clients':
        return clientId;
      case 'projects':
        return core.projects.create({ name: 'Fixture project' }).id;
      case 'time-entries':
        return core.timeEntries.create({ minutes: 5 }).id;
      case 'invoices':
        return core.invoices.create({ clientId, items }).id;
      case 'quotes':
        return core.quotes.create({ clientId, items }).id;
    }
    throw new Error(`no fixture for ${object}`);
  };
  /** A state change's fixture is in the state it starts from: an accepted quote for convert. */
  const actionFixtureId = () => {
    const id = fixtureId();
    if (endpoint.action === 'convert') {
      core.quotes.send(id);
      core.quotes.accept(id);
    }
    return id;
  };
  const id = () => (endpoint.kind === 'action' ? actionFixtureId() : fixtureId());
  const url = endpoint.url.includes(':id') ? endpoint.url.replace(':id', id()) : endpoint.url;
  const bodies: Record<string, object> = {
    'POST tasks': { title: 'Created by the matrix' },
    'PATCH tasks': { title: 'Renamed' },
    'POST clients': { name: 'Matrix client' },
    'PATCH clients': { notes: 'Edited' },
    'POST projects': { name: 'Matrix project' },
    'PATCH projects': { status: 'on_hold' },
    'POST time-entries': { minutes: 15 },
    'POST invoices': { clientId, items },
    'POST quotes': { clientId, items },
  };
  const payload = bodies[`${endpoint.method} ${object}`];
  return { method: endpoint.method, url, ...(payload ? { payload } : {}) };
}

describe('permission matrix: every permission against every endpoint', () => {
  it('covers the seed six and the read permissions on 23 endpoints (22 and quotes’ convert)', () => {
    expect(ENDPOINTS).toHaveLength(23);
    expect(ENDPOINTS.filter((e) => e.kind === 'action')).toEqual([
      {
        method: 'POST',
        url: '/api/v1/quotes/:id/convert',
        permission: 'quotes:create',
        resource: 'quote',
        kind: 'action',
        action: 'convert',
      },
    ]);
    expect(new Set(ENDPOINTS.map((e) => e.permission)).size).toBe(12);
  });

  for (const permission of PERMISSION_IDS) {
    it(`a key with only ${permission}`, async () => {
      const key = h.key([permission]);
      for (const endpoint of ENDPOINTS) {
        const res = await h.call(key, requestFor(endpoint));
        const label = `${permission} → ${endpoint.method} ${endpoint.url}`;
        expect(res.statusCode, label).toBeLessThan(500);
        if (endpoint.permission === permission) {
          const expected = endpoint.method === 'POST' ? 201 : endpoint.method === 'DELETE' ? 204 : 200;
          expect(res.statusCode, `${label}: ${res.body}`).toBe(expected);
        } else {
          expect(res.statusCode, label).toBe(403);
          expect(errorOf(res).message, label).toBe(
            `This key may not ${permissionLabel(endpoint.permission)} (${endpoint.permission})`,
          );
        }
      }
    });
  }

  it('write does not imply read, and read does not imply write', async () => {
    const writer = h.key(['tasks:write']);
    const reader = h.key(['tasks:read']);
    expect((await h.call(writer, { method: 'GET', url: '/api/v1/tasks' })).statusCode).toBe(403);
    const created = await h.call(reader, {
      method: 'POST',
      url: '/api/v1/webhooks/incoming/tasks',
      payload: { title: 'x' },
    });
    expect(created.statusCode).toBe(403);
  });

  it('every other keyed route in the OpenAPI document (REST hooks) answers only its own permission; /me any key', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, { security?: unknown; description?: string }>>;
    };
    const known = new Set(ENDPOINTS.map((e) => `${e.method} ${e.url.replace(/:(\w+)/g, '{$1}')}`));
    const others = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => Array.isArray(op.security) && op.security.length > 0)
        .filter(([method]) => !known.has(`${method.toUpperCase()} ${path}`))
        .map(([method, op]) => ({
          method: method.toUpperCase() as 'GET' | 'POST' | 'DELETE' | 'PATCH',
          url: path.replace(/\{\w+\}/g, 'whk_00000000000000000000000000'),
          permission: PERMISSION_IDS.find((p) => op.description?.includes(`\`${p}\``)),
          anyKey: op.description?.includes('(no permission needed)') ?? false,
        })),
    );
    expect(others.length).toBeGreaterThan(0);
    expect(
      others
        .filter((route) => route.anyKey)
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
    ).toEqual(['GET /api/v1/event-types', 'GET /api/v1/events', 'GET /api/v1/me']);
    for (const route of others.filter((r) => r.anyKey)) {
      expect(route.permission, `${route.method} ${route.url} names no permission`).toBeUndefined();
      for (const granted of [[], ...PERMISSION_IDS.map((p) => [p])]) {
        const res = await h.call(h.key(granted), { method: route.method, url: route.url });
        expect(res.statusCode, `${granted.join() || 'none'} → ${route.method} ${route.url}`).toBe(200);
      }
    }
    for (const route of others.filter((r) => !r.anyKey)) {
      expect(route.permission, `${route.method} ${route.url} names its permission`).toBeDefined();
      for (const permission of PERMISSION_IDS) {
        const res = await h.call(h.key([permission]), {
          method: route.method,
          url: route.url,
          ...(route.method === 'POST' || route.method === 'PATCH' ? { payload: {} } : {}),
        });
        const label = `${permission} → ${route.method} ${route.url}`;
        expect(res.statusCode, label).toBeLessThan(500);
        if (permission === route.permission) expect(res.statusCode, label).not.toBe(403);
        else expect(res.statusCode, label).toBe(403);
      }
    }
  });
});
