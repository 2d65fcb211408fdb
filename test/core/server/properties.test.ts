/**
 * Property tests: random and malformed bodies, headers and ids never yield a
 * 5xx, and a refused call never writes anything (row counts unchanged).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { PERMISSION_IDS, RESOURCE_LIST, type ResourceEntry } from '../../../contract/index.js';
import { ENDPOINTS } from '../../../main/core/access/permissions.js';
import { createHarness, INCOMING, rowCounts, type Harness } from '../../support/server.js';

let h: Harness;
let key: string;
let clientId: string;
let projectId: string;
let taskId: string;
beforeAll(async () => {
  h = await createHarness();
  await h.admin('settings.update', { rateLimits: { incomingPerMinute: 0, apiCallsPerDay: 0 } });
  key = h.key([...PERMISSION_IDS]);
  clientId = h.core.clients.create({ name: 'Fixture' }).id;
  projectId = h.core.projects.create({ name: 'Fixture', clientId }).id;
  taskId = h.core.tasks.create({ title: 'Fixture', projectId }).id;
});
afterAll(() => h.close());

const WRITES = ENDPOINTS.filter((e) => e.method !== 'GET');
const RUNS = { numRuns: 120 };

function urlOf(endpoint: (typeof ENDPOINTS)[number]): string {
  const ids: Record<string, string> = { tasks: taskId, clients: clientId, projects: projectId };
  const object = endpoint.url.replace(/^\/api\/v1\/(webhooks\/incoming\/)?/, '').split('/')[0];
  return endpoint.url.replace(':id', ids[object] ?? 'x');
}

/** Sends one request and checks the two properties. */
async function check(
  options: Parameters<Harness['call']>[1],
  apiKey: string | undefined = key,
): Promise<number> {
  const before = rowCounts(h.core);
  const res = await h.call(apiKey, options);
  expect(res.statusCode, `${options.method} ${options.url} → ${res.body}`).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(rowCounts(h.core), `${options.method} ${options.url} ${res.statusCode}`).toEqual(before);
    expect(res.json().error.message).toEqual(expect.any(String));
  }
  return res.statusCode;
}

const idLike = (prefix: string) =>
  fc.oneof(fc.constant(`${prefix}_00000000000000000000000000`), fc.string(), fc.constant(null), fc.integer());

/** Mostly the valid value, sometimes a wrong one. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, wrong: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: wrong, weight: 1 });

const FIELDS = {
  title: mostly(
    fc.string({ minLength: 1, maxLength: 80 }),
    fc.oneof(fc.constant(''), fc.integer(), fc.constant(null)),
  ),
  name: mostly(
    fc.string({ minLength: 1, maxLength: 80 }),
    fc.oneof(fc.constant(''), fc.string({ minLength: 201 })),
  ),
  text: mostly(fc.option(fc.string({ maxLength: 100 }), { nil: null }), fc.integer()),
  taskStatus: mostly(fc.constantFrom('open', 'in_progress', 'done'), fc.constantFrom('nope', 7)),
  projectStatus: mostly(fc.constantFrom('active', 'on_hold', 'completed', 'archived'), fc.constant('open')),
  date: mostly(
    fc.constantFrom('2026-02-28', '2026-12-31', null),
    fc.constantFrom('2026-02-30', '2026-13-01', '', 'soon'),
  ),
  email: mostly(fc.emailAddress(), fc.string()),
  clientId: mostly(fc.constant('CLIENT'), idLike('cli')),
  projectId: mostly(fc.constantFrom('PROJECT', null), idLike('prj')),
  taskId: mostly(fc.constantFrom('TASK', null), idLike('tsk')),
  minutes: mostly(fc.integer({ min: 1, max: 600 }), fc.oneof(fc.integer({ min: -10, max: 0 }), fc.double())),
  time: mostly(fc.constantFrom('2026-01-15T09:00:00Z', '2026-01-15T10:30:00.000Z'), fc.string()),
  billable: mostly(fc.boolean(), fc.string()),
  currency: mostly(fc.constantFrom('EUR', 'USD'), fc.constantFrom('eur', 'EURO', '')),
  items: mostly(
    fc.array(
      fc.record({
        description: fc.string({ minLength: 1, maxLength: 30 }),
        quantity: mostly(
          fc.integer({ min: 1, max: 1000 }),
          fc.oneof(fc.constant(0), fc.double({ noNaN: true })),
        ),
        unitPrice: mostly(
          fc.integer({ min: -100_000, max: 10_000_000 }),
          fc.oneof(fc.maxSafeInteger(), fc.double()),
        ),
        taxRate: mostly(
          fc.constantFrom(0, 7, 19),
          fc.oneof(fc.integer({ min: -1, max: 101 }), fc.double({ noNaN: true })),
        ),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    fc.constant([]),
  ),
};
const F = FIELDS;
const shaped = (shape: Record<string, fc.Arbitrary<unknown>>) => fc.record(shape, { requiredKeys: [] });

/**
 * Each object's body shaped like its create schema (every field of it, from the resource table),
 * with some parts wrong: a field takes its arbitrary from FIELDS by name, else from the hand-made
 * shapes below, else its entry's example value (mostly) or a value of another type.
 */
