/**
 * The event catalog through the public surface: `GET /api/v1/event-types`
 * and the OpenAPI `webhooks` section list every event type, each example
 * validates (ajv, JSON Schema 2020-12) against its own schema, and so does
 * every sample the test button (`webhooks.sendTest`) sends, as it arrives at
 * a real loopback receiver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { EVENT_READ_PERMISSION, EVENT_TYPES } from '../../../contract/index.js';
import { openHarness, type Harness as CoreHarness } from '../../support/core.js';
import { Receiver } from '../../support/receiver.js';
import { createHarness, errorOf, type Harness } from '../../support/server.js';
import { resolved, schemaValidator, type OpenApiDocument } from './openapi-schema.js';

interface EventTypeItem {
  type: string;
  description: string;
  permission: string | null;
  schema: Record<string, unknown>;
  example: { id: string; type: string; timestamp: string; data: Record<string, unknown> };
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validates = (schema: object, value: unknown): string | true => {
  const validate = ajv.compile(schema);
  return validate(value) ? true : ajv.errorsText(validate.errors);
};

let h: Harness;
let items: EventTypeItem[];
beforeAll(async () => {
  h = await createHarness();
  const res = await h.call(h.key(['tasks:write']), { method: 'GET', url: '/api/v1/event-types' });
  expect(res.statusCode, res.body).toBe(200);
  items = (res.json() as { items: EventTypeItem[] }).items;
});
afterAll(() => h.close());

describe('GET /api/v1/event-types', () => {
  it('lists every event type once, with its description and read permission', () => {
    expect(items.map((i) => i.type)).toEqual(EVENT_TYPES);
    for (const item of items) {
      expect(item.description.length, item.type).toBeGreaterThan(10);
      expect(item.permission, item.type).toBe(
        EVENT_READ_PERMISSION[item.type as keyof typeof EVENT_READ_PERMISSION],
      );
    }
    expect(items.find((i) => i.type === 'invoice.paid')).toMatchObject({
      permission: 'invoices:read',
      example: { type: 'invoice.paid', data: { status: 'paid' } },
    });
  });

  it('gives each type a payload schema its example validates against, and refuses a wrong one', () => {
    for (const item of items) {
      expect(validates(item.schema, item.example), item.type).toBe(true);
      expect(item.example.type).toBe(item.type);
      // The schema is the type's own: another type's example does not pass.
      const other = items.find((i) => i.type !== item.type)!;
      expect(validates(item.schema, other.example), `${item.type} accepts ${other.type}`).not.toBe(true);
    }
    const task = items.find((i) => i.type === 'task.created')!;
    const broken = { ...task.example, data: { ...task.example.data, status: 'someday' } };
    expect(validates(task.schema, broken)).not.toBe(true);
  });

  it('needs a valid key and no permission beyond it', async () => {
    const none = await h.call(undefined, { method: 'GET', url: '/api/v1/event-types' });
    expect(none.statusCode).toBe(401);
    const unknown = await h.call('ik_live_unknown', { method: 'GET', url: '/api/v1/event-types' });
    expect(unknown.statusCode).toBe(401);
    const outside = await h.call(h.key(['clients:write'], ['203.0.113.0/24']), {
      method: 'GET',
      url: '/api/v1/event-types',
    });
    expect(outside.statusCode).toBe(403);
    expect(errorOf(outside).code).toBe('forbidden');
  });
});

describe('the OpenAPI webhooks section', () => {
  it('has one entry per event type, with the catalog schema and example', async () => {
    const doc = (
      await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    ).json() as OpenApiDocument & {
      webhooks: Record<
        string,
        {
          post: {
            description: string;
            requestBody: { content: Record<string, { schema: object; example: unknown }> };
          };
        }
      >;
    };
    expect(Object.keys(doc.webhooks)).toEqual(EVENT_TYPES);
    for (const item of items) {
      const entry = doc.webhooks[item.type].post;
      expect(entry.description).toContain(item.description);
      const media = entry.requestBody.content['application/json'];
      expect(media.example).toEqual(item.example);
      // The payload is a named component (`TaskCreatedEvent`), its `data` the object's (`Task`).
      expect(resolved(doc, media.schema).properties).toMatchObject({ type: { const: item.type } });
      const validate = schemaValidator(doc)(media.schema);
      expect(validate(media.example), item.type).toBe(true);
      // The schema is the type's own: another type's example does not pass.
      expect(validate(items.find((other) => other.type !== item.type)!.example), item.type).toBe(false);
    }
  });
});

describe('webhooks.sendTest', () => {
  let core: CoreHarness;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
    core = openHarness();
  });
  afterAll(async () => {
    await core.core.close();
    await receiver.close();
  });

  it('sends, for every event type, a sample that validates against the catalog schema', async () => {
    const hook = await core.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    for (const type of EVENT_TYPES) await core.call('webhooks.sendTest', { id: hook.id, eventType: type });
    await core.core.dispatcher.runDue();
    await receiver.waitFor(EVENT_TYPES.length);
    const byType = new Map(items.map((i) => [i.type, i]));
    const got = receiver.deliveries().map((d) => d.body);
    expect(got.map((b) => b.type).sort()).toEqual([...EVENT_TYPES].sort());
    for (const body of got) expect(validates(byType.get(body.type)!.schema, body), body.type).toBe(true);
    expect(receiver.mismatches).toEqual([]);
  });
});
