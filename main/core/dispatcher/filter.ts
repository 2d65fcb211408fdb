/**
 * The filter evaluator (pure): whether an event's payload matches a webhook's filter
 * (`contract/webhook-filter.ts` has the shape, checked when the filter is saved). Called
 * by the fan-out only: an event that does not match makes no delivery.
 *
 * - A path walks own fields only (a list's element by its index); a field that is not
 *   there is missing, never an error.
 * - `$eq` is the same type and value (numbers by value, null only equals null); `$neq` is
 *   its negation, so a missing field is `$neq` anything, as MongoDB's `$ne`; likewise
 *   `$in` / `$nin`.
 * - `$gt`, `$gte`, `$lt`, `$lte` compare a number with a number and a text with a text
 *   (ISO dates sort as text); other pairs never match.
 * - `$exists: true` matches a field that is there, null included.
 * - Every key of an object must match; `$and` every item, `$or` at least one.
 */
import type { FilterScalar, WebhookFilter } from '../../../contract/webhook-filter.js';

export type EventPredicate = (payload: unknown) => boolean;

function valueAt(payload: unknown, path: string): unknown {
  let value = payload;
  for (const segment of path.split('.')) {
    if (Array.isArray(value)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
      value = value[Number(segment)];
    } else if (typeof value === 'object' && value !== null && Object.hasOwn(value, segment)) {
      value = (value as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return value;
}

const equals = (value: unknown, wanted: FilterScalar): boolean => value === wanted;

function order(value: unknown, bound: unknown): number | null {
  if (typeof value === 'number' && typeof bound === 'number')
    return value < bound ? -1 : value > bound ? 1 : 0;
  if (typeof value === 'string' && typeof bound === 'string')
    return value < bound ? -1 : value > bound ? 1 : 0;
  return null;
}

function compare(value: unknown, operator: string, operand: unknown): boolean {
  switch (operator) {
    case '$eq':
      return equals(value, operand as FilterScalar);
    case '$neq':
      return !equals(value, operand as FilterScalar);
    case '$in':
      return (operand as FilterScalar[]).some((wanted) => equals(value, wanted));
    case '$nin':
      return !(operand as FilterScalar[]).some((wanted) => equals(value, wanted));
    case '$exists':
      return (value !== undefined) === operand;
    default: {
      const sign = order(value, operand);
      if (sign === null) return false;
      if (operator === '$gt') return sign > 0;
      if (operator === '$gte') return sign >= 0;
      if (operator === '$lt') return sign < 0;
      if (operator === '$lte') return sign <= 0;
      // The shape check admits no other operator; an unknown one stored by hand matches nothing.
      return false;
    }
  }
}

/** Whether `payload` (the event `{id, type, timestamp, data}`) matches `filter`. */
export function matchesFilter(filter: WebhookFilter, payload: unknown): boolean {
  for (const [key, rule] of Object.entries(filter)) {
    if (key === '$and') {
      if (!(rule as WebhookFilter[]).every((item) => matchesFilter(item, payload))) return false;
    } else if (key === '$or') {
      if (!(rule as WebhookFilter[]).some((item) => matchesFilter(item, payload))) return false;
    } else {
      const value = valueAt(payload, key);
      for (const [operator, operand] of Object.entries(rule as Record<string, unknown>)) {
        if (!compare(value, operator, operand)) return false;
      }
    }
  }
  return true;
}

/**
 * A webhook's stored filter (JSON text, or null for none) as a predicate on the parsed event;
 * null when there is no filter, so the fan-out reads no payload for it.
 */
export function compileFilter(stored: string | null): EventPredicate | null {
  if (stored === null) return null;
  const filter = JSON.parse(stored) as WebhookFilter;
  if (Object.keys(filter).length === 0) return null;
  return (payload) => matchesFilter(filter, payload);
}
