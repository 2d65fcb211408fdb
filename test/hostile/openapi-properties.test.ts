/**
 * The served OpenAPI document against the server, property by property: for
 * every operation, requests built from the document itself (valid bodies,
 * queries, path ids and headers from its schemas, and each of them broken),
 * sent with a key holding every permission. Every answer is below 500, has a
 * status the operation documents and a body its schema accepts; a valid
 * request is accepted, or refused only for a reason the document states (an
 * id that names nothing, a documented conflict or rule naming its field); an
 * invalid one is never accepted. Seeded: a failure prints the seed and path.
 */
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_IDS } from '../../contract/index.js';
import {
  errorsText,
  operationsOf,
  schemaValidator,
  type OpenApiDocument,
  type OperationObject,
} from '../core/server/openapi-schema.js';
import { createHarness, type Harness } from '../support/server.js';
import { invalid, resolver, valid, type Schema } from './openapi-arbitraries.js';

/** Fixed; OPENAPI_PROPERTY_SEED and OPENAPI_PROPERTY_RUNS explore further by hand. */
const SEED = Number(process.env.OPENAPI_PROPERTY_SEED ?? 20261906);
const RUNS_PER_OPERATION = Number(process.env.OPENAPI_PROPERTY_RUNS ?? 20);

let h: Harness;
let key: string;
let doc: OpenApiDocument;
let validatorOf: ReturnType<typeof schemaValidator>;
let resolve: (schema: Schema) => Schema;
/** Ids of objects that exist, so `{id}` is sometimes one the server finds. */
const existing: string[] = [];

beforeAll(async () => {
  h = await createHarness();
  await h.admin('settings.update', { rateLimits: { incomingPerMinute: 0, apiCallsPerDay: 0 } });
  key = h.key([...PERMISSION_IDS]);
  doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  validatorOf = schemaValidator(doc);
  resolve = resolver(doc);
  const client = h.core.clients.create({ name: 'Fixture client' });
  const project = h.core.projects.create({ name: 'Fixture project', clientId: client.id });
  const task = h.core.tasks.create({ title: 'Fixture task', projectId: project.id });
  existing.push(client.id, project.id, task.id);
});
afterAll(() => h.close());

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema?: Schema;
}

interface Input {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body?: unknown;
  /** An extra query parameter no operation takes. */
  unknownQuery?: string;
}

const parametersOf = (operation: OperationObject): Parameter[] =>
  (operation.parameters ?? []) as unknown as Parameter[];

const bodySchemaOf = (operation: OperationObject): Schema | undefined =>
  operation.requestBody?.content['application/json']?.schema as Schema | undefined;

/** Mostly valid, sometimes broken. */
const mostly = (schema: Schema): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: valid(schema, resolve, known) },
    { weight: 1, arbitrary: invalid(schema, resolve, known) },
  );

