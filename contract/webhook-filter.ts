/**
 * A webhook's filter: JSON match rules on the event's payload, in Outpost's and
 * MongoDB's shape — `{"data.status": {"$eq": "paid"}, "data.total": {"$gte": 100000}}`.
 * Each key is a field's dotted path (a list's element by its index: `data.items.0.taxRate`)
 * holding one or more comparisons, or `$and` / `$or` holding a list of such objects;
 * the keys of one object must all match. An event that does not match makes no delivery.
 *
 * This module holds the schema and the shape check (`filterShapeProblem`); which paths an
 * event has is `filter-paths.ts` (it reads the event catalog), and the evaluator is the
 * core's `dispatcher/filter.ts`. Bounded before anything walks it: its JSON at most
 * `MAX_FILTER_JSON_CHARS`, `$and`/`$or` at most `MAX_FILTER_DEPTH` deep, at most
 * `MAX_FILTER_CONDITIONS` comparisons.
 */
import { z } from 'zod';

export const COMPARISON_OPERATORS = [
  '$eq',
  '$neq',
  '$in',
  '$nin',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$exists',
] as const;
export const LOGICAL_OPERATORS = ['$and', '$or'] as const;
export const FILTER_OPERATORS = [...COMPARISON_OPERATORS, ...LOGICAL_OPERATORS] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];
export type LogicalOperator = (typeof LOGICAL_OPERATORS)[number];

export const MAX_FILTER_CONDITIONS = 20;
export const MAX_FILTER_DEPTH = 4;
export const MAX_FILTER_JSON_CHARS = 4096;
/** A path's segments: at most this many, each letters, digits and `_`. */
export const MAX_FILTER_PATH_SEGMENTS = 8;

export type FilterScalar = string | number | boolean | null;
export type FilterComparison = Partial<{
  $eq: FilterScalar;
  $neq: FilterScalar;
  $in: FilterScalar[];
  $nin: FilterScalar[];
  $gt: number | string;
  $gte: number | string;
  $lt: number | string;
  $lte: number | string;
  $exists: boolean;
}>;
/** One object of rules: paths to comparisons, and `$and` / `$or` to lists of rules. */
export interface WebhookFilter {
  $and?: WebhookFilter[];
  $or?: WebhookFilter[];
  [path: string]: FilterComparison | WebhookFilter[] | undefined;
}

export const FILTER_EXAMPLE: WebhookFilter = {
  'data.status': { $eq: 'paid' },
  'data.total': { $gte: 100000 },
  'data.clientId': { $in: ['cli_01kfa4b6n9p2r5t8v1x4z7c0e3'] },
};

/**
 * The field as the contract and `POST /api/v1/webhooks` take it (null or `{}`: every event);
 * the rules are checked by the core (`filterShapeProblem`, `filterPathProblem`), which names the
 * rule at fault and, for a path, the event type that lacks it.
 */
const NOT_RULES = 'write it as a JSON object of rules, such as {"data.status": {"$eq": "paid"}}';
export const webhookFilter = z
  .record(z.string(), z.unknown(), { error: NOT_RULES })
  .nullable()
  .describe(
    'Only events whose payload matches these rules make a delivery (null or {}: every event). ' +
      "Each key is a field's dotted path in the payload (`data.status`, `data.items.0.taxRate`) holding " +
      'comparisons — `$eq`, `$neq`, `$in`, `$nin` (a list), `$gt`, `$gte`, `$lt`, `$lte` (a number, or a text ' +
      'such as a date), `$exists` (true or false) — or `$and` / `$or` holding a list of such objects; every key ' +
      `of an object must match. Money is in minor units (100000 is 1,000.00). At most ${MAX_FILTER_CONDITIONS} ` +
      `comparisons, ${MAX_FILTER_JSON_CHARS} characters of JSON and ${MAX_FILTER_DEPTH} levels of \`$and\`/\`$or\`; ` +
      'each path must be a field of every event subscribed to (`GET /api/v1/event-types` lists their payloads).',
  )
  .meta({ examples: [FILTER_EXAMPLE] });

const OPERATOR_LIST = `${FILTER_OPERATORS.slice(0, -1).join(', ')} or ${FILTER_OPERATORS.at(-1)}`;
const SEGMENT = /^[A-Za-z0-9_]+$/;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown): value is FilterScalar =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value));

