/**
 * The one registry of form field kinds. Each kind maps a zod shape of the
 * contract to the input the form shows, how an object's value appears in it
 * (`format`) and how what was typed goes back to the contract (`parse`). A
 * business form takes each field's kind from the resource's create schema
 * (`kindOf`, through object-fields.ts `formFields`), never from a declaration
 * in the screen; a shape no kind takes is refused, naming the field, never
 * shown as a plain text box.
 *
 * A new field type (a shape the contract starts to use) is one entry in KINDS.
 * The kinds, first match wins: line items, a reference to another object (the
 * entry's `references`), a choice (enum), a checkbox (boolean), money (the
 * contract's `money`, in minor units), a number, a list of strings, a date, a
 * date and time, an e-mail address, a long text (more than 500 characters),
 * a text.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { isAmount } from '../../../contract/common.js';
import type { FieldLimits } from '../../../contract/field-limits.js';
import { AmountError, parseAmount } from '../../../contract/money.js';
import { lineItemInput } from '../../../contract/resources/line-items.js';
import type { ResourceList } from '../../../contract/resources.js';
import { displayName, useObjectNames } from '../api/object-calls.js';
import { amountText, isoToLocal } from '../lib/format.js';
import { calendarDateOf, DateField, DateTimeField, momentOf } from './DateField.js';
import { Checkbox, SelectField, TextArea, TextField } from './Field.js';
import {
  emptyItem,
  FormFieldError,
  rowsOf,
  textOf,
  type FormValue,
  type InputValue,
  type ItemRow,
  type LineItemValue,
  valueAt,
} from './form-values.js';
import { ItemsEditor } from './ItemsEditor.js';
import { statusLabel } from './StatusBadge.js';

/** A field's schema as a kind sees it: the shape itself, without optional and nullable. */
export interface FieldShape {
  schema: z.core.$ZodType;
  optional: boolean;
  nullable: boolean;
  /** The list of the object it names (`clients`), when the entry declares the field a reference. */
  references?: ResourceList;
}

/** What `format` needs: the currency the object's amounts are in. */
export interface FormatContext {
  currency: string;
}

/** What `parse` needs: the currency, and the field's path and label for a message. */
export interface ParseContext extends FormatContext {
  path: string;
  label: string;
}

/** What a kind's input gets from the form. */
export interface KindInputProps {
  shape: FieldShape;
  label: string;
  hint?: string;
  /** The field's message, and every field's (the items grid shows each cell's). */
  error?: string;
  errors: Record<string, string>;
  value: FormValue;
  onChange: (value: FormValue) => void;
  /** What the operation's schema allows (`maxLength`, `min`, `max`). */
  limits: FieldLimits;
  currency: string;
  readOnly?: boolean;
  /** An empty choice means "leave it out" (a required reference): the select asks for one instead of offering None. */
  required: boolean;
}

export interface FieldKind {
  /** For messages and tests: `text`, `reference`, … */
  name: string;
  matches: (shape: FieldShape) => boolean;
  /** A new object's value when the screen gives no default. */
  blank: () => FormValue;
  /** The form's value from the object's (null and undefined included). */
  format: (value: unknown, context: FormatContext) => FormValue;
  /** The contract's value from the form's; empty text never reaches it unless the field is required (see `whenRequired`). */
  parse: (value: FormValue, context: ParseContext) => InputValue;
  /** What an empty required field sends: its `parse('')` (a text: '', so the contract says "is required"), or nothing. */
  whenRequired: 'parse' | 'omit';
  /** Its values are amounts of the document's currency: read again when the currency changes. */
  inCurrency?: boolean;
  Input: (props: KindInputProps) => ReactNode;
}

// ---------------------------------------------------------------- shapes
const defOf = (schema: z.core.$ZodType) => schema._zod.def;
/** A text that may be longer than this gets several lines (one without a maximum, a code such as a currency, one). */
const ONE_LINE_MAX = 500;
const formatOf = (schema: z.core.$ZodType): string | undefined => {
  const def = defOf(schema);
  return 'format' in def && typeof def.format === 'string' ? def.format : undefined;
};
const isText = (schema: z.core.$ZodType): schema is z.ZodString =>
  schema instanceof z.ZodString && !formatOf(schema);
