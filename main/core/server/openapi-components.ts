/**
 * Named schemas: the schemas the routes' zod produced inline become
 * `components.schemas` entries referred to by `$ref`, so a generator names its
 * types (`components['schemas']['Task']`, a `Task` class). Each name's place
 * comes from the resource table and the endpoint table (`openapi-names.ts`):
 * an object's item where an operation answers it, its create and update
 * bodies, its list page; the events' envelope and each event's payload; the
 * REST-hook subscription. The component is the schema the route produced
 * there, so it is what the server validates and answers; a second place
 * naming the same component must hold the same schema (its own top-level
 * description aside), else it stays inline (and the names test fails).
 */
import { isDeepStrictEqual } from 'node:util';
import {
  EVENT_CATALOG,
  isDocumentEvent,
  RESOURCE_LIST,
  resourceOfEvent,
  restActionsOf,
  type ResourceEntry,
} from '../../../contract/index.js';
import {
  jsonMedia,
  operationsOf,
  refTo,
  schemasOf,
  type Document,
  type JsonSchema,
  type Operation,
  type Response,
} from './openapi-document.js';
import {
  componentNames,
  eventComponentName,
  OBJECT_OPERATIONS,
  operationKey,
  type ObjectOperation,
} from './openapi-names.js';

/**
 * `description`: the component's, unless `own` and the schema carries its own (a request body's zod
 * description is the schema's; a response's is the route's word for that answer, which the response keeps).
 */
type Namer = (
  schema: JsonSchema | undefined,
  name: string,
  description: string,
  own?: 'own',
) => JsonSchema | undefined;

/** Replaces a schema by a reference to its component, creating the component on first sight. */
function namer(components: Record<string, JsonSchema>): Namer {
  return (schema, name, fallback, own) => {
    if (!schema || '$ref' in schema) return schema;
    const { description: local, ...body } = schema;
    const description = own && typeof local === 'string' ? local : fallback;
    const known = components[name];
    if (known) {
      const { description: _own, ...knownBody } = known;
      // Another schema under a name already taken stays inline rather than be mislabelled (or the
      // document fail to build); openapi-names.test.ts fails on it, naming the place.
      if (!isDeepStrictEqual(knownBody, body)) return schema;
    } else {
      components[name] = { description, ...body };
    }
    return refTo(name);
  };
}

const article = (noun: string) => (/^[aeiou]/.test(noun) ? 'An' : 'A');

function itemDescription(resource: ResourceEntry): string {
  const own = resource.schemas.item.description;
  return own ?? `${article(resource.noun)} ${resource.noun}, as the API answers it and its events carry it`;
}

/** The response's JSON schema replaced by `to(schema)`. */
function replaceResponse(
  response: Response | undefined,
  to: (schema: JsonSchema | undefined) => JsonSchema | undefined,
): void {
  const media = jsonMedia(response);
  if (media) media.schema = to(media.schema);
}

/** A list or page schema whose `items` array holds `item`. */
function withItems(
  schema: JsonSchema | undefined,
  item: (s: JsonSchema | undefined) => JsonSchema | undefined,
) {
  const items = (schema?.properties as Record<string, JsonSchema> | undefined)?.items;
  if (items?.type === 'array') items.items = item(items.items as JsonSchema | undefined);
  return schema;
}

/** The item of the object a state change answers (`quotes.convert` → the invoice), if it is one. */
function outputResource(operation: ObjectOperation): ResourceEntry | undefined {
  const action = restActionsOf(operation.resource).find((a) => a.name === operation.endpoint.action);
  if (!action?.output) return operation.resource;
  return RESOURCE_LIST.find((r) => r.schemas.item === action.output);
}