/** Whether a filter asks for nothing (null, absent or `{}`): stored as none. */
export const isEmptyFilter = (filter: unknown): boolean =>
  filter === null || filter === undefined || (isPlainObject(filter) && Object.keys(filter).length === 0);

/** A path's segments, or null when it is not a dotted path of plain names. */
export function pathSegments(path: string): string[] | null {
  const segments = path.split('.');
  if (segments.length > MAX_FILTER_PATH_SEGMENTS) return null;
  return segments.every((s) => SEGMENT.test(s)) ? segments : null;
}

/** Every path the filter names, in order, each once. */
export function filterPaths(filter: WebhookFilter): string[] {
  const found = new Set<string>();
  const walk = (node: WebhookFilter): void => {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$and' || key === '$or') (value as WebhookFilter[]).forEach(walk);
      else found.add(key);
    }
  };
  walk(filter);
  return [...found];
}

class ShapeProblem extends Error {}
const fail = (message: string): never => {
  throw new ShapeProblem(message);
};

function checkComparison(path: string, operator: string, value: unknown): void {
  const at = `${operator} at ${path}`;
  switch (operator) {
    case '$eq':
    case '$neq':
      if (!isScalar(value)) fail(`${at} takes one text, number, true, false or null`);
      return;
    case '$in':
    case '$nin':
      if (!Array.isArray(value) || value.length === 0 || !value.every(isScalar))
        fail(`${at} takes a list of texts or numbers, such as ["cli_…", "cli_…"]`);
      return;
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      if (!(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))))
        fail(`${at} takes a number, or a text such as a date`);
      return;
    case '$exists':
      if (typeof value !== 'boolean') fail(`${at} takes true or false`);
      return;
    default:
      return fail(
        (LOGICAL_OPERATORS as readonly string[]).includes(operator)
          ? `${operator} at ${path} belongs beside the fields, not inside one: {"${operator}": [{…}, {…}]}`
          : `${operator} at ${path} is not an operator: use ${OPERATOR_LIST}`,
      );
  }
}

/**
 * What is wrong with the filter's shape, as a fragment after the field's label, or null.
 * The size is judged first, so nothing walks an unbounded value.
 */
export function filterShapeProblem(filter: unknown): string | null {
  if (!isPlainObject(filter)) return NOT_RULES;
  const size = JSON.stringify(filter).length;
  if (size > MAX_FILTER_JSON_CHARS)
    return `at most ${MAX_FILTER_JSON_CHARS} characters of JSON (you entered ${size}): use fewer conditions or shorter values`;
  let conditions = 0;
  const walk = (node: unknown, depth: number): void => {
    if (!isPlainObject(node))
      fail('each item of $and and $or is an object of rules, such as {"data.status": {"$eq": "paid"}}');
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === '$and' || key === '$or') {
        if (depth >= MAX_FILTER_DEPTH)
          fail(`$and and $or nest at most ${MAX_FILTER_DEPTH} levels deep: write the rules flatter`);
        if (!Array.isArray(value) || value.length === 0)
          fail(`${key} takes a list of objects of rules, such as [{"data.status": {"$eq": "paid"}}, {…}]`);
        for (const item of value as unknown[]) walk(item, depth + 1);
        continue;
      }
      if (key.startsWith('$'))
        fail(
          (COMPARISON_OPERATORS as readonly string[]).includes(key)
            ? `${key} needs a field: write {"data.status": {"${key}": …}}`
            : `${key} is not an operator: use ${OPERATOR_LIST}`,
        );
      if (pathSegments(key) === null)
        fail(
          `${JSON.stringify(key)} is not a field path: name the field with dots, such as data.status ` +
            `(letters, digits and _, at most ${MAX_FILTER_PATH_SEGMENTS} parts)`,
        );
      if (!isPlainObject(value) || Object.keys(value).length === 0)
        fail(`${key} needs a comparison: write {"${key}": {"$eq": …}}`);
      for (const [operator, operand] of Object.entries(value as Record<string, unknown>)) {
        checkComparison(key, operator, operand);
        conditions++;
      }
    }
  };
  try {
    walk(filter, 0);
  } catch (error) {
    if (error instanceof ShapeProblem) return error.message;
    throw error;
  }
  if (conditions > MAX_FILTER_CONDITIONS)
    return (
      `at most ${MAX_FILTER_CONDITIONS} conditions (you entered ${conditions}): ` +
      'use $in for several values of one field, or split the rules over two webhooks'
    );
  return null;
}
