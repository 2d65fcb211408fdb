/**
 * The OpenAPI document against the server's real answers. Each operation is
 * called for its success and for every failure its kind of route can meet
 * (no key, a key without the permission or outside its IP whitelist, the rate
 * limit, a database that cannot be written, an unknown id, a malformed URL,
 * malformed JSON, no body, a body over 1 MiB, another content type, invalid
 * fields, a conflict). Each answer must be a status the document lists for
 * that operation, with a body its schema accepts and the headers it requires;
 * and each status the document lists must have been answered, so the document
 * claims nothing the server does not do.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readPermission,
  RESOURCE_LIST,
  writePermission,
  type Permission,
  type Resource,
  type ResourceEntry,
} from '../../../contract/index.js';
import { exampleInput, type MakeObject } from '../../support/example-input.js';
import { EXAMPLES } from '../../../main/core/server/routes/object-examples.js';
import { createHarness, errorOf, INCOMING, type Harness } from '../../support/server.js';
import {
  errorsText,
  operationsOf,
  schemaValidator,
  type OpenApiDocument,
  type OperationObject,
} from './openapi-schema.js';
import { storeOf } from '../../../main/core/store/database.js';
import { outboxBodies } from '../../support/outbox-bodies.js';

let h: Harness;
let doc: OpenApiDocument;
let operations: Map<string, OperationObject>;
let validatorFor: ReturnType<typeof schemaValidator>;
/** A key that may create everything, for the objects a case needs first. */
let setupKey: string;

beforeAll(async () => {
  h = await createHarness();
  const res = await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
  operations = operationsOf(doc);
  validatorFor = schemaValidator(doc);
  setupKey = h.key(RESOURCE_LIST.map((r) => writePermission(r) as Permission));
});
afterAll(() => h.close());

const items = [{ description: 'Design', quantity: 2, unitPrice: 5000, taxRate: 19 }];
const subscription = { url: 'https://n8n.example.com/webhook/dversum-tasks', events: ['task.created'] };

