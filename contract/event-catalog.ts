/**
 * The event catalog: for every event type, what it means, the read permission
 * a key needs to receive it, the zod schema of its payload `{ id, type,
 * timestamp, data }` (`data` is the object's own item schema) and a realistic
 * example. Derived from the resource table; `webhook.test` (the test button's
 * event, which names no object) has its own data schema. It is the one source
 * of the OpenAPI `webhooks` section, `GET /api/v1/event-types` and the
 * samples `webhooks.sendTest` sends, so none of them can drift from the
 * others.
 */
import { z } from 'zod';
import { idOf, isoDateTime } from './common.js';
import { DOCUMENT_LINK_DAYS, documentUrl, isDocumentEvent } from './documents.js';
import { HEALTH_EVENT_DESCRIPTIONS, healthEventData, isHealthEvent, sampleHealthData } from './health-events.js';
import { ID_PREFIXES } from './id-prefixes.js';
import { EVENT_READ_PERMISSION, EVENT_TYPES, type EventType, type Permission } from './integrations.js';
import { RESOURCE_KEYS, resourceOfEvent } from './resources.js';
import { EXAMPLE_IDS, iso } from './resources/define.js';

/** The test button's event data: it proves the webhook is set up, and names it. */
export const testEventData = z.object({
  message: z.string(),
  webhookId: idOf(ID_PREFIXES.webhook),
  webhookName: z.string(),
  sentAt: isoDateTime,
});

export interface EventCatalogEntry {
  type: EventType;
  description: string;
  /** The read permission a key needs to receive it; null: any key (sample data only). */
  permission: Permission | null;
  /** The whole payload as it is delivered. */
  payload: z.ZodType;
  example: { id: string; type: EventType; timestamp: string; data: Record<string, unknown> };
}

/** What a sample's data is made from: the time, fresh ids by object key, the webhook it goes to. */
export interface SampleInput {
  now: number;
  ids: Readonly<Record<string, string>>;
  webhook: { id: string; name: string };
}

const TEST_MESSAGE = 'This is a test event from dVersum. Your webhook is set up correctly.';

/** The `data` of an event of this type, in the state its event leaves the object in (`invoice.paid` is paid). */
export function sampleDataOf(type: EventType, input: SampleInput): Record<string, unknown> {
  if (isHealthEvent(type))
    return sampleHealthData(type, {
      now: input.now,
      webhook: input.webhook,
      deliveryId: input.ids.delivery ?? exampleId(ID_PREFIXES.delivery),
      eventId: input.ids.event ?? exampleId(ID_PREFIXES.event),
    });
  const resource = resourceOfEvent(type);
  if (!resource) {
    return {
      message: TEST_MESSAGE,
      webhookId: input.webhook.id,
      webhookName: input.webhook.name,
      sentAt: iso(input.now),
    };
  }
  const event = type.slice(resource.event.length + 1);
  const data = resource.sample({ now: input.now, event, ids: input.ids }) as Record<string, unknown>;
  return isDocumentEvent(type)
    ? { ...data, documentUrl: sampleDocumentUrl(String(data.id), input.now) }
    : data;
}

/** A document link as events carry it (main/core/documents/document-links.ts makes the real ones). */
function sampleDocumentUrl(id: string, now: number): string {
  const expires = Math.floor(now / 1000) + DOCUMENT_LINK_DAYS * 86_400;
  return `http://127.0.0.1:4317/api/v1/documents/${id}/3f9a0c2e7b41d865?expires=${expires}&signature=sample`;
}

/** An item schema with `documentUrl` beside its fields. */
function withDocumentUrl(item: z.ZodType): z.ZodType {
  if (!(item instanceof z.ZodObject)) throw new Error('a document event needs an object item schema');
  return item.extend({ documentUrl });
}

/** The examples' fixed time and ids: they look real and never change between builds of the document. */
const EXAMPLE_NOW = Date.parse('2026-03-02T09:30:00.000Z');
const exampleId = (prefix: string) => `${prefix}_01kfa4b6n9p2r5t8v1x4z7c0e3`;
const EXAMPLE_INPUT: SampleInput = {
  now: EXAMPLE_NOW,
  ids: {
    ...Object.fromEntries(RESOURCE_KEYS.map((key) => [key, exampleId(ID_PREFIXES[key])])),
    ...EXAMPLE_IDS,
  },
  webhook: { id: exampleId(ID_PREFIXES.webhook), name: 'n8n: new tasks' },
};

function describeEvent(type: EventType): string {
  if (isHealthEvent(type)) return `${HEALTH_EVENT_DESCRIPTIONS[type]} \`data\` names the webhook and why.`;
  const resource = resourceOfEvent(type);
  if (!resource)
    return 'A test event from the test button in Settings: sample data only, sent to one webhook.';
  const suffix = type.slice(resource.event.length + 1);
  const article = /^[aeiou]/.test(resource.noun) ? 'An' : 'A';
  const subject = `${article} ${resource.noun}`;
  const what =
    suffix === 'overdue'
      ? `${subject} became overdue`
      : suffix === 'expired'
        ? `${subject} expired: it was still unanswered after its last valid day`
        : `${subject} was ${suffix}`;
  const data =
    suffix === 'deleted'
      ? `the ${resource.noun} as it was just before it was deleted`
      : `the ${resource.noun} as the API returns it, after the change`;
  const document = isDocumentEvent(type)
    ? ` \`data.documentUrl\` is the ${resource.noun} as a PDF, a signed link valid for ${DOCUMENT_LINK_DAYS} days that needs no key.`
    : '';
  return `${what}. \`data\` is ${data}.${document}`;
}

function payloadOf(type: EventType): z.ZodType {
  const resource = resourceOfEvent(type);
  return z.object({
    id: idOf(ID_PREFIXES.event),
    type: z.literal(type),
    timestamp: isoDateTime,
    data: isHealthEvent(type)
      ? healthEventData
      : !resource
      ? testEventData
      : isDocumentEvent(type)
        ? withDocumentUrl(resource.schemas.item)
        : resource.schemas.item,
  });
}

/** One entry per event type, in EVENT_TYPES' order. */
export const EVENT_CATALOG: readonly EventCatalogEntry[] = EVENT_TYPES.map((type) => ({
  type,
  description: describeEvent(type),
  permission: EVENT_READ_PERMISSION[type],
  payload: payloadOf(type),
  example: {
    id: exampleId(ID_PREFIXES.event),
    type,
    timestamp: iso(EXAMPLE_NOW),
    data: sampleDataOf(type, EXAMPLE_INPUT),
  },
}));

export const catalogEntry = (type: string): EventCatalogEntry | undefined =>
  EVENT_CATALOG.find((e) => e.type === type);

/** An entry's payload as JSON Schema (2020-12, as OpenAPI 3.1 has it). */
export const payloadJsonSchema = (entry: EventCatalogEntry): Record<string, unknown> =>
  z.toJSONSchema(entry.payload, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