// ---------------------------------------------------------------- values
const asText = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** An amount as typed, in minor units of `currency`; empty stays NaN (the contract says it is required). */
function amountOf(text: string, currency: string, path: string, label: string): number {
  if (text.trim() === '') return Number.NaN;
  try {
    return parseAmount(text, currency, label);
  } catch (error) {
    if (!(error instanceof AmountError)) throw error;
    // The field's label is beside the message already: say only what to type.
    throw new FormFieldError(path, error.message.replace(`${label}: `, ''));
  }
}

/** The object's line items as the grid's rows, prices as amounts of its currency. */
function rowsFrom(value: unknown, currency: string): ItemRow[] {
  if (!Array.isArray(value)) return [emptyItem()];
  return value.map((row: unknown) => {
    const at = (name: string) => (typeof row === 'object' && row !== null ? valueAt(row, name) : undefined);
    const unitPrice = at('unitPrice');
    return {
      description: asText(at('description')),
      quantity: asText(at('quantity')),
      unitPrice: typeof unitPrice === 'number' ? amountText(unitPrice, currency) : '',
      taxRate: asText(at('taxRate')),
    };
  });
}

function lineItemsOf(rows: ItemRow[], context: ParseContext): LineItemValue[] {
  return rows.map((row, i) => ({
    description: row.description,
    quantity: row.quantity.trim() === '' ? Number.NaN : Number(row.quantity),
    // The grid's column names the field ("Unit price of item 2"): the message says only what to type.
    unitPrice: amountOf(row.unitPrice, context.currency, `${context.path}.${i}.unitPrice`, 'Unit price'),
    ...(row.taxRate.trim() === '' ? {} : { taxRate: Number(row.taxRate) }),
  }));
}

// ---------------------------------------------------------------- inputs
const onText =
  (onChange: (value: FormValue) => void) =>
  (e: { currentTarget: { value: string } }): void =>
    onChange(e.currentTarget.value);

/** A one-line input of `type`, with the schema's length (or a number's range). */
const textInput = (type: string, inputMode?: 'decimal') =>
  function Input({ label, error, hint, value, onChange, limits }: KindInputProps) {
    const range = type === 'number' ? { min: limits.min, max: limits.max } : { maxLength: limits.maxLength };
    return (
      <TextField
        label={label}
        error={error}
        hint={hint}
        {...range}
        type={type}
        inputMode={inputMode}
        value={textOf(value)}
        onChange={onText(onChange)}
      />
    );
  };

function LongTextInput({ label, error, hint, value, onChange, limits }: KindInputProps) {
  return (
    <TextArea
      label={label}
      error={error}
      hint={hint}
      maxLength={limits.maxLength}
      value={textOf(value)}
      onChange={onText(onChange)}
      rows={3}
    />
  );
}

function ChoiceInput({ shape, label, error, hint, value, onChange }: KindInputProps) {
  const options = shape.schema instanceof z.ZodEnum ? shape.schema.options : [];
  return (
    <SelectField
      label={label}
      error={error}
      hint={hint}
      options={options.map((o) => ({ value: String(o), label: statusLabel(String(o)) }))}
      value={textOf(value)}
      onChange={onText(onChange)}
    />
  );
}

/** The names of another list's objects; a required choice asks for one, an optional one offers None. */
function ReferenceInput({ shape, label, error, hint, value, onChange, required }: KindInputProps) {
  const { t } = useTranslation('editor');
  const list = useObjectNames(shape.references ?? 'clients', shape.references !== undefined);
  const first = required ? t('form.choose', { label }) : t('form.none');
  const options = [
    { value: '', label: first },
    ...(list.data?.items ?? []).map((item) => ({ value: item.id, label: displayName(item) })),
  ];
  return (
    <SelectField
      label={label}
      error={error}
      hint={hint}
      options={options}
      value={textOf(value)}
      onChange={onText(onChange)}
    />
  );
}

/** A date or date-time kind's input: the one field component, fed the kind's text. */
function calendarInput(Field: typeof DateField) {
  return function CalendarInput({ label, error, hint, value, onChange, readOnly }: KindInputProps) {
    return (
      <Field
        label={label}
        error={error}
        hint={hint}
        value={textOf(value)}
        onChange={onChange}
        readOnly={readOnly}
      />
    );
  };
}

const DateInput = calendarInput(DateField);
const DateTimeInput = calendarInput(DateTimeField);

function CheckboxInput({ label, value, onChange }: KindInputProps) {
  return (
    <Checkbox label={label} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />
  );
}

