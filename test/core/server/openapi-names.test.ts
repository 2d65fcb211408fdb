/**
 * The names generators build on (main/core/server/openapi-names.ts,
 * openapi-components.ts): every operation's operationId, unique and pinned,
 * and the named components, each present and referred to by `$ref`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EVENT_CATALOG,
  isDocumentEvent,
  RESOURCE_LIST,
  restActionsOf,
  type ResourceEntry,
} from '../../../contract/index.js';
import { ALL_OPERATION_IDS } from '../../../main/core/server/openapi-names.js';
import { createHarness, type Harness } from '../../support/server.js';
import { operationsOf, type OpenApiDocument } from './openapi-schema.js';

/** `time_entry` → `TimeEntry`, `timeEntries` → `TimeEntries`: spelled here, apart from openapi-names.ts. */
const pascalCase = (text: string): string =>
  text
    .split(/[._-]/)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');

/**
 * Each object's operationIds by the rule generated clients rely on, applied to the resource table
 * (whose lists test/contract/resources.test.ts pins): a renamed operation breaks every client
 * generated from the document, so the rule is written out here, not taken from the server.
 */
const objectOperationIds = (r: ResourceEntry): string[] => {
  const name = pascalCase(r.key);
  const methods = r.incoming.methods as readonly string[];
  return [
    ...(methods.includes('POST') ? [`create${name}`] : []),
    ...(methods.includes('PATCH') ? [`update${name}`] : []),
    ...(methods.includes('DELETE') ? [`delete${name}`] : []),
    `list${pascalCase(r.list)}`,
    `get${name}`,
    ...restActionsOf(r).map((action) => `${action.name}${name}`),
  ];
};

/** Pinned by hand: the operations that are no object's. */
const OTHER_OPERATION_IDS = [
  'getHealth',
  'getOpenApiDocument',
  'getMe',
  'listEventTypes',
  'listEvents',
  'listWebhookSubscriptions',
  'createWebhookSubscription',
  'getWebhookSubscription',
  'deleteWebhookSubscription',
  'getInvoicePdf',
  'getQuotePdf',
  'getDocumentByLink',
];

const PINNED_OPERATION_IDS = [
  ...OTHER_OPERATION_IDS,
  ...(RESOURCE_LIST as readonly ResourceEntry[]).flatMap(objectOperationIds),
];

/** Each object's named components: itself, its create body, its update body when it has PATCH, its page. */
const objectComponents = (r: ResourceEntry): string[] => {
  const name = pascalCase(r.key);
  const update = (r.incoming.methods as readonly string[]).includes('PATCH') ? [`${name}Update`] : [];
  return [name, `${name}Create`, ...update, `${name}Page`];
};

/** Pinned by hand: the components that are no object's own, and five of the events' payloads. */
const OTHER_COMPONENTS = [
  'Error',
  'InvoiceWithDocument',
  'QuoteWithDocument',
  'Event',
  'EventPage',
  'Me',
  'WebhookSubscription',
  'WebhookSubscriptionCreate',
  'WebhookSubscriptionList',
  'TaskCreatedEvent',
  'TimeEntryDeletedEvent',
  'InvoicePaidEvent',
  'QuoteExpiredEvent',
  'WebhookTestEvent',
];

const PINNED_COMPONENTS = [
  ...OTHER_COMPONENTS,
  ...(RESOURCE_LIST as readonly ResourceEntry[]).flatMap(objectComponents),
];

let h: Harness;
let doc: OpenApiDocument & {
  webhooks: Record<string, { post: { operationId: string; requestBody: unknown } }>;
};
beforeAll(async () => {
  h = await createHarness();
  doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
});
afterAll(() => h.close());

const refsIn = (value: unknown): string[] =>
  [...JSON.stringify(value).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);

describe('operationIds', () => {
  it('are on every operation, unique, and the pinned set, which the tables derive', () => {
    const ids = [...operationsOf(doc)].map(([name, operation]) => {
      expect(operation.operationId, name).toMatch(/^[a-z][A-Za-z]+$/);
      return operation.operationId as string;
    });
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['createTask', 'deleteTask', 'listTimeEntries', 'getTimeEntry', 'convertQuote'])
      expect(PINNED_OPERATION_IDS, id).toContain(id);
    expect([...ids].sort()).toEqual([...PINNED_OPERATION_IDS].sort());
    expect([...ALL_OPERATION_IDS].sort()).toEqual([...PINNED_OPERATION_IDS].sort());
  });

  it("name each webhook entry too, apart from the paths' ones", () => {
    const webhookIds = Object.values(doc.webhooks).map((w) => w.post.operationId);
    expect(new Set(webhookIds).size).toBe(EVENT_CATALOG.length);
    for (const id of webhookIds) expect(PINNED_OPERATION_IDS).not.toContain(id);
  });
});

