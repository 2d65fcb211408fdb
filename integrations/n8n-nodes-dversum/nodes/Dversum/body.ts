/**
 * A request body from the node's parameters: the values of the fields given,
 * as dVersum's schemas want them. An empty value of a field that may be null
 * sends null (clears it on an update); of an optional one that may not, it is
 * left out; a required one is sent as it is, so dVersum's 422 names it.
 * A JSON field (the line items) may be given as text or as an expression's value.
 */
import type { IDataObject } from 'n8n-workflow';
import type { FieldSpec } from '../api-types';

export class BodyError extends Error {}

function valueOf(field: FieldSpec, value: unknown): unknown {
  if (field.type === 'json' && typeof value === 'string') {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw new BodyError(
        `${field.displayName} must be JSON, such as [{"description": "Design", "quantity": 1, "unitPrice": 150000}]`,
      );
    }
  }
  return value;
}

/** The body's entries for `fields` taken from `values` (only the fields present there). */
export function bodyOf(fields: FieldSpec[], values: IDataObject, required = false): IDataObject {
  const body: IDataObject = {};
  for (const field of fields) {
    if (!(field.name in values)) continue;
    const value = values[field.name];
    if (!required && (value === '' || value === null || value === undefined)) {
      if (field.nullable) body[field.name] = null;
      continue;
    }
    body[field.name] = valueOf(field, value) as IDataObject[string];
  }
  return body;
}
