/**
 * A business object's form, from its entry in the resource table: the screen
 * names the fields in their order (with a label, hint or default where it
 * wants one), the contract's create schema gives each field's kind
 * (field-kinds.tsx) and what an empty field becomes: null when the schema
 * allows null (clears it), left out when it is optional, and a required
 * text stays '' so the contract says "is required". A name the create schema
 * does not have fails the typecheck (`FieldSpec<K>`), and at run time too.
 */
import { z } from 'zod';
import { fieldLabel } from '../../../contract/field-labels.js';
import { RESOURCE_KEYS, RESOURCES, type ResourceKey } from '../../../contract/resources.js';
import type { AnyItem, CreateOf } from '../api/object-calls.js';
import { fieldShape, kindOf, type FieldKind, type FieldShape } from './field-kinds.js';
import {
  currencyOf,
  valueAt,
  type FormContext,
  type FormValue,
  type FormValues,
  type InputValue,
  type ObjectInput,
} from './form-values.js';

export * from './form-values.js';

/** A field of `K`'s create input, by name (`title` for tasks). */
export type FieldName<K extends ResourceKey> = keyof CreateOf<K> & string;

/** A field as a screen declares it: which one, in its place; its kind comes from the contract. */
export interface FieldSpec<K extends ResourceKey = ResourceKey> {
  name: FieldName<K>;
  /** The words above the input; by default the field's label from the contract (`contract/field-labels.ts`). */
  label?: string;
  hint?: string;
  /** A new object's value before anything is typed (the contract's field value: `'open'`, `true`). */
  defaultValue?: string | number | boolean;
}

/** A field as the form shows it: the screen's words, the contract's shape and the kind that shape has. */
export interface FormField {
  name: string;
  label: string;
  hint?: string;
  defaultValue?: string | number | boolean;
  shape: FieldShape;
  kind: FieldKind;
  /** What an empty field sends: null, nothing, or what its kind makes of '' (a required text). */
  empty: 'null' | 'omit' | 'parse';
}

/** The field's schema and kind, from the entry's create schema; throws naming a field it has not or cannot show. */
function formField<K extends ResourceKey>(key: K, spec: FieldSpec<K>): FormField {
  const entry = RESOURCES[key];
  const create: z.core.$ZodType = entry.schemas.create;
  const schema = create instanceof z.ZodObject ? create.shape[spec.name] : undefined;
  if (!schema) throw new Error(`${entry.list}.${spec.name}: the contract's ${key} has no such field`);
  const references: Readonly<Record<string, string>> = entry.references;
  const target = RESOURCE_KEYS.find((k) => k === references[spec.name]);
  const shape = fieldShape(schema, target && RESOURCES[target].list);
  const kind = kindOf(shape);
  if (!kind)
    throw new Error(
      `${entry.list}.${spec.name}: no field kind takes its shape (${shape.schema._zod.def.type}); add one to field-kinds.tsx`,
    );
  return {
    name: spec.name,
    label: spec.label ?? fieldLabel(spec.name),
    ...(spec.hint !== undefined ? { hint: spec.hint } : {}),
    ...(spec.defaultValue !== undefined ? { defaultValue: spec.defaultValue } : {}),
    shape,
    kind,
    empty: shape.nullable ? 'null' : shape.optional ? 'omit' : kind.whenRequired,
  };
}

/** The screen's fields, in its order, each with its contract shape and kind. */
export const formFields = <K extends ResourceKey>(key: K, specs: readonly FieldSpec<K>[]): FormField[] =>
  specs.map((spec) => formField(key, spec));

/** The currency an object's amounts are in (its own, else the default). */
const currencyOfItem = (item: AnyItem | undefined): string =>
  item && 'currency' in item ? item.currency : 'EUR';

/** The form's values: the object's (editing), else each field's default or blank. */
export function initialValues(fields: readonly FormField[], item?: AnyItem): FormValues {
  const context = { currency: currencyOfItem(item) };
  const values: FormValues = {};
  for (const f of fields) {
    values[f.name] = item
      ? f.kind.format(valueAt(item, f.name), context)
      : f.defaultValue !== undefined
        ? f.kind.format(f.defaultValue, context)
        : f.kind.blank();
  }
  return values;
}

function convert(f: FormField, value: FormValue, currency: string): InputValue | undefined {
  const context = { currency, path: f.name, label: f.label };
  if (typeof value !== 'string') return f.kind.parse(value, context);
  const text = value.trim();
  if (text !== '') return f.kind.parse(text, context);
  return f.empty === 'null' ? null : f.empty === 'omit' ? undefined : f.kind.parse('', context);
}

/**
 * The contract input from the form: every field on create, only the changed ones on update.
 * Throws FormFieldError at an amount it cannot read for the document's currency.
 */
export function toInput(
  fields: readonly FormField[],
  values: FormValues,
  initial?: FormValues,
  context: FormContext = {},
): ObjectInput {
  const input: ObjectInput = {};
  const currency = currencyOf(values, context);
  for (const f of fields) {
    // Amounts are read in the currency: a changed currency sends them again.
    const stale = f.kind.inCurrency && initial && currencyOf(initial, context) !== currency;
    if (initial && !stale && JSON.stringify(initial[f.name]) === JSON.stringify(values[f.name])) continue;
    const converted = convert(f, values[f.name], currency);
    if (converted !== undefined) input[f.name] = converted;
  }
  return input;
}
