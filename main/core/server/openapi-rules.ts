/**
 * The rules the server enforces outside the routes' zod schemas, written into
 * the document so a generator and a fuzzer know them (each has a test that
 * the server refuses what the document forbids, test/core/server/openapi-rules.test.ts):
 *
 * - `Idempotency-Key`: 1–255 visible ASCII characters (`idempotency.ts`: else 400),
 *   the same key with another body a 422;
 * - ids in paths: the id's pattern (an id that does not match names nothing: 404),
 *   `after` in the events feed too (422);
 * - update bodies: at least one field (`minProperties: 1`; `{}` is a 422);
 * - references: an id in a body must name an existing object (else 422), said on the field;
 * - a subscription's `url`: `format: uri` (`url-policy.ts` refuses what is no URL: 422).
 */
import { z } from 'zod';
import { ID_PREFIXES } from '../../../contract/id-prefixes.js';
import { idOf, RESOURCE_LIST } from '../../../contract/index.js';
import { IDEMPOTENCY_KEY_PATTERN } from './idempotency.js';
import {
  operationsOf,
  schemasOf,
  type Document,
  type JsonSchema,
  type Parameter,
} from './openapi-document.js';
import { componentNames, OBJECT_OPERATIONS, operationKey } from './openapi-names.js';

const ID_PATTERNS = new Map<string, string>();

/** `^tsk_[0-9a-z]{26}$`: the contract's id schema (`idOf`), as JSON Schema writes it. */
export function idPattern(prefix: string): string {
  let pattern = ID_PATTERNS.get(prefix);
  if (pattern === undefined) {
    pattern = (z.toJSONSchema(idOf(prefix)) as { pattern: string }).pattern;
    ID_PATTERNS.set(prefix, pattern);
  }
  return pattern;
}

/** The id prefix of `{id}` in the paths that are no object's. */
const OTHER_PATH_IDS: Readonly<Record<string, string>> = {
  '/api/v1/webhooks/{id}': ID_PREFIXES.webhook,
  '/api/v1/invoices/{id}/pdf': ID_PREFIXES.invoice,
  '/api/v1/quotes/{id}/pdf': ID_PREFIXES.quote,
};

const IDEMPOTENCY_KEY: Parameter = {
  in: 'header',
  name: 'Idempotency-Key',
  required: false,
  description:
    '1 to 255 visible ASCII characters (no spaces), unique per request you mean: a retry with the same key and body ' +
    'within 24 hours answers the first response again (with `Idempotent-Replayed: true`) and creates nothing. ' +
    'The same key with another body is a 422; while the first request with it is still running, a 409; ' +
    'a key outside the pattern is a 400.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN.source },
};

const REPLAYED_HEADER = {
  description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key',
  schema: { type: 'string', enum: ['true'] },
};

function idempotencyKey(operation: {
  parameters?: Parameter[];
  responses?: Record<string, { headers?: Record<string, unknown> }>;
}): void {
  const index = operation.parameters?.findIndex(
    (p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key',
  );
  if (index === undefined || index < 0 || !operation.parameters) return;
  operation.parameters[index] = IDEMPOTENCY_KEY;
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    if (status.startsWith('2'))
      response.headers = { ...response.headers, 'Idempotent-Replayed': REPLAYED_HEADER };
  }
}

function pathIds(path: string, prefix: string | undefined, parameters: Parameter[] | undefined): void {
  const id = parameters?.find((p) => p.in === 'path' && p.name === 'id');
  if (!id || !prefix) return;
  id.schema = { ...id.schema, pattern: idPattern(prefix) };
  id.description = `${id.description ?? 'The id'}; one that does not match the pattern names nothing (404)`;
}

function eventCursor(parameters: Parameter[] | undefined): void {
  const after = parameters?.find((p) => p.in === 'query' && p.name === 'after');
  if (!after) return;
  after.schema = { ...after.schema, pattern: idPattern(ID_PREFIXES.event) };
  after.description = `${after.description ?? ''}. One that is no event id, or names no event, is a 422`;
}

const byPrefix = new Map(RESOURCE_LIST.map((resource) => [idPattern(resource.prefix), resource]));

/** The pattern of an id field, nullable (`anyOf [id, null]`) or not. */
export function patternOf(schema: JsonSchema): string | undefined {
  if (typeof schema.pattern === 'string') return schema.pattern;
  const branches = (schema.anyOf as JsonSchema[] | undefined) ?? [];
  return branches.map((b) => b.pattern).find((p): p is string => typeof p === 'string');
}

/** Each id field of a body says it must name an existing object. */
function references(body: JsonSchema | undefined): void {
  const properties = body?.properties as Record<string, JsonSchema> | undefined;
  for (const [field, schema] of Object.entries(properties ?? {})) {
    const pattern = patternOf(schema);
    const target = pattern === undefined ? undefined : byPrefix.get(pattern);
    if (!target || field === 'id') continue;
    const rule = `The id of an existing ${target.noun} (\`${target.prefix}_…\`): one that names no ${target.noun} is a 422.`;
    // The id schema's own words (`Id (cli_…)`) say less than the rule: the rule replaces them.
    const own = schema.description === `Id (${target.prefix}_…)` ? undefined : schema.description;
    schema.description = own === undefined ? rule : `${String(own)} ${rule}`;
  }
}

export function documentRules(doc: Document): void {
  for (const { method, path, operation } of operationsOf(doc)) {
    const object = OBJECT_OPERATIONS.get(operationKey(method, path));
    idempotencyKey(operation);
    pathIds(path, object?.resource.prefix ?? OTHER_PATH_IDS[path], operation.parameters);
    if (path === '/api/v1/events') eventCursor(operation.parameters);
  }
  const schemas = schemasOf(doc);
  for (const resource of RESOURCE_LIST) {
    const names = componentNames(resource);
    const update = schemas[names.update];
    // The entry's `update` schema is the patch that must change something (resources/define.ts).
    if (update) schemas[names.update] = { ...update, minProperties: 1 };
    references(schemas[names.create]);
    references(schemas[names.update]);
  }
  const subscription = (
    schemas.WebhookSubscriptionCreate?.properties as Record<string, JsonSchema> | undefined
  )?.url;
  if (subscription) {
    subscription.format = 'uri';
    subscription.description =
      "An absolute URL: public HTTPS, or http(s) on the caller's own address (not dVersum's port); anything else is a 422";
  }
}