async function created(segment: string, body: object): Promise<string> {
  const res = await h.call(setupKey, { method: 'POST', url: `${INCOMING}/${segment}`, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}
const newClient = () => created('clients', { name: 'Anna Schmidt' });
const newTask = () => created('tasks', { title: 'Call Anna' });
const SETUP: Record<string, () => Promise<string>> = {
  tasks: newTask,
  clients: newClient,
  projects: async () => created('projects', { name: 'Relaunch', clientId: await newClient() }),
  'time-entries': () => created('time-entries', { minutes: 30 }),
  invoices: async () => created('invoices', { clientId: await newClient(), currency: 'EUR', items }),
  quotes: async () => created('quotes', { clientId: await newClient(), currency: 'EUR', items }),
};
const entryAt = (segment: string): Resource => {
  const entry = RESOURCE_LIST.find((r) => r.segment === segment);
  if (!entry) throw new Error(`no object at ${segment}`);
  return entry;
};
const makeObject: MakeObject = async (r, body) => ({ id: await created(r.segment, body) });
/** A valid create of `r` from its entry's example, the objects it names made first. */
const exampleBody = (r: Resource) => exampleInput(r, makeObject);
/** A new object at `segment`: the hand-made setup above, else from its entry's example. */
const setup = async (segment: string): Promise<string> =>
  SETUP[segment] ? SETUP[segment]() : created(segment, await exampleBody(entryAt(segment)));

/** A quote sent and accepted (in the window), so it may be converted. */
async function acceptedQuote(): Promise<string> {
  const id = await SETUP.quotes();
  h.core.quotes.send(id);
  h.core.quotes.accept(id);
  return id;
}
async function subscribed(key: string): Promise<string> {
  const res = await h.call(key, { method: 'POST', url: '/api/v1/webhooks', payload: subscription });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  payload?: object;
}
interface OperationCase {
  /** The permission the operation needs; null: any valid key; absent for the open ones. */
  permission?: Permission | null;
  /** The other permissions the success needs (a subscription's events need their read permission). */
  alsoNeeds?: Permission[];
  /** The calls that succeed, each after its own setup (`key` holds the permissions above). */
  successes: (key: string) => Promise<Call[]>;
  /** A list: its query is validated. */
  query?: true;
  /** Calls that fail in a way only this operation can, with the status they get. */
  specific?: (key: string) => Promise<{ call: Call; status: number }[]>;
  /** Answers 503 while a restore runs (availability.ts): the first success is sent again then. */
  unavailable?: true;
}

const read = (segment: string, permission: Permission): Record<string, OperationCase> => ({
  [`GET /api/v1/${segment}`]: {
    permission,
    query: true,
    successes: async () => {
      await setup(segment);
      return [
        { method: 'GET', url: `/api/v1/${segment}` },
        { method: 'GET', url: `/api/v1/${segment}?limit=1&search=a` },
      ];
    },
  },
  [`GET /api/v1/${segment}/{id}`]: {
    permission,
    successes: async () => [{ method: 'GET', url: `/api/v1/${segment}/${await setup(segment)}` }],
  },
});
const create = (segment: string, permission: Permission, body: () => Promise<object>) => ({
  [`POST ${INCOMING}/${segment}`]: {
    permission,
    successes: async () => [{ method: 'POST', url: `${INCOMING}/${segment}`, payload: await body() }],
  } satisfies OperationCase,
});
const update = (segment: string, permission: Permission, body: object) => ({
  [`PATCH ${INCOMING}/${segment}/{id}`]: {
    permission,
    successes: async () => [
      { method: 'PATCH', url: `${INCOMING}/${segment}/${await setup(segment)}`, payload: body },
    ],
  } satisfies OperationCase,
});

/** A sent invoice's documentUrl (its invoice.sent event's), as a path and query to call. */
async function documentLink(): Promise<string> {
  const id = await SETUP.invoices();
  h.core.invoices.send(id);
  const row = outboxBodies(storeOf(h.core.store).sqlite, "type = 'invoice.sent'").at(-1)!;
  const url = new URL((JSON.parse(row.body) as { data: { documentUrl: string } }).data.documentUrl);
  return `${url.pathname}${url.search}`;
}

/**
 * An object's operations from its entry: create, update and delete as its incoming methods
 * offer them (with its write permission and its own examples), list and get with its read
 * permission. The cases below replace one where an object needs its own setup or failures.
 */
function objectCases(r: Resource): Record<string, OperationCase> {
  const methods = r.incoming.methods as readonly string[];
  const write = writePermission(r) as Permission;
  const deleteCase: OperationCase = {
    permission: write,
    successes: async () => [{ method: 'DELETE', url: `${INCOMING}/${r.segment}/${await setup(r.segment)}` }],
  };
  return {
    ...(methods.includes('POST') ? create(r.segment, write, () => exampleBody(r)) : {}),
    ...(methods.includes('PATCH')
      ? update(r.segment, write, (r as ResourceEntry).examples.update as object)
      : {}),
    ...(methods.includes('DELETE') ? { [`DELETE ${INCOMING}/${r.segment}/{id}`]: deleteCase } : {}),
    ...read(r.segment, readPermission(r) as Permission),
  };
}

/** Every operation the document should have, with the calls that exercise it. */
const CASES: Record<string, OperationCase> = {
  ...Object.fromEntries(RESOURCE_LIST.flatMap((r) => Object.entries(objectCases(r)))),
  'GET /healthz': { unavailable: true, successes: async () => [{ method: 'GET', url: '/healthz' }] },
  'GET /api/v1/openapi.json': {
    successes: async () => [
      { method: 'GET', url: '/api/v1/openapi.json' },
      { method: 'GET', url: '/api/v1/openapi.json?lang=de' },
    ],
    specific: async () => [
      { call: { method: 'GET', url: '/api/v1/openapi.json?lang=fr' }, status: 422 },
      { call: { method: 'GET', url: '/api/v1/openapi.json?lnag=de' }, status: 422 },
    ],
  },
  'GET /api/v1/me': { permission: null, successes: async () => [{ method: 'GET', url: '/api/v1/me' }] },
  'GET /api/v1/event-types': {
    permission: null,
    successes: async () => [{ method: 'GET', url: '/api/v1/event-types' }],
  },
  'GET /api/v1/events': {
    permission: null,
    // So the page holds an item: the key reads the task events.
    alsoNeeds: ['tasks:read'],
    query: true,
    successes: async () => {
      await newTask();
      return [
        { method: 'GET', url: '/api/v1/events' },
        { method: 'GET', url: '/api/v1/events?types=webhook.test,task.created&limit=1&order=desc' },
      ];
    },
    specific: async () => [
      { call: { method: 'GET', url: '/api/v1/events?after=evt_unknown' }, status: 422 },
      { call: { method: 'GET', url: '/api/v1/events?types=task.exploded' }, status: 422 },
    ],
  },
  ...create('tasks', 'tasks:write', async () => EXAMPLES.taskCreate),
  ...update('tasks', 'tasks:write', EXAMPLES.taskUpdate),
  [`DELETE ${INCOMING}/tasks/{id}`]: {
    permission: 'tasks:write',
    successes: async () => [{ method: 'DELETE', url: `${INCOMING}/tasks/${await newTask()}` }],
    specific: async () => {
      const taskId = await newTask();
      await created('time-entries', { taskId, minutes: 15 });
      return [{ call: { method: 'DELETE', url: `${INCOMING}/tasks/${taskId}` }, status: 409 }];
    },
  },
  ...create('clients', 'clients:write', async () => EXAMPLES.clientCreate),
  ...update('clients', 'clients:write', EXAMPLES.clientUpdate),
  ...create('projects', 'projects:write', async () => ({ name: 'Relaunch', clientId: await newClient() })),
  ...update('projects', 'projects:write', EXAMPLES.projectUpdate),
  ...create('time-entries', 'time_entries:create', async () => EXAMPLES.timeEntryCreate),
  ...create('invoices', 'invoices:create', async () => ({ clientId: await newClient(), items })),
  ...create('quotes', 'quotes:create', async () => ({ clientId: await newClient(), items })),
  'POST /api/v1/quotes/{id}/convert': {
    permission: 'quotes:create',
    successes: async () => [{ method: 'POST', url: `/api/v1/quotes/${await acceptedQuote()}/convert` }],
    // A draft is no accepted quote (converting one twice is a 409 too, which the shared failures make).
    specific: async () => [
      { call: { method: 'POST', url: `/api/v1/quotes/${await SETUP.quotes()}/convert` }, status: 409 },
    ],
  },
  'GET /api/v1/invoices/{id}/pdf': {
    permission: 'invoices:read',
    successes: async () => [{ method: 'GET', url: `/api/v1/invoices/${await SETUP.invoices()}/pdf` }],
  },
  'GET /api/v1/quotes/{id}/pdf': {
    permission: 'quotes:read',
    successes: async () => [{ method: 'GET', url: `/api/v1/quotes/${await SETUP.quotes()}/pdf` }],
  },
  'GET /api/v1/documents/{document}/{version}': {
    successes: async () => [{ method: 'GET', url: await documentLink() }],
    specific: async () => {
      const link = await documentLink();
      return [
        { call: { method: 'GET', url: link.replace(/signature=./, 'signature=-') }, status: 404 },
        { call: { method: 'GET', url: `${link}&note=%zz` }, status: 400 },
      ];
    },
  },
  'GET /api/v1/webhooks': {
    permission: 'webhooks:manage',
    alsoNeeds: ['tasks:read'],
    successes: async (key) => {
      await subscribed(key);
      return [{ method: 'GET', url: '/api/v1/webhooks' }];
    },
  },
  'POST /api/v1/webhooks': {
    permission: 'webhooks:manage',
    alsoNeeds: ['tasks:read'],
    // The first subscribes (201); the same URL and events again return it (200).
    successes: async () => [
      { method: 'POST', url: '/api/v1/webhooks', payload: subscription },
      { method: 'POST', url: '/api/v1/webhooks', payload: subscription },
    ],
  },
  'GET /api/v1/webhooks/{id}': {
    permission: 'webhooks:manage',
    alsoNeeds: ['tasks:read'],
    successes: async (key) => [{ method: 'GET', url: `/api/v1/webhooks/${await subscribed(key)}` }],
  },
  'DELETE /api/v1/webhooks/{id}': {
    permission: 'webhooks:manage',
    alsoNeeds: ['tasks:read'],
    successes: async (key) => [{ method: 'DELETE', url: `/api/v1/webhooks/${await subscribed(key)}` }],
  },
};

const BIG_BODY = JSON.stringify({ title: 'x'.repeat(1024 * 1024) });
const otherThan = (permission: Permission): Permission =>
  permission === 'tasks:read' ? 'clients:read' : 'tasks:read';

/** The calls every operation of this kind can get wrong, by what the route is. */
function failures(spec: OperationCase, template: string, call: Call): InjectOptions[] {
  const withId = (id: string) => template.replace('{id}', id);
  const cases: InjectOptions[] = [];
  const hasBody = call.method !== 'GET';
  if (template.includes('{id}')) {
    cases.push({
      method: call.method,
      url: withId('tsk_unknown'),
      ...(call.payload ? { payload: call.payload } : {}),
    });
    cases.push({ method: call.method, url: withId('%zz') });
  }
  if (hasBody) {
    const url = withId('tsk_unknown');
    const json = { 'content-type': 'application/json' };
    cases.push({ method: call.method, url, headers: json, payload: '{"title": ' });
    cases.push({ method: call.method, url, headers: json, payload: BIG_BODY });
    cases.push({ method: call.method, url, headers: { 'content-type': 'text/plain' }, payload: 'title' });
  }
  if (call.method === 'POST' || call.method === 'PATCH') {
    cases.push({ method: call.method, url: call.url });
    cases.push({ method: call.method, url: call.url, payload: {} });
  }
  if (spec.query) cases.push({ method: 'GET', url: `${template}?limit=0` });
  return cases;
}

describe('the OpenAPI document against the server', () => {
  it('has exactly the operations exercised here', () => {
    expect([...operations.keys()].sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.keys(CASES))(
    '%s answers only documented statuses with documented bodies, and each documented status',
    async (name) => {
      const operation = operations.get(name);
      expect(operation, `${name} is documented`).toBeDefined();
      const spec = CASES[name];
      const template = name.slice(name.indexOf(' ') + 1);
      h.clock.advance(61_000);
      const granted = [...(spec.permission ? [spec.permission] : []), ...(spec.alsoNeeds ?? [])];
      const key = spec.permission !== undefined ? h.key(granted) : undefined;
      const answered = new Set<number>();

      const check = (res: LightMyRequestResponse, what: string, payload?: unknown) => {
        const response = operation!.responses[String(res.statusCode)];
        expect(
          response,
          `${what} answered ${res.statusCode}, undocumented: ${res.body.slice(0, 300)}`,
        ).toBeDefined();
        answered.add(res.statusCode);
        const schema = response.content?.['application/json']?.schema;
        if (response.content?.['application/pdf'] && res.statusCode < 300) {
          expect(res.headers['content-type'], what).toBe('application/pdf');
          expect(res.rawPayload.subarray(0, 5).toString('latin1'), what).toBe('%PDF-');
        } else if (schema) {
          const validate = validatorFor(schema);
          expect(validate(res.json()), `${what} → ${res.statusCode}: ${errorsText(validate)}`).toBe(true);
        } else {
          expect(res.body, `${what} → ${res.statusCode} documents no body`).toBe('');
        }
        for (const [header, spec] of Object.entries(response.headers ?? {})) {
          if (spec.required) expect(res.headers[header.toLowerCase()], `${what}: ${header}`).toBeDefined();
        }
        if (payload !== undefined && res.statusCode < 300) {
          const bodySchema = operation!.requestBody?.content['application/json']?.schema;
          expect(bodySchema, `${what} documents its body`).toBeDefined();
          const validate = validatorFor(bodySchema);
          expect(validate(payload), `${what}: the body it sent: ${errorsText(validate)}`).toBe(true);
        }
      };
      const send = async (options: InjectOptions, as: string | null = key ?? null) => {
        const res = await h.call(as ?? undefined, options);
        check(res, `${options.method} ${options.url}`, options.payload);
        return res;
      };

      const successes = await spec.successes(key!);
      for (const call of successes) {
        const res = await send(call);
        expect(res.statusCode, res.body).toBeLessThan(300);
      }
      const sample = successes[0];
      for (const options of failures(spec, template, sample)) {
        const res = await send(options);
        expect(
          res.statusCode,
          `${options.method} ${options.url}: ${res.body.slice(0, 200)}`,
        ).toBeGreaterThanOrEqual(400);
      }
      for (const { call, status } of (await spec.specific?.(key!)) ?? []) {
        expect((await send(call)).statusCode).toBe(status);
      }
      if (spec.unavailable) {
        h.core.availability.set('restoring');
        try {
          expect((await send(sample)).statusCode).toBe(503);
        } finally {
          h.core.availability.set('open');
        }
      }

      if (spec.permission !== undefined) {
        const permission = spec.permission;
        expect((await send(sample, null)).statusCode).toBe(401);
        expect((await send(sample, 'ik_live_unknown')).statusCode).toBe(401);
        if (permission) expect((await send(sample, h.key([otherThan(permission)]))).statusCode).toBe(403);
        // Any valid key: one holding a permission it does not need is answered.
        else expect((await send(sample, h.key(['tasks:write']))).statusCode).toBe(200);
        expect((await send(sample, h.key(granted, ['203.0.113.0/24']))).statusCode).toBe(403);
        if (name.startsWith('POST /api/v1/webhooks/incoming/')) {
          // Another request with this Idempotency-Key is still in flight in this process.
          const busy = { ...sample, headers: { 'idempotency-key': 'still-busy' } };
          const [first, second] = await Promise.all([send(busy), send(busy)]);
          expect(first.statusCode).toBe(201);
          expect(second.statusCode).toBe(409);
        }
        if (name === 'POST /api/v1/webhooks') {
          // The key already holds the most subscriptions one key may have.
          const previous = h.core.settings.get().maxSubscriptionsPerKey;
          h.core.settings.update({ maxSubscriptionsPerKey: 1 });
          try {
            const other = {
              ...sample,
              payload: { ...(sample.payload as object), url: 'https://example.com/another' },
            };
            expect((await send(other)).statusCode).toBe(409);
          } finally {
            h.core.settings.update({ maxSubscriptionsPerKey: previous });
          }
        }

        const limits = h.core.settings.get().rateLimits;
        h.core.settings.update({ rateLimits: { ...limits, incomingPerMinute: 1 } });
        try {
          const limited = h.key(granted);
          await h.call(limited, sample);
          const res = await send(sample, limited);
          expect(res.statusCode).toBe(429);
          expect(errorOf(res).code).toBe('rate_limited');
        } finally {
          h.core.settings.update({ rateLimits: limits });
        }

        // A database that cannot be written: the key's last-use time is written first.
        const writer = h.key(granted);
        storeOf(h.core.store).sqlite.pragma('query_only = ON');
        try {
          const res = await send(sample, writer);
          expect(res.statusCode).toBe(503);
        } finally {
          storeOf(h.core.store).sqlite.pragma('query_only = OFF');
        }
      }

      const documented = Object.keys(operation!.responses).map(Number);
      expect([...answered].sort(), `${name}: documented statuses that never happened`).toEqual(
        documented.sort(),
      );
    },
  );
});