function ItemsInput({ value, onChange, errors, currency, readOnly }: KindInputProps) {
  return (
    <ItemsEditor
      rows={rowsOf(value)}
      fields={errors}
      currency={currency}
      readOnly={readOnly}
      onChange={onChange}
    />
  );
}

// ---------------------------------------------------------------- the kinds
/** What a one-line or several-line text shares: text in, trimmed text out. */
const textual = (name: string, matches: FieldKind['matches'], Input: FieldKind['Input']): FieldKind => ({
  name,
  matches,
  blank: () => '',
  format: asText,
  parse: (value) => textOf(value),
  whenRequired: 'parse',
  Input,
});

export const KINDS: readonly FieldKind[] = [
  {
    name: 'items',
    matches: ({ schema }) => schema instanceof z.ZodArray && schema.element === lineItemInput,
    blank: () => [emptyItem()],
    format: (value, { currency }) => rowsFrom(value, currency),
    parse: (value, context) => lineItemsOf(rowsOf(value), context),
    whenRequired: 'parse',
    inCurrency: true,
    Input: ItemsInput,
  },
  {
    name: 'reference',
    matches: ({ schema, references }) => references !== undefined && schema instanceof z.ZodString,
    blank: () => '',
    format: asText,
    parse: (value) => textOf(value),
    whenRequired: 'omit',
    Input: ReferenceInput,
  },
  {
    name: 'choice',
    matches: ({ schema }) => schema instanceof z.ZodEnum,
    blank: () => '',
    format: asText,
    parse: (value) => textOf(value),
    whenRequired: 'omit',
    Input: ChoiceInput,
  },
  {
    name: 'checkbox',
    matches: ({ schema }) => schema instanceof z.ZodBoolean,
    blank: () => false,
    format: (value) => value === true,
    parse: (value) => value === true,
    whenRequired: 'parse',
    Input: CheckboxInput,
  },
  {
    name: 'money',
    matches: ({ schema }) => isAmount(schema),
    blank: () => '',
    format: (value, { currency }) => (typeof value === 'number' ? amountText(value, currency) : ''),
    parse: (value, { currency, path, label }) => amountOf(textOf(value), currency, path, label),
    whenRequired: 'omit',
    inCurrency: true,
    Input: textInput('text', 'decimal'),
  },
  {
    name: 'number',
    matches: ({ schema }) => schema instanceof z.ZodNumber,
    blank: () => '',
    format: asText,
    parse: (value) => Number(textOf(value)),
    whenRequired: 'omit',
    Input: textInput('number'),
  },
  {
    name: 'list',
    matches: ({ schema }) => schema instanceof z.ZodArray && isText(schema.element),
    blank: () => '',
    format: (value) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string').join(', ') : ''),
    parse: (value) =>
      textOf(value)
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    whenRequired: 'parse',
    Input: textInput('text'),
  },
  {
    name: 'date',
    matches: ({ schema }) => formatOf(schema) === 'date',
    blank: () => '',
    format: asText,
    parse: (value, { path, label }) => calendarDateOf(textOf(value), path, label),
    whenRequired: 'omit',
    Input: DateInput,
  },
  {
    name: 'datetime',
    matches: ({ schema }) => formatOf(schema) === 'datetime',
    blank: () => '',
    format: isoToLocal,
    parse: (value, { path, label }) => momentOf(textOf(value), path, label),
    whenRequired: 'omit',
    Input: DateTimeInput,
  },
  textual('email', ({ schema }) => formatOf(schema) === 'email', textInput('email')),
  textual(
    'longText',
    ({ schema }) => isText(schema) && (schema.maxLength ?? 0) > ONE_LINE_MAX,
    LongTextInput,
  ),
  textual('text', ({ schema }) => isText(schema), textInput('text')),
];

/** The kind of a field's shape, or undefined when no kind takes it. */
export const kindOf = (shape: FieldShape): FieldKind | undefined => KINDS.find((kind) => kind.matches(shape));

/** A field's schema taken apart: the shape under optional and nullable, and which of the two it allows. */
export function fieldShape(schema: z.core.$ZodType, references?: ResourceList): FieldShape {
  let inner = schema;
  let optional = false;
  let nullable = false;
  for (;;) {
    if (inner instanceof z.ZodOptional) optional = true;
    else if (inner instanceof z.ZodNullable) nullable = true;
    else break;
    inner = inner.unwrap();
  }
  return { schema: inner, optional, nullable, ...(references ? { references } : {}) };
}
