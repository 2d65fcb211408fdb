/**
 * Every rule main/core/server/openapi-rules.ts and openapi-links.ts write into
 * the document against the server: what the document forbids (checked with
 * ajv on the document's own schema) the server refuses, with the status the
 * document gives for it; what it allows, the server takes. And the examples
 * and links: on a fresh install, every create's example succeeds as it
 * stands or through the link that supplies the id it names.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_IDS, RESOURCE_LIST, type Permission } from '../../../contract/index.js';
import { newId } from '../../../main/core/ids.js';
import { createHarness, errorOf, INCOMING, type Harness } from '../../support/server.js';
import {
  operationsOf,
  resolved,
  schemaValidator,
  type OpenApiDocument,
  type OperationObject,
} from './openapi-schema.js';

interface Parameter {
  in: string;
  name: string;
  schema: Record<string, unknown>;
  description?: string;
}
interface Link {
  operationId: string;
  parameters?: Record<string, string>;
  requestBody?: Record<string, unknown>;
}
type Operation = Omit<OperationObject, 'parameters' | 'responses'> & {
  operationId: string;
  parameters?: Parameter[];
  responses: Record<string, OperationObject['responses'][string] & { links?: Record<string, Link> }>;
};

let h: Harness;
let doc: OpenApiDocument;
let validatorFor: ReturnType<typeof schemaValidator>;
let key: string;
const byId = new Map<string, { method: string; path: string; operation: Operation }>();

beforeAll(async () => {
  h = await createHarness();
  doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  validatorFor = schemaValidator(doc);
  key = h.key([...PERMISSION_IDS] as Permission[]);
  for (const [name, operation] of operationsOf(doc)) {
    const [method, path] = name.split(' ');
    const typed = operation as unknown as Operation;
    byId.set(typed.operationId, { method, path, operation: typed });
  }
});
afterAll(() => h.close());

const schemas = () => doc.components.schemas as Record<string, Record<string, unknown>>;
const valid = (schema: unknown, value: unknown) => validatorFor(schema)(value);
const call = (method: string, url: string, payload?: unknown, headers?: Record<string, string>) =>
  h.call(key, {
    method: method as 'GET',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
    ...(headers ? { headers } : {}),
  });
const documented = (operation: OperationObject, res: LightMyRequestResponse) =>
  expect(Object.keys(operation.responses), res.body).toContain(String(res.statusCode));
const fieldsOf = (res: LightMyRequestResponse) =>
  (errorOf(res).details as { fields: { path: string }[] }).fields.map((f) => f.path);

describe('Idempotency-Key', () => {
  const create = () => byId.get('createTask')!.operation;
  const header = () => create().parameters!.find((p) => p.name === 'Idempotency-Key')!;

  it('is documented as 1 to 255 visible ASCII characters, and the server refuses what that forbids with 400', async () => {
    expect(header().schema).toEqual({
      type: 'string',
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7e]{1,255}$',
    });
    for (const bad of ['k'.repeat(256), '', 'two words']) {
      expect(valid(header().schema, bad), JSON.stringify(bad)).toBe(false);
      const res = await call('POST', `${INCOMING}/tasks`, { title: 'x' }, { 'idempotency-key': bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(errorOf(res).code).toBe('bad_request');
      expect(errorOf(res).message).toContain('Idempotency-Key');
      documented(create(), res);
    }
    const longest = 'k'.repeat(255);
    expect(valid(header().schema, longest)).toBe(true);
    expect(
      (await call('POST', `${INCOMING}/tasks`, { title: 'x' }, { 'idempotency-key': longest })).statusCode,
    ).toBe(201);
  });

  it('says a second body under the same key is a 422, and it is', async () => {
    expect(header().description).toContain('The same key with another body is a 422');
    const first = await call('POST', `${INCOMING}/tasks`, { title: 'one' }, { 'idempotency-key': 'mail-1' });
    expect(first.statusCode).toBe(201);
    const again = await call('POST', `${INCOMING}/tasks`, { title: 'one' }, { 'idempotency-key': 'mail-1' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    const other = await call('POST', `${INCOMING}/tasks`, { title: 'two' }, { 'idempotency-key': 'mail-1' });
    expect(other.statusCode).toBe(422);
    expect(fieldsOf(other)).toEqual(['Idempotency-Key']);
    documented(create(), other);
  });
});

describe('update bodies', () => {
  it('need at least one field (minProperties: 1): an empty PATCH is the documented 422', async () => {
    const updates = RESOURCE_LIST.filter((r) => r.incoming.methods.includes('PATCH' as never));
    expect(updates.length).toBeGreaterThanOrEqual(3);
    for (const resource of updates) {
      const name = `${resource.key[0].toUpperCase()}${resource.key.slice(1)}Update`;
      expect(schemas()[name].minProperties, name).toBe(1);
      expect(valid(schemas()[name], {}), name).toBe(false);
      const url = `${INCOMING}/${resource.segment}/${newId(resource.key as never, Date.now())}`;
      const res = await call('PATCH', url, {});
      expect(res.statusCode, name).toBe(422);
      expect(errorOf(res).code).toBe('validation_failed');
      documented(byId.get(`update${name.slice(0, -6)}`)!.operation, res);
    }
  });
});

describe('ids', () => {
  it('in paths carry the pattern of the id generator (main/core/ids.ts)', () => {
    const withId = [...byId.values()].filter(({ path }) => path.includes('{id}'));
    expect(withId.length).toBeGreaterThanOrEqual(13);
    for (const { method, path, operation } of withId) {
      const id = operation.parameters!.find((p) => p.in === 'path' && p.name === 'id')!;
      const prefix = String(id.schema.pattern).slice(1, 4);
      expect(id.schema.pattern, `${method} ${path}`).toBe(`^${prefix}_[0-9a-z]{26}$`);
      const kind = prefix === 'whk' ? 'webhook' : RESOURCE_LIST.find((r) => r.prefix === prefix)?.key;
      expect(kind, `${method} ${path}`).toBeDefined();
      expect(valid(id.schema, newId(kind as never, Date.now())), `${method} ${path}`).toBe(true);
      expect(valid(id.schema, 'xyz')).toBe(false);
    }
  });

  it('in paths that do not match the pattern are the documented 404', async () => {
    for (const { method, path, operation } of byId.values()) {
      if (!path.includes('{id}')) continue;
      const body =
        method === 'PATCH' ? operation.requestBody!.content['application/json'].example : undefined;
      const res = await call(method, path.replace('{id}', 'xyz'), body);
      expect(res.statusCode, `${method} ${path}`).toBe(404);
      expect(errorOf(res).code).toBe('not_found');
      documented(operation, res);
    }
  });

  it('in bodies must name an existing object, as their fields say: else the documented 422', async () => {
    // The example's other references name real objects, so only the field under test names nothing.
    const client = (await call('POST', `${INCOMING}/clients`, { name: 'Referenced' })).json().id as string;
    const project = (
      await call('POST', `${INCOMING}/projects`, { name: 'Referenced', clientId: client })
    ).json().id as string;
    const real = (text: string) =>
      text.replace(/"cli_[0-9a-z]{26}"/g, `"${client}"`).replace(/"prj_[0-9a-z]{26}"/g, `"${project}"`);
    let checked = 0;
    for (const resource of RESOURCE_LIST) {
      const { operation } = byId.get(`create${resource.key[0].toUpperCase()}${resource.key.slice(1)}`)!;
      const media = operation.requestBody!.content['application/json'];
      const body = resolved(doc, media.schema);
      for (const [field, schema] of Object.entries(
        body.properties as Record<string, Record<string, unknown>>,
      )) {
        const target = RESOURCE_LIST.find((r) =>
          JSON.stringify(schema).includes(`"^${r.prefix}_[0-9a-z]{26}$"`),
        );
        if (!target) continue;
        expect(schema.description, `${resource.key}.${field}`).toContain(
          `The id of an existing ${target.noun}`,
        );
        const example = JSON.parse(real(JSON.stringify(media.example))) as object;
        const payload = { ...example, [field]: newId(target.key as never, Date.now()) };
        expect(valid(body, payload)).toBe(true);
        const res = await call('POST', `${INCOMING}/${resource.segment}`, payload);
        expect(res.statusCode, `${resource.key}.${field}`).toBe(422);
        expect(fieldsOf(res), `${resource.key}.${field}`).toContain(field);
        documented(operation, res);
        const malformed = { ...payload, [field]: `${target.prefix}_x` };
        expect(valid(body, malformed)).toBe(false);
        expect((await call('POST', `${INCOMING}/${resource.segment}`, malformed)).statusCode).toBe(422);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('`after` in the events feed: the event id pattern; one outside it is the documented 422', async () => {
    const { operation } = byId.get('listEvents')!;
    const after = operation.parameters!.find((p) => p.name === 'after')!;
    expect(after.schema.pattern).toBe('^evt_[0-9a-z]{26}$');
    expect(valid(after.schema, '0')).toBe(false);
    const res = await call('GET', '/api/v1/events?after=0');
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual(['query.after']);
    documented(operation, res);
  });
});

describe('webhook subscriptions', () => {
  it('take only a URL (format: uri): "x" is the documented 422', async () => {
    const { operation } = byId.get('createWebhookSubscription')!;
    const body = resolved(doc, operation.requestBody!.content['application/json'].schema);
    const url = (body.properties as Record<string, Record<string, unknown>>).url;
    expect(url.format).toBe('uri');
    const payload = { url: 'x', events: ['task.created'] };
    expect(valid(body, payload)).toBe(false);
    const res = await call('POST', '/api/v1/webhooks', payload);
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual(['url']);
    documented(operation, res);
  });
});

describe('examples and links on a fresh install', () => {
  const fill = (value: unknown, answer: Record<string, unknown>): unknown =>
    value === '$response.body#/id'
      ? answer.id
      : Array.isArray(value)
        ? value.map((v) => fill(v, answer))
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, answer)]))
          : value;

  const exampleOf = (operation: OperationObject) =>
    operation.requestBody?.content['application/json'].example;

  it("every create's example succeeds as it stands, or through the link from the object it names", async () => {
    const fresh = await createHarness();
    const freshKey = fresh.key([...PERMISSION_IDS] as Permission[]);
    const post = (path: string, payload: unknown) =>
      fresh.call(freshKey, { method: 'POST', url: path, payload: payload as object });
    try {
      const creates = [...byId.values()].filter(({ operation }) =>
        operation.operationId.startsWith('create'),
      );
      const named = (operationId: string) =>
        creates.flatMap(({ path, operation }) =>
          Object.values(operation.responses['201']?.links ?? {})
            .filter((link) => link.operationId === operationId && link.requestBody)
            .map((link) => ({ source: { path, operation }, link })),
        );
      type Create = Pick<(typeof creates)[number], 'path' | 'operation'>;
      // A link's source is made as the test makes any create: as it stands, or through a link of its own.
      const make = async (
        { path, operation }: Create,
        depth = 0,
      ): Promise<Awaited<ReturnType<typeof post>>> => {
        const example = exampleOf(operation) as Record<string, unknown>;
        if (!/"[a-z]{3}_[0-9a-z]{26}"/.test(JSON.stringify(example)) || depth > 5) return post(path, example);
        const [first] = named(operation.operationId);
        if (!first) return post(path, example);
        const made = await make(first.source, depth + 1);
        return post(path, fill(first.link.requestBody, made.json()));
      };
      let viaLinks = 0;
      for (const { path, operation } of creates) {
        const example = exampleOf(operation) as Record<string, unknown>;
        const referring = JSON.stringify(example).match(/"[a-z]{3}_[0-9a-z]{26}"/);
        if (!referring) {
          const res = await post(path, example);
          expect(res.statusCode, `${operation.operationId}: ${res.body}`).toBe(201);
          continue;
        }
        const links = named(operation.operationId);
        expect(
          links.length,
          `${operation.operationId} names another object: a link must supply it`,
        ).toBeGreaterThan(0);
        for (const { source, link } of links) {
          const made = await make(source);
          expect(made.statusCode, source.operation.operationId).toBe(201);
          const res = await post(path, fill(link.requestBody, made.json()));
          expect(
            res.statusCode,
            `${source.operation.operationId} → ${operation.operationId}: ${res.body}`,
          ).toBe(201);
          viaLinks++;
        }
      }
      expect(viaLinks).toBeGreaterThanOrEqual(3);
    } finally {
      await fresh.close();
    }
  });

  it("each create links to its object's get, update and delete, and a quote to its convert, with real ids", async () => {
    let followed = 0;
    for (const resource of RESOURCE_LIST) {
      const pascal = `${resource.key[0].toUpperCase()}${resource.key.slice(1)}`;
      const create = byId.get(`create${pascal}`)!;
      const links = create.operation.responses['201'].links ?? {};
      const expected = [...byId.values()]
        .map(({ operation }) => operation.operationId)
        .filter((id) => new RegExp(`^(get|update|delete|convert)${pascal}$`).test(id));
      expect(
        Object.values(links)
          .filter((l) => l.parameters)
          .map((l) => l.operationId)
          .sort(),
        pascal,
      ).toEqual(expected.sort());
      const client = await call('POST', `${INCOMING}/clients`, { name: 'Client for links' });
      const example = JSON.parse(
        JSON.stringify(exampleOf(create.operation)).replace(
          /"cli_[0-9a-z]{26}"/g,
          JSON.stringify(client.json().id),
        ),
      ) as Record<string, unknown>;
      delete example.projectId;
      const made = await call('POST', create.path, example);
      expect(made.statusCode, `${pascal}: ${made.body}`).toBe(201);
      const get = links[`get${pascal}`];
      const target = byId.get(get.operationId)!;
      const res = await call(
        'GET',
        target.path.replace('{id}', String(fill(get.parameters!.id, made.json()))),
      );
      expect(res.statusCode).toBe(200);
      expect(res.json().id).toBe(made.json().id);
      followed++;
    }
    expect(followed).toBe(RESOURCE_LIST.length);
    expect(byId.get('getQuote')!.operation.responses['200'].links?.convertQuote).toEqual({
      operationId: 'convertQuote',
      parameters: { id: '$response.body#/id' },
      description: expect.any(String),
    });
  });
});
