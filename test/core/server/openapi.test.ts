import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientCreate,
  clientUpdate,
  invoiceCreate,
  projectCreate,
  projectUpdate,
  quoteCreate,
  taskCreate,
  taskUpdate,
  timeEntryCreate,
} from '../../../contract/index.js';
import { ENDPOINTS } from '../../../main/core/access/permissions.js';
import { EXAMPLES } from '../../../main/core/server/routes/object-examples.js';
import { createHarness, errorOf, INCOMING, type Harness } from '../../support/server.js';
import { operationsOf, resolved, schemaValidator, type OpenApiDocument } from './openapi-schema.js';

let h: Harness;
let doc: {
  openapi: string;
  info: { description: string };
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { securitySchemes: Record<string, unknown> };
};
beforeAll(async () => {
  h = await createHarness();
  const res = await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(() => h.close());

const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with a bearer security scheme, needing no key', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents every endpoint, secured, with an example for every body', () => {
    for (const endpoint of ENDPOINTS) {
      const operation = doc.paths[openApiPath(endpoint.url)]?.[endpoint.method.toLowerCase()];
      expect(operation, `${endpoint.method} ${endpoint.url}`).toBeDefined();
      expect(operation.security).toEqual([{ bearerAuth: [] }]);
      expect(operation.description).toContain(endpoint.permission);
      if (endpoint.kind === 'action') {
        // A state change takes no body: the document asks for none.
        expect(operation.requestBody, `${endpoint.method} ${endpoint.url}`).toBeUndefined();
      } else if (endpoint.method === 'POST' || endpoint.method === 'PATCH') {
        const media = (
          operation.requestBody as { content: Record<string, { example?: unknown; schema: unknown }> }
        ).content['application/json'];
        expect(media.example, `${endpoint.method} ${endpoint.url}`).toBeDefined();
        expect(resolved(doc as unknown as OpenApiDocument, media.schema)).toMatchObject({ type: 'object' });
      }
    }
    expect(doc.paths['/healthz'].get).toBeDefined();
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/admin'))).toBe(false);
  });

  it('has an example for every request body in the whole document', () => {
    let bodies = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const body = operation.requestBody as { content: Record<string, { example?: unknown }> } | undefined;
        if (!body) continue;
        bodies++;
        expect(body.content['application/json'].example, `${method} ${path}`).toBeDefined();
      }
    }
    expect(bodies).toBeGreaterThanOrEqual(9);
  });

  it('examples are valid bodies for the schemas that check them', () => {
    const pairs = [
      [taskCreate, EXAMPLES.taskCreate],
      [taskUpdate, EXAMPLES.taskUpdate],
      [clientCreate, EXAMPLES.clientCreate],
      [clientUpdate, EXAMPLES.clientUpdate],
      [projectCreate, EXAMPLES.projectCreate],
      [projectUpdate, EXAMPLES.projectUpdate],
      [timeEntryCreate, EXAMPLES.timeEntryCreate],
      [invoiceCreate, EXAMPLES.invoiceCreate],
      [quoteCreate, EXAMPLES.quoteCreate],
    ] as const;
    for (const [schema, example] of pairs) expect(schema.safeParse(example).error).toBeUndefined();
  });

  it('documents 204 with no body for DELETE …/tasks/{id}, as the server answers', async () => {
    const deleted = doc.paths['/api/v1/webhooks/incoming/tasks/{id}'].delete.responses as Record<
      string,
      { description: string; content?: unknown }
    >;
    expect(deleted['204']).toBeDefined();
    expect(deleted['204'].content).toBeUndefined();
    expect(Object.keys(deleted).filter((s) => s.startsWith('2'))).toEqual(['204']);

    const key = h.key(['tasks:write']);
    const task = await h.call(key, { method: 'POST', url: `${INCOMING}/tasks`, payload: { title: 'x' } });
    const res = await h.call(key, { method: 'DELETE', url: `${INCOMING}/tasks/${task.json().id}` });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
  });

  it('documents the time entry rule: minutes, or startedAt and endedAt (anyOf), which the server enforces', async () => {
    const media = (
      doc.paths['/api/v1/webhooks/incoming/time-entries'].post.requestBody as {
        content: Record<string, { schema: Record<string, unknown> }>;
      }
    ).content['application/json'];
    media.schema = resolved(doc as unknown as OpenApiDocument, media.schema);
    expect(media.schema.anyOf).toEqual([{ required: ['minutes'] }, { required: ['startedAt', 'endedAt'] }]);
    expect(media.schema.description).toContain('Give `minutes`, or `startedAt` and `endedAt`');

    const validate = schemaValidator(doc as unknown as OpenApiDocument)(media.schema);
    const startedOnly = { description: 'Call', startedAt: '2026-01-15T09:00:00Z' };
    expect(validate({ minutes: 30 })).toBe(true);
    expect(validate({ startedAt: '2026-01-15T09:00:00Z', endedAt: '2026-01-15T10:00:00Z' })).toBe(true);
    expect(validate(startedOnly)).toBe(false);

    const res = await h.call(h.key(['time_entries:create']), {
      method: 'POST',
      url: `${INCOMING}/time-entries`,
      payload: startedOnly,
    });
    expect(res.statusCode).toBe(422);
    expect(errorOf(res)).toEqual({
      code: 'validation_failed',
      message: 'Minutes: give minutes, or startedAt and endedAt',
      details: { fields: [{ path: 'minutes', message: 'Minutes: give minutes, or startedAt and endedAt' }] },
    });
  });

  it('describes every error with the one Error component, and the rate-limit headers on 429', () => {
    const schemas = (doc.components as { schemas?: Record<string, unknown> }).schemas ?? {};
    expect(schemas.Error).toMatchObject({
      type: 'object',
      required: ['error'],
      properties: { error: { type: 'object', required: ['code', 'message'] } },
    });
    const operations = operationsOf(doc as unknown as OpenApiDocument);
    for (const [name, operation] of operations) {
      const statuses = Object.keys(operation.responses);
      expect(
        statuses.some((s) => s.startsWith('2')),
        `${name} documents its success`,
      ).toBe(true);
      // /healthz's "not ok" keeps the shape of its "ok", as monitors read it.
      if (name === 'GET /healthz') {
        expect(operation.responses['503'].content?.['application/json']?.schema).toMatchObject({
          properties: { status: { enum: ['not ok'] }, version: { type: 'string' } },
        });
        continue;
      }
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect(operation.responses[status].content, `${name} ${status}`).toEqual({
          'application/json': { schema: { $ref: '#/components/schemas/Error' } },
        });
      }
      // Every operation says its security: none (`[]`, the public ones) or the bearer key.
      expect(operation.security, name).toBeDefined();
      if (operation.security?.length === 0) continue;
      expect(statuses, name).toEqual(expect.arrayContaining(['401', '403', '429']));
      expect(Object.keys(operation.responses['429'].headers ?? {}).sort(), name).toEqual([
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'Retry-After',
      ]);
    }
  });

  it('is structurally sound: path parameters declared, every reference resolves', () => {
    const text = JSON.stringify(doc);
    const schemas = (doc.components as { schemas?: Record<string, unknown> }).schemas ?? {};
    for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
      expect(schemas[name], `#/components/schemas/${name}`).toBeDefined();
    }
    expect(text).not.toMatch(/"\$ref":"(?!#\/components\/schemas\/)/);
    for (const [name, operation] of operationsOf(doc as unknown as OpenApiDocument)) {
      const inPath = [...name.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(declared.sort(), name).toEqual(inPath.sort());
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(status, name).toMatch(/^[1-5]\d\d$/);
        expect(response.description, `${name} ${status}`).not.toBe('Default Response');
      }
    }
  });

  it('has curl and the n8n scenario in its description', () => {
    const text = doc.info.description;
    expect(text).toContain('curl -X POST http://127.0.0.1:4317/api/v1/webhooks/incoming/tasks');
    expect(text).toContain('-H "Authorization: Bearer ik_live_…"');
    expect(text).toContain('**HTTP Request** node');
    expect(text).toContain('Method: **POST**');
    expect(text).toContain('`Authorization` = `Bearer YOUR_API_KEY`');
    expect(text).toContain('Subject → Title, Content → Description');
  });
});

describe('/api/docs', () => {
  it('serves the interactive reference and every asset it loads from this server', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<title>dVersum API</title>');
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset, 'no absolute URLs').toMatch(/^\/api\/docs\//);
      const res = await h.app.inject({ method: 'GET', url: asset });
      expect(res.statusCode, asset).toBe(200);
    }
    const initializer = await h.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(initializer.body).toContain('"validatorUrl":null');
    const spec = await h.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(spec.json().paths['/api/v1/webhooks/incoming/tasks']).toBeDefined();
  });

  it('forbids the page to load anything from elsewhere (CSP)', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/api/docs' });
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https:|http:|validator\.swagger\.io/);
  });
});