function bodyOf(segment: string): fc.Arbitrary<Record<string, unknown>> {
  const entry = (RESOURCE_LIST as readonly ResourceEntry[]).find((r) => r.segment === segment);
  if (!entry) throw new Error(`no object at ${segment}`);
  const example = entry.examples.create as Record<string, unknown>;
  const fields = Object.keys((entry.schemas.create as z.ZodObject).shape);
  const generic = (field: string) =>
    (FIELDS as Record<string, fc.Arbitrary<unknown>>)[field] ??
    mostly(fc.constant(example[field]), fc.oneof(fc.string(), fc.integer(), fc.constant(null)));
  return shaped({ ...Object.fromEntries(fields.map((f) => [f, generic(f)])), ...BODIES[segment] });
}

/** Hand-made shapes where a field's name alone does not say what to send (a description is text). */
const BODIES: Record<string, Record<string, fc.Arbitrary<unknown>>> = {
  tasks: {
    title: F.title,
    description: F.text,
    status: F.taskStatus,
    dueDate: F.date,
    projectId: F.projectId,
  },
  clients: {
    name: F.name,
    email: F.email,
    phone: F.text,
    company: F.text,
    address: F.text,
    notes: F.text,
  },
  projects: { name: F.name, clientId: F.clientId, status: F.projectStatus, description: F.text },
  'time-entries': {
    projectId: F.projectId,
    taskId: F.taskId,
    description: F.text,
    minutes: F.minutes,
    startedAt: F.time,
    endedAt: F.time,
    billable: F.billable,
  },
  invoices: {
    clientId: F.clientId,
    projectId: F.projectId,
    currency: F.currency,
    issueDate: F.date,
    dueDate: F.date,
    items: F.items,
    notes: F.text,
  },
  quotes: {
    clientId: F.clientId,
    projectId: F.projectId,
    currency: F.currency,
    validUntil: F.date,
    items: F.items,
    notes: F.text,
  },
};

/** Puts the fixtures' real ids where the arbitraries left placeholders. */
const withIds = (body: Record<string, unknown>) =>
  JSON.parse(
    JSON.stringify(body)
      .replaceAll('"CLIENT"', JSON.stringify(clientId))
      .replaceAll('"PROJECT"', JSON.stringify(projectId))
      .replaceAll('"TASK"', JSON.stringify(taskId)),
  ) as object;

describe('random and malformed input never yields a 5xx nor half-writes', () => {
  it('any JSON value as the body of any write endpoint', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...WRITES), fc.jsonValue(), async (endpoint, body) => {
        await check({
          method: endpoint.method,
          url: urlOf(endpoint),
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
      }),
      RUNS,
    );
  });

  it('the hand-made shapes name only fields of their object’s create schema', () => {
    for (const [segment, shape] of Object.entries(BODIES)) {
      const entry = (RESOURCE_LIST as readonly ResourceEntry[]).find((r) => r.segment === segment);
      const fields = Object.keys((entry!.schemas.create as z.ZodObject).shape);
      expect(fields, segment).toEqual(expect.arrayContaining(Object.keys(shape)));
    }
  });

  it('bodies shaped like the real ones, with wrong parts', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc
          // A state change (quotes' convert) takes no body to shape.
          .constantFrom(...WRITES.filter((e) => e.method !== 'DELETE' && e.kind !== 'action'))
          .chain((endpoint) => fc.tuple(fc.constant(endpoint), bodyOf(endpoint.url.split('/')[5]))),
        async ([endpoint, body]) => {
          seen.add(await check({ method: endpoint.method, url: urlOf(endpoint), payload: withIds(body) }));
        },
      ),
      { numRuns: 300 },
    );
    // Not vacuous: some of these reach the domain and succeed, others are refused there.
    expect([...seen].some((s) => s < 300)).toBe(true);
    expect(seen.has(422)).toBe(true);
  });

  it('malformed text with any content type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...WRITES),
        fc.string({ maxLength: 200 }),
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          '',
          'application/json; charset=latin1',
          '*/*',
        ),
        async (endpoint, text, contentType) => {
          await check({
            method: endpoint.method,
            url: urlOf(endpoint),
            headers: contentType ? { 'content-type': contentType } : {},
            payload: text,
          });
        },
      ),
      RUNS,
    );
  });

  it('random Authorization and Idempotency-Key headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.constant(key),
          fc.string().map((s) => `ik_live_${s}`),
        ),
        fc.option(
          fc.string({ maxLength: 300 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
          { nil: undefined },
        ),
        async (auth, idempotencyKey) => {
          const headers: Record<string, string> = {};
          if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
          const before = rowCounts(h.core);
          const res = await h.app.inject({
            method: 'POST',
            url: `${INCOMING}/clients`,
            headers: { authorization: auth.replace(/[\r\n]/g, ''), ...headers },
            payload: { name: '' },
          });
          expect(res.statusCode).toBeLessThan(500);
          expect(res.statusCode).toBeGreaterThanOrEqual(400);
          expect(rowCounts(h.core)).toEqual(before);
        },
      ),
      RUNS,
    );
  });

  it('random ids and query strings on the read endpoints', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS.filter((e) => e.method === 'GET')),
        fc.string(),
        fc.dictionary(fc.constantFrom('limit', 'cursor', 'search', 'other'), fc.string()),
        async (endpoint, id, query) => {
          const url = `${endpoint.url.replace(':id', encodeURIComponent(id) || 'x')}?${new URLSearchParams(query)}`;
          const res = await h.call(key, { method: 'GET', url });
          expect(res.statusCode, `${url} → ${res.body}`).toBeLessThan(500);
        },
      ),
      RUNS,
    );
  });
});
