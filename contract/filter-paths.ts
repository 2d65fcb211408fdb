/**
 * Which paths a webhook's filter may name: a field of the payload of every event type it is
 * subscribed to, read from the event catalog's payload schemas (so a path the events do not
 * have is refused when the filter is saved, not silently never matched). A list's element is
 * named by its index (`data.items.0.taxRate`). Test events skip filters: `webhook.test` is
 * not judged.
 */
import { EVENT_CATALOG, payloadJsonSchema, type EventCatalogEntry } from './event-catalog.js';
import { isHealthEvent } from './health-events.js';
import { filterPaths, pathSegments, type WebhookFilter } from './webhook-filter.js';

type JsonSchema = Record<string, unknown>;

const schemas = new Map<string, JsonSchema>();
function schemaOf(entry: EventCatalogEntry): JsonSchema {
  let schema = schemas.get(entry.type);
  if (!schema) {
    schema = payloadJsonSchema(entry);
    schemas.set(entry.type, schema);
  }
  return schema;
}

/** Whether `segments` name a field of `schema` (its `$defs` resolve `$ref`s). */
function hasPath(schema: JsonSchema, segments: readonly string[], root: JsonSchema, seen = 0): boolean {
  if (seen > 32) return false;
  if (typeof schema.$ref === 'string') {
    const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
    const defs = root.$defs as Record<string, JsonSchema> | undefined;
    const target = name !== undefined && defs && Object.hasOwn(defs, name) ? defs[name] : undefined;
    return target !== undefined && hasPath(target, segments, root, seen + 1);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.some((b: JsonSchema) => hasPath(b, segments, root, seen + 1)))
      return true;
  }
  if (segments.length === 0) return true;
  const [head, ...rest] = segments;
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties && Object.hasOwn(properties, head)) return hasPath(properties[head], rest, root, seen + 1);
  if (typeof schema.items === 'object' && schema.items !== null && /^(0|[1-9][0-9]{0,5})$/.test(head))
    return hasPath(schema.items as JsonSchema, rest, root, seen + 1);
  const extra = schema.additionalProperties;
  if (typeof extra === 'object' && extra !== null) return hasPath(extra as JsonSchema, rest, root, seen + 1);
  return false;
}

/** Whether events of `type` have the field `path`. */
export function eventHasPath(type: string, path: string): boolean {
  const entry = EVENT_CATALOG.find((e) => e.type === type);
  const segments = pathSegments(path);
  if (!entry || !segments) return false;
  const schema = schemaOf(entry);
  return hasPath(schema, segments, schema);
}

/**
 * The event types a filter is judged against: those subscribed (`*` is every one but the webhook
 * health events, which it does not take), the test event left out.
 */
export const filteredEventTypes = (events: readonly string[]): string[] =>
  (events.includes('*')
    ? EVENT_CATALOG.map((e) => e.type).filter((type) => !isHealthEvent(type))
    : [...events]
  ).filter(
    (type) => type !== 'webhook.test',
  );

/**
 * The first path of a (well-shaped) filter that an event type subscribed to lacks, as a fragment
 * after the field's label, or null.
 */
export function filterPathProblem(filter: WebhookFilter, events: readonly string[]): string | null {
  const types = filteredEventTypes(events);
  for (const path of filterPaths(filter)) {
    const lacking = types.filter((type) => !eventHasPath(type, path));
    if (lacking.length === 0) continue;
    const named =
      lacking.length > 3
        ? `${lacking.slice(0, 3).join(', ')} and ${lacking.length - 3} more`
        : lacking.join(', ');
    return (
      `${path} is not a field of ${named} events: name a field every chosen event has ` +
      '(GET /api/v1/event-types shows their payloads), or choose fewer events'
    );
  }
  return null;
}