function nameObjectOperation(name: Namer, operation: ObjectOperation, doc: Operation): void {
  const { resource, endpoint } = operation;
  const names = componentNames(resource);
  const item = (s: JsonSchema | undefined) => name(s, names.item, itemDescription(resource));
  const body = jsonMedia(doc.requestBody);
  const responses = doc.responses ?? {};
  switch (endpoint.kind) {
    case 'create':
      if (body)
        body.schema = name(
          body.schema,
          names.create,
          `The body of a new ${resource.noun} (\`${operation.operationId}\`)`,
          'own',
        );
      replaceResponse(responses['201'], item);
      return;
    case 'update':
      if (body)
        body.schema = name(
          body.schema,
          names.update,
          `The fields of ${article(resource.noun).toLowerCase()} ${resource.noun} to change (\`${operation.operationId}\`): at least one; \`null\` clears an optional field`,
          'own',
        );
      replaceResponse(responses['200'], item);
      return;
    case 'get':
      replaceResponse(responses['200'], item);
      return;
    case 'list':
      replaceResponse(responses['200'], (s) =>
        name(
          withItems(s, item),
          names.page,
          `A page of ${resource.plural}, newest first: pass \`nextCursor\` as \`cursor\` for the next page`,
        ),
      );
      return;
    case 'action': {
      const output = outputResource(operation);
      if (output) {
        const outputNames = componentNames(output);
        replaceResponse(responses['201'], (s) => name(s, outputNames.item, itemDescription(output)));
      }
      return;
    }
    case 'delete':
      return;
  }
}

/** The routes that are no object's, by `METHOD /path`: what each names. */
function nameOtherOperation(name: Namer, key: string, doc: Operation): void {
  const responses = doc.responses ?? {};
  const subscription = (s: JsonSchema | undefined) =>
    name(
      s,
      'WebhookSubscription',
      'A webhook subscription (REST hook) an API key made, with its signing `secret`',
    );
  const event = (s: JsonSchema | undefined) =>
    name(s, 'Event', 'An event as webhooks receive it: `{ id, type, timestamp, data }`');
  switch (key) {
    case 'GET /api/v1/events':
      replaceResponse(responses['200'], (s) =>
        name(
          withItems(s, event),
          'EventPage',
          'A page of the events feed: pass `nextCursor` as `after` for the next page',
        ),
      );
      return;
    case 'GET /api/v1/me':
      replaceResponse(responses['200'], (s) =>
        name(s, 'Me', 'The calling key, its rate limits and the server'),
      );
      return;
    case 'GET /api/v1/webhooks':
      replaceResponse(responses['200'], (s) =>
        name(withItems(s, subscription), 'WebhookSubscriptionList', 'The subscriptions this key made'),
      );
      return;
    case 'POST /api/v1/webhooks': {
      const body = jsonMedia(doc.requestBody);
      if (body)
        body.schema = name(
          body.schema,
          'WebhookSubscriptionCreate',
          'The body of a new webhook subscription',
          'own',
        );
      replaceResponse(responses['200'], subscription);
      replaceResponse(responses['201'], subscription);
      return;
    }
    case 'GET /api/v1/webhooks/{id}':
      replaceResponse(responses['200'], subscription);
      return;
  }
}

/** The `webhooks` section: each payload is `<Type>Event`, its `data` the object's item component. */
function nameWebhookPayloads(name: Namer, doc: Document): void {
  for (const entry of EVENT_CATALOG) {
    const media = jsonMedia(doc.webhooks?.[entry.type]?.post?.requestBody);
    if (!media?.schema) continue;
    const resource = RESOURCE_LIST.find(
      (r) => r.schemas.item === (entry.payload as { shape?: { data?: unknown } }).shape?.data,
    );
    const data = (media.schema.properties as Record<string, JsonSchema> | undefined)?.data;
    // The document events' data is the item with `documentUrl`: a component of its own (the item's
    // schema allows no other property, so a $ref to it beside documentUrl would not validate).
    const documented = isDocumentEvent(entry.type) ? resourceOfEvent(entry.type) : undefined;
    if (documented && data) {
      (media.schema.properties as Record<string, JsonSchema>).data = name(
        data,
        `${componentNames(documented).item}WithDocument`,
        `${article(documented.noun)} ${documented.noun} as its events carry it once sent, with \`documentUrl\`: its PDF, through a signed link that needs no key`,
      ) as JsonSchema;
    } else if (resource && data) {
      (media.schema.properties as Record<string, JsonSchema>).data = name(
        data,
        componentNames(resource).item,
        itemDescription(resource),
      ) as JsonSchema;
    }
    media.schema = name(
      media.schema,
      eventComponentName(entry.type),
      `The \`${entry.type}\` event: ${entry.description}`,
    );
  }
}

export function nameComponents(doc: Document): void {
  const name = namer(schemasOf(doc));
  for (const { method, path, operation } of operationsOf(doc)) {
    const key = operationKey(method, path);
    const object = OBJECT_OPERATIONS.get(key);
    if (object) nameObjectOperation(name, object, operation);
    else nameOtherOperation(name, key, operation);
  }
  nameWebhookPayloads(name, doc);
}