/** An id field (`^prj_[0-9a-z]{26}$`) is often one that exists, so rules past the reference get reached. */
function known(schema: Schema): fc.Arbitrary<unknown> | undefined {
  const prefix = typeof schema.pattern === 'string' ? /^\^([a-z]+_)\[/.exec(schema.pattern)?.[1] : undefined;
  const ids = prefix ? existing.filter((id) => id.startsWith(prefix)) : [];
  return ids.length > 0 ? fc.constantFrom(...ids) : undefined;
}

function inputOf(operation: OperationObject): fc.Arbitrary<Input> {
  const parameters = parametersOf(operation);
  const group = (where: Parameter['in']) =>
    Object.fromEntries(
      parameters
        .filter((p) => p.in === where)
        .map((p) => {
          const schema = p.schema ?? { type: 'string' };
          if (where === 'path') {
            // `.` and `..` are dot-segments: a URL cannot carry them as an id (RFC 3986 §5.2.4).
            const id = fc
              .oneof(fc.constantFrom(...existing), valid(schema, resolve), invalid(schema, resolve))
              .filter((value) => !['.', '..'].includes(asText(value)));
            return [p.name, id];
          }
          // Header values are text; a header is sent as the document types it, or left out.
          const value = where === 'header' ? valid(schema, resolve, known) : mostly(schema);
          return [p.name, p.required ? value : fc.option(value, { nil: undefined })];
        }),
    ) as Record<string, fc.Arbitrary<unknown>>;
  const bodySchema = bodySchemaOf(operation);
  return fc.record({
    path: fc.record(group('path')),
    query: fc.record(group('query')),
    headers: fc.record(group('header')),
    ...(bodySchema ? { body: mostly(bodySchema) } : {}),
    // Operations that take query parameters refuse others (query-string.ts); the rest read no query.
    ...(parameters.some((p) => p.in === 'query')
      ? {
          unknownQuery: fc.oneof(
            { weight: 7, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: fc.constantFrom('foo', 'page', 'expand') },
          ),
        }
      : {}),
  });
}

/** A query value as the server receives it: text. */
const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Whether a query or path value, sent as text, is one its schema accepts (integers are read from text). */
function acceptsText(schema: Schema, text: string): boolean {
  const s = resolve(schema);
  if (s.type === 'integer' || s.type === 'number') {
    if (!/^-?\d+(\.\d+)?$/.test(text)) return false;
    return validatorOf(s)(Number(text));
  }
  return validatorOf(s)(text);
}

function buildRequest(template: string, method: string, operation: OperationObject, input: Input) {
  const parameters = parametersOf(operation);
  let url = template;
  const problems: string[] = [];
  for (const p of parameters.filter((q) => q.in === 'path')) {
    const text = asText(input.path[p.name]);
    if (!acceptsText(p.schema ?? {}, text)) problems.push(`path.${p.name}`);
    url = url.replace(`{${p.name}}`, encodeURIComponent(text));
  }
  const query = new URLSearchParams();
  for (const p of parameters.filter((q) => q.in === 'query')) {
    const value = input.query[p.name];
    if (value === undefined) continue;
    const text = asText(value);
    if (!acceptsText(p.schema ?? {}, text)) problems.push(`query.${p.name}`);
    query.append(p.name, text);
  }
  if (input.unknownQuery) {
    query.append(input.unknownQuery, '1');
    problems.push(`query.${input.unknownQuery}`);
  }
  const headers: Record<string, string> = {};
  for (const p of parameters.filter((q) => q.in === 'header')) {
    const value = input.headers[p.name];
    if (value === undefined) continue;
    headers[p.name] = asText(value);
  }
  const bodySchema = bodySchemaOf(operation);
  if (bodySchema && input.body !== undefined) {
    const validate = validatorOf(bodySchema);
    if (!validate(input.body)) problems.push(`body (${errorsText(validate)})`);
  }
  const search = query.toString();
  const options: InjectOptions = {
    method: method as InjectOptions['method'],
    url: search ? `${url}?${search}` : url,
    headers,
    ...(bodySchema && input.body !== undefined ? { payload: JSON.stringify(input.body) } : {}),
  };
  if (options.payload !== undefined) headers['content-type'] = 'application/json';
  return { options, problems };
}

/** The first path segment of each field a 422 names. */
const namedFields = (body: unknown): string[] =>
  (
    ((body as { error?: { details?: { fields?: { path: string }[] } } }).error?.details?.fields ?? []) as {
      path: string;
    }[]
  ).map((f) => f.path);

describe('every operation of the served document, with inputs made from the document', () => {
  it('answers only documented statuses with documented bodies; valid input is accepted or refused for a documented reason', async () => {
    const operations = operationsOf(doc);
    expect(operations.size).toBeGreaterThan(20);
    /** Per operation: statuses seen for valid and for invalid input, so the run shows what it covered. */
    const seen = new Map<string, { valid: Record<number, number>; invalid: Record<number, number> }>();
    for (const [name, operation] of operations) {
      const [method, template] = name.split(' ');
      const tally = { valid: {} as Record<number, number>, invalid: {} as Record<number, number> };
      seen.set(name, tally);
      await fc.assert(
        fc.asyncProperty(inputOf(operation), async (input) => {
          const { options, problems } = buildRequest(template, method, operation, input);
          const res = await h.call(key, options);
          const bucket = problems.length > 0 ? tally.invalid : tally.valid;
          bucket[res.statusCode] = (bucket[res.statusCode] ?? 0) + 1;
          const where = `${name}: ${options.method} ${options.url} ${JSON.stringify(options.payload ?? '')} ${JSON.stringify(options.headers)} → ${res.statusCode} ${res.body.slice(0, 400)}`;
          expect(res.statusCode, where).toBeLessThan(500);
          const documented = operation.responses[String(res.statusCode)];
          expect(documented, `undocumented status: ${where}`).toBeDefined();
          const media = documented.content ? Object.entries(documented.content) : [];
          if (media.length > 0 && res.statusCode !== 204) {
            const type = String(res.headers['content-type'] ?? '').split(';')[0];
            const schema = documented.content?.[type]?.schema;
            expect(schema, `undocumented content type ${type}: ${where}`).toBeDefined();
            const validate = validatorOf(schema);
            expect(validate(res.json()), `${errorsText(validate)}: ${where}`).toBe(true);
          } else {
            expect(res.body, `a body the document does not describe: ${where}`).toBe('');
          }
          if (problems.length > 0) {
            expect(
              res.statusCode,
              `accepted invalid input (${problems.join(', ')}): ${where}`,
            ).toBeGreaterThanOrEqual(400);
            return;
          }
          if (res.statusCode < 300) return;
          // Valid by the document: refused only for what it says may refuse valid input.
          const byId = template.includes('{id}') && res.statusCode === 404;
          const rule = res.statusCode === 409 || res.statusCode === 422;
          expect(byId || rule, `refused valid input: ${where}`).toBe(true);
          if (res.statusCode === 422) {
            const sent = new Set([
              ...Object.keys((input.body as object | null) ?? {}),
              ...Object.keys(input.query).map((n) => `query.${n}`),
              ...Object.keys(input.headers).map((n) => `header.${n}`),
            ]);
            const fields = namedFields(res.json());
            const idempotencyReuse = /Idempotency-Key/.test(res.body);
            expect(
              idempotencyReuse ||
                (fields.length > 0 &&
                  fields.every((f) =>
                    sent.has(
                      f
                        .split('.')
                        .slice(0, f.startsWith('query.') || f.startsWith('header.') ? 2 : 1)
                        .join('.'),
                    ),
                  )),
              `a 422 for valid input that names no field sent: ${where}`,
            ).toBe(true);
          }
        }),
        { seed: SEED, numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
    }
    if (process.env.OPENAPI_PROPERTY_TALLY) console.log(seen);
    // The generators reach both sides: each create accepts some valid bodies and refuses the broken ones.
    for (const name of ['POST /api/v1/webhooks/incoming/tasks', 'POST /api/v1/webhooks/incoming/clients']) {
      const tally = seen.get(name)!;
      expect(tally.valid[201], `${name} accepted no valid body: ${JSON.stringify(tally)}`).toBeGreaterThan(0);
      expect(tally.invalid[422], `${name} refused no broken body: ${JSON.stringify(tally)}`).toBeGreaterThan(
        0,
      );
    }
  }, 120_000);
});
