import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PERMISSION_IDS,
  permissionLabel,
  RESOURCE_LIST,
  readPermission,
  RESOURCES,
  restActionsOf,
  writePermission,
  type Resource,
} from '../../../contract/index.js';
import { ENDPOINTS, type Endpoint } from '../../../main/core/access/permissions.js';
import { exampleInput, type MakeObject } from '../../support/example-input.js';
import { createHarness, errorOf, type Harness } from '../../support/server.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

/** Makes an object through the core, as a fixture (any kind of the table). */
const make: MakeObject = (r, body) =>
  (h.core as unknown as Record<string, { create(input: unknown): { id: string } }>)[r.list]!.create(body);

/**
 * A concrete request for an endpoint, with fresh fixtures for routes that change or delete them:
 * each object and each create body from its entry's example, an update from its update example
 * (test/support/example-input.ts), so a new object needs nothing here.
 */
async function requestFor(
  endpoint: Endpoint,
): Promise<{ method: Endpoint['method']; url: string; payload?: object }> {
  const resource = RESOURCES[endpoint.resource] as Resource;
  const fixtureId = async () => (await make(resource, await exampleInput(resource, make))).id;
  /** A state change's fixture is in the state it starts from: an accepted quote for convert. */
  const actionFixtureId = async () => {
    const id = await fixtureId();
    if (endpoint.action === 'convert') {
      h.core.quotes.send(id);
      h.core.quotes.accept(id);
    }
    return id;
  };
  const url = endpoint.url.includes(':id')
    ? endpoint.url.replace(':id', await (endpoint.kind === 'action' ? actionFixtureId() : fixtureId()))
    : endpoint.url;
  const payload =
    endpoint.method === 'POST' && endpoint.kind !== 'action'
      ? await exampleInput(resource, make)
      : endpoint.method === 'PATCH'
        ? ((resource.examples as { update?: object }).update ?? {})
        : undefined;
  return { method: endpoint.method, url, ...(payload ? { payload } : {}) };
}

describe('permission matrix: every permission against every endpoint', () => {
  it('covers every entry: its incoming methods, its two reads and its REST state changes (today 23: 22 and quotes’ convert)', () => {
    const expected = RESOURCE_LIST.reduce(
      (n, r) => n + r.incoming.methods.length + 2 + restActionsOf(r).length,
      0,
    );
    expect(ENDPOINTS).toHaveLength(expected);
    expect(ENDPOINTS.filter((e) => e.kind === 'action')).toEqual(
      RESOURCE_LIST.flatMap((r) =>
        restActionsOf(r).map((a) => ({
          method: 'POST',
          url: `/api/v1/${r.segment}/:id/${a.name}`,
          permission: writePermission(r),
          resource: r.key,
          kind: 'action',
          action: a.name,
        })),
      ),
    );
    expect(new Set(ENDPOINTS.map((e) => e.permission))).toEqual(
      new Set(RESOURCE_LIST.flatMap((r) => [writePermission(r), readPermission(r)])),
    );
  });

  for (const permission of PERMISSION_IDS) {
    it(`a key with only ${permission}`, async () => {
      const key = h.key([permission]);
      for (const endpoint of ENDPOINTS) {
        const res = await h.call(key, await requestFor(endpoint));
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
