/**
 * OpenAPI `links`: how the id an answer carries feeds the next call, so a
 * stateful client or fuzzer chains real ids instead of guessing them. From
 * the resource and endpoint tables:
 *
 * - each create's 201 to its object's get, update, delete and state changes
 *   (`createQuote` → `convertQuote`), and each get's 200 to the state changes;
 * - each create's 201 to the creates whose body names that object
 *   (`createClient` → `createInvoice` with `clientId`): the linked body is the
 *   target's example with that id, and without the other references it may
 *   leave out, so following the link succeeds on a fresh install;
 * - a subscription's 201 to its get and delete.
 */
import { RESOURCE_LIST, type ResourceEntry } from '../../../contract/index.js';
import { EXAMPLES } from './routes/object-examples.js';
import { operationsOf, schemasOf, type Document, type JsonSchema, type Link } from './openapi-document.js';
import { componentNames, OBJECT_OPERATIONS, operationKey, type ObjectOperation } from './openapi-names.js';
import { idPattern, patternOf } from './openapi-rules.js';

const ID = '$response.body#/id';
const ID_PATTERNS = new Set(RESOURCE_LIST.map((resource) => idPattern(resource.prefix)));

const operationsOfResource = (resource: ResourceEntry): ObjectOperation[] =>
  [...OBJECT_OPERATIONS.values()].filter((o) => o.resource.key === resource.key);

const idLink = (operation: ObjectOperation, description: string): Link => ({
  operationId: operation.operationId,
  parameters: { id: ID },
  description,
});

/** Links to the operations that take this object's id in the path. */
function byIdLinks(resource: ResourceEntry, kinds: readonly string[]): Record<string, Link> {
  return Object.fromEntries(
    operationsOfResource(resource)
      .filter((o) => kinds.includes(o.endpoint.kind))
      .map((o) => [o.operationId, idLink(o, `The ${resource.noun} this answer names, by its \`id\``)]),
  );
}

const properties = (schema: JsonSchema | undefined) =>
  (schema?.properties as Record<string, JsonSchema> | undefined) ?? {};

/** The creates whose body names `source` by id: `createClient` → `createProject`, `createInvoice`, `createQuote`. */
function referringCreates(source: ResourceEntry, schemas: Record<string, JsonSchema>): Record<string, Link> {
  const links: Record<string, Link> = {};
  for (const target of RESOURCE_LIST) {
    const create = operationsOfResource(target).find((o) => o.endpoint.kind === 'create');
    const body = schemas[componentNames(target).create];
    const example = (EXAMPLES as Record<string, Record<string, unknown> | undefined>)[`${target.key}Create`];
    if (!create || !body || !example) continue;
    const required = new Set((body.required as string[] | undefined) ?? []);
    const idFields = Object.entries(properties(body)).filter(([, schema]) =>
      ID_PATTERNS.has(patternOf(schema) ?? ''),
    );
    const field = idFields.find(([, schema]) => patternOf(schema) === idPattern(source.prefix))?.[0];
    if (!field) continue;
    const others = idFields.map(([name]) => name).filter((name) => name !== field);
    // A link can give one id: a target that needs another reference too cannot be reached this way.
    if (others.some((name) => required.has(name))) continue;
    const requestBody = Object.fromEntries(
      Object.entries({ ...example, [field]: ID }).filter(([name]) => !others.includes(name)),
    );
    links[`${create.operationId}With${field[0].toUpperCase()}${field.slice(1)}`] = {
      operationId: create.operationId,
      requestBody,
      description: `A new ${target.noun} naming this ${source.noun} as \`${field}\``,
    };
  }
  return links;
}

function addLinks(response: { links?: Record<string, Link> } | undefined, links: Record<string, Link>): void {
  if (response && Object.keys(links).length > 0) response.links = { ...response.links, ...links };
}

export function documentLinks(doc: Document): void {
  const schemas = schemasOf(doc);
  for (const { method, path, operation } of operationsOf(doc)) {
    const object = OBJECT_OPERATIONS.get(operationKey(method, path));
    const responses = operation.responses ?? {};
    if (object?.endpoint.kind === 'create') {
      addLinks(responses['201'], {
        ...byIdLinks(object.resource, ['get', 'update', 'delete', 'action']),
        ...referringCreates(object.resource, schemas),
      });
    } else if (object?.endpoint.kind === 'get') {
      addLinks(responses['200'], byIdLinks(object.resource, ['action']));
    } else if (operationKey(method, path) === 'POST /api/v1/webhooks') {
      const subscription = (operationId: string) => ({
        operationId,
        parameters: { id: ID },
        description: 'This subscription, by its `id`',
      });
      const links = {
        getWebhookSubscription: subscription('getWebhookSubscription'),
        deleteWebhookSubscription: subscription('deleteWebhookSubscription'),
      };
      addLinks(responses['200'], links);
      addLinks(responses['201'], links);
    }
  }
}
