/**
 * A request body from the node's parameters: the values of the fields given,
 * as dVersum's schemas want them. An empty value of a field that may be null
 * sends null (clears it on an update); of an optional one that may not, it is
 * left out; a required one is sent as it is, so dVersum's 422 names it.
 * Line items come as the node's rows (`{ item: [...] }`), or as a list or JSON
 * text from an expression; their amounts stay as typed here, and `amounts.ts`
 * converts them once the currency is known.
 */
import type { IDataObject } from 'n8n-workflow';
import type { FieldSpec } from '../api-types';

export class BodyError extends Error {}

const ITEMS_EXAMPLE = '[{"description": "Design", "quantity": 1, "unitPrice": "1500.00"}]';

function parsed(field: FieldSpec, value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new BodyError(`${field.displayName} must be JSON, such as ${ITEMS_EXAMPLE}`);
  }
}

/** The rows of a line-items field: the node's own (`{ item: [...] }`), or a list or JSON text from an expression. */
function rowsOf(field: FieldSpec, value: unknown): unknown {
  const given = typeof value === 'string' ? parsed(field, value) : value;
  // The node's own rows; none added is `{}`, so dVersum says to give at least one.
  const rows =
    given && typeof given === 'object' && !Array.isArray(given)
      ? ((given as { item?: unknown }).item ?? [])
      : given;
  if (!Array.isArray(rows)) return rows;
  return rows.map((row: unknown) =>
    row && typeof row === 'object' ? bodyOf(field.children ?? [], row as IDataObject) : row,
  );
}

function valueOf(field: FieldSpec, value: unknown): unknown {
  if (field.type === 'items') return rowsOf(field, value);
  // n8n's date picker gives a date-time ("2026-03-01T00:00:00"); a calendar-day field sends its day.
  if (field.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value))
    return value.slice(0, 10);
  return value;
}

/** The body's entries for `fields` taken from `values` (only the fields present there). */
export function bodyOf(fields: FieldSpec[], values: IDataObject, required = false): IDataObject {
  const body: IDataObject = {};
  for (const field of fields) {
    if (!(field.name in values)) continue;
    const value = values[field.name];
    if (!(required || field.required) && (value === '' || value === null || value === undefined)) {
      if (field.nullable) body[field.name] = null;
      continue;
    }
    body[field.name] = valueOf(field, value) as IDataObject[string];
  }
  return body;
}
