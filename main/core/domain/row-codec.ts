/**
 * Between a stored row and the object the API shows, derived field by field
 * from the resource's item schema and its table's columns (`RowTable.columns`):
 * - a list or object field (an invoice's `items`) is a JSON column: text in the
 *   store, the value everywhere else; a list a create leaves out is `[]`. `jsonColumn` is its codec, used at every
 *   read (checked against the field's schema: damage is a clear 500 naming the
 *   object, its id and the field, never a crash), every write, and by
 *   `changes`, which compares values as stored;
 * - a time (`isoDateTime`) in an integer column is milliseconds in the row and
 *   ISO 8601 in the item;
 * - the rest is the same on both sides (text, number, flag, enum).
 * A pairing it does not know stops the core at start, naming the field. A
 * column the item does not show (an invoice's `overdueAt`) stays in the row.
 */
import { z } from 'zod';
import { labelOf } from '../../../contract/field-labels.js';
import { singularLabel, type ResourceEntry } from '../../../contract/resources.js';
import { toIsoOrNull } from '../clock.js';
import { AppError } from '../errors.js';
import type { ColumnType } from '../store/repositories/row-table.js';

/** A JSON column's value from its stored text and back; a damaged text is a `problem`, not a throw. */
export interface ColumnCodec<V = unknown> {
  decode(stored: string, field: string): { value: V } | { problem: string };
  encode(value: V): string;
}

/** A JSON column holding what `schema` describes. */
export function jsonColumn<S extends z.ZodType>(schema: S): ColumnCodec<z.output<S>> {
  return {
    decode(stored, field) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(stored);
      } catch (err) {
        return {
          problem: `${labelOf(field)}: the stored text is not valid JSON (${(err as Error).message})`,
        };
      }
      const checked = schema.safeParse(parsed);
      if (checked.success) return { value: checked.data };
      // Where it breaks, by label ("Quantity of item 1"); what a 422 would say ("enter a number") speaks to a typist.
      const path = [field, ...checked.error.issues[0].path].join('.');
      return { problem: `${labelOf(path)}: the stored value does not fit this field` };
    },
    encode: (value) => JSON.stringify(value),
  };
}

/** How one field passes between row and item. */
export type FieldKind = 'json' | 'instant' | 'same';

/** The row ↔ item mapping of one resource. */
export interface RowCodec<Stored, Row, Item> {
  /** Each item field's kind (what `rowCodec` derived; its test pins them). */
  readonly kinds: Readonly<Record<string, FieldKind>>;
  /** A stored row with its JSON columns read; a 500 naming the object, id and field when one is damaged. */
  decode(stored: Stored): Row;
  /** A row as the store holds it: JSON columns as text. */
  encode(row: Row): Stored;
  /** The object the API, the events and the window see. */
  toItem(row: Row): Item;
  /** Whether a field's two values are the same once stored (JSON columns compared as text). */
  same(field: string, a: unknown, b: unknown): boolean;
  /** A new row with each list field a create left out set to `[]`, so a list field needs no line in its domain module. */
  withEmptyLists<R extends object>(row: R): R;
}

/** Unwraps `.nullable()` and `.optional()`: the field's own schema. */
function baseOf(schema: z.ZodType): z.ZodType {
  let inner = schema;
  for (;;) {
    const def = inner._zod.def as { type: string; innerType?: z.ZodType };
    if ((def.type === 'nullable' || def.type === 'optional') && def.innerType) inner = def.innerType;
    else return inner;
  }
}

const SCALARS: Readonly<Record<string, ColumnType>> = {
  string: 'string',
  enum: 'string',
  literal: 'string',
  number: 'number',
  int: 'number',
  boolean: 'boolean',
};

function kindOf(
  resource: ResourceEntry,
  field: string,
  schema: z.ZodType,
  column: ColumnType | undefined,
): FieldKind {
  const where = `${resource.key}.${field}`;
  if (column === undefined) throw new Error(`${where}: the table ${resource.list} has no column ${field}`);
  const def = baseOf(schema)._zod.def as { type: string; format?: string };
  if (def.type === 'array' || def.type === 'object' || def.type === 'record') {
    if (column === 'string') return 'json';
  } else if (def.type === 'string' && def.format === 'datetime' && column === 'number') {
    return 'instant';
  } else if (SCALARS[def.type] === column) {
    return 'same';
  }
  throw new Error(`${where}: no codec between a ${column} column and a ${def.type} field`);
}

const damaged = (resource: ResourceEntry, id: string, field: string, problem: string): AppError =>
  new AppError(
    'internal',
    `${singularLabel(resource)} ${id} cannot be read: ${problem}. Restore a backup, or correct the row in the database`,
    { object: resource.key, id, field },
  );

/** The mapping of `resource`'s rows, from its item schema and its table's `columns`. */
export function rowCodec<Stored extends { id: string }, Row extends { id: string }, Item>(
  resource: ResourceEntry,
  columns: Readonly<Record<string, ColumnType>>,
): RowCodec<Stored, Row, Item> {
  const item = resource.schemas.item;
  if (!(item instanceof z.ZodObject)) throw new Error(`${resource.key}: its item schema is not an object`);
  const shape = item.shape as Record<string, z.ZodType>;
  const fields = Object.keys(shape);
  const kinds = Object.fromEntries(fields.map((f) => [f, kindOf(resource, f, shape[f], columns[f])]));
  const json = new Map(
    fields.filter((f) => kinds[f] === 'json').map((f) => [f, jsonColumn(baseOf(shape[f]))] as const),
  );
  // A list that cannot be null: one left out is empty (a nullable one stays as given, null being its own value).
  const lists = fields.filter((f) => kinds[f] === 'json' && shape[f]._zod.def.type === 'array');
  const encodeField = (field: string, value: unknown): unknown => {
    const codec = json.get(field);
    return codec && value !== null && value !== undefined ? codec.encode(value) : value;
  };
  return {
    kinds,
    decode(stored) {
      if (json.size === 0) return stored as unknown as Row;
      const row: Record<string, unknown> = { ...stored };
      for (const [field, codec] of json) {
        const text = row[field];
        if (text === null || text === undefined) continue;
        const read = codec.decode(text as string, field);
        if ('problem' in read) throw damaged(resource, stored.id, field, read.problem);
        row[field] = read.value;
      }
      return row as Row;
    },
    encode(row) {
      if (json.size === 0) return row as unknown as Stored;
      const stored: Record<string, unknown> = { ...row };
      for (const field of json.keys()) stored[field] = encodeField(field, stored[field]);
      return stored as Stored;
    },
    toItem(row) {
      const values = row as unknown as Record<string, unknown>;
      return Object.fromEntries(
        fields.map((f) => [f, kinds[f] === 'instant' ? toIsoOrNull(values[f] as number | null) : values[f]]),
      ) as Item;
    },
    same: (field, a, b) => encodeField(field, a) === encodeField(field, b),
    withEmptyLists(row) {
      const absent = lists.filter((f) => (row as Record<string, unknown>)[f] === undefined);
      return absent.length === 0 ? row : { ...row, ...Object.fromEntries(absent.map((f) => [f, []])) };
    },
  };
}