describe('tags and info', () => {
  it('declare every tag an operation or webhook uses, each with a description; contact and license', () => {
    const declared = doc as unknown as {
      tags: { name: string; description?: string }[];
      info: { contact?: { name?: string; url?: string }; license?: { name?: string; url?: string } };
    };
    const used = new Set(
      [
        ...[...operationsOf(doc)].map(([, o]) => o),
        ...Object.values(doc.webhooks).map((w) => w.post),
      ].flatMap((o) => (o as { tags?: string[] }).tags ?? []),
    );
    expect([...used].sort()).toEqual(declared.tags.map((t) => t.name).sort());
    for (const tag of declared.tags) expect(tag.description?.length, tag.name).toBeGreaterThan(10);
    expect(declared.info.contact).toMatchObject({
      name: 'dVersum',
      url: expect.stringMatching(/^https:\/\//),
    });
    expect(declared.info.license).toMatchObject({
      name: expect.any(String),
      url: expect.stringMatching(/^https:\/\//),
    });
  });
});

describe('named components', () => {
  it('exist for every object, their bodies and pages, the events and their payloads, and Error', () => {
    const schemas = doc.components.schemas ?? {};
    for (const name of PINNED_COMPONENTS) expect(schemas[name], name).toBeDefined();
    for (const entry of EVENT_CATALOG) {
      const name = `${entry.type
        .split(/[._]/)
        .map((p) => p[0].toUpperCase() + p.slice(1))
        .join('')}Event`;
      expect(schemas[name], name).toBeDefined();
    }
    expect(Object.keys(schemas).length).toBe(PINNED_COMPONENTS.length - 5 + EVENT_CATALOG.length);
  });

  it("carry the zod schemas' own descriptions, nested ones included", () => {
    const schemas = doc.components.schemas as Record<string, { description?: string; properties?: object }>;
    expect(schemas.TimeEntryCreate.description).toContain('Give `minutes`, or `startedAt` and `endedAt`');
    expect(schemas.WebhookSubscriptionCreate.properties).toMatchObject({
      name: { description: 'Defaults to "REST hook: <host>"' },
    });
  });

  it('are each referred to by $ref from outside themselves, and every $ref names one', () => {
    const schemas = doc.components.schemas ?? {};
    const { components: _components, ...rest } = doc;
    const used = new Set(refsIn(rest));
    for (const schema of Object.values(schemas)) {
      for (const ref of refsIn(schema)) used.add(ref);
    }
    for (const name of Object.keys(schemas)) expect(used.has(name), name).toBe(true);
    for (const name of used) expect(schemas[name], name).toBeDefined();
  });

  it('stand where the operations answer and take them, by $ref', () => {
    const op = (name: string) => [...operationsOf(doc)].find(([n]) => n === name)?.[1];
    const media = (holder: { content?: Record<string, { schema?: unknown }> } | undefined) =>
      holder?.content?.['application/json']?.schema;
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    for (const resource of RESOURCE_LIST) {
      const name = resource.key[0].toUpperCase() + resource.key.slice(1);
      const incoming = `/api/v1/webhooks/incoming/${resource.segment}`;
      expect(media(op(`POST ${incoming}`)?.requestBody), name).toEqual(ref(`${name}Create`));
      expect(media(op(`POST ${incoming}`)?.responses['201']), name).toEqual(ref(name));
      expect(media(op(`GET /api/v1/${resource.segment}/{id}`)?.responses['200']), name).toEqual(ref(name));
      expect(media(op(`GET /api/v1/${resource.segment}`)?.responses['200']), name).toEqual(
        ref(`${name}Page`),
      );
      const patch = op(`PATCH ${incoming}/{id}`);
      if (patch) expect(media(patch.requestBody), name).toEqual(ref(`${name}Update`));
    }
    expect(media(op('POST /api/v1/quotes/{id}/convert')?.responses['201'])).toEqual(ref('Invoice'));
    for (const entry of EVENT_CATALOG) {
      const name = `${entry.type
        .split(/[._]/)
        .map((p) => p[0].toUpperCase() + p.slice(1))
        .join('')}Event`;
      expect(doc.webhooks[entry.type].post.requestBody, entry.type).toMatchObject({
        content: { 'application/json': { schema: ref(name) } },
      });
      const resource = RESOURCE_LIST.find((r) => entry.type.startsWith(`${r.event}.`));
      if (!resource) continue;
      const item = resource.key[0].toUpperCase() + resource.key.slice(1);
      // invoice.sent|paid|overdue, quote.sent|accepted carry their PDF's link beside the item's fields.
      const data = isDocumentEvent(entry.type) ? `${item}WithDocument` : item;
      expect((doc.components.schemas ?? {})[name], name).toMatchObject({ properties: { data: ref(data) } });
    }
    for (const name of ['InvoiceWithDocument', 'QuoteWithDocument']) {
      const schema = (doc.components.schemas ?? {})[name] as { required?: string[] };
      expect(schema, name).toMatchObject({ properties: { documentUrl: { type: 'string', format: 'uri' } } });
      expect(schema.required, name).toContain('documentUrl');
    }
    const events = op('GET /api/v1/events')?.responses['200'];
    expect(media(events)).toEqual(ref('EventPage'));
    expect((doc.components.schemas ?? {}).EventPage).toMatchObject({
      properties: { items: { items: ref('Event') } },
    });
  });
});
