/**
 * How a business object's form is described and converted: form values are
 * strings, booleans and item rows; the contract wants typed, possibly null
 * fields. Empty optional fields become null (clearable) or are left out.
 */
import type { ResourceList } from '../../../contract/resources.js';
import { AmountError, parseAmount } from '../../../contract/money.js';
import { amountText, localToIso } from '../lib/format.js';

/** An object's operation group (`timeEntries`), from the resource table. */
export type ObjectGroup = ResourceList;

export interface ItemRow {
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
}

interface Base {
  name: string;
  /** The words above the input; by default the field's label from the contract (`contract/field-labels.ts`). */
  label?: string;
  /** What an empty value becomes: null (clears it) or left out; a required text stays '' so the contract says "is required". */
  empty?: 'null' | 'omit' | 'keep';
  hint?: string;
}
export type FieldSpec =
  | (Base & { kind: 'text' | 'email' | 'textarea' | 'date' | 'datetime' | 'number'; defaultValue?: string })
  | (Base & {
      kind: 'select';
      options?: { value: string; label: string }[];
      /** Options from another list (its names), with "None" first. */
      from?: 'clients' | 'projects' | 'tasks';
      defaultValue?: string;
    })
  | (Base & { kind: 'checkbox'; defaultValue?: boolean })
  | (Base & { kind: 'items' });

export type FormValues = Record<string, string | boolean | ItemRow[]>;
type Item = Record<string, unknown>;

/** A value the form itself refuses before the contract sees it (an amount it cannot read), at its field's path. */
export class FormFieldError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the conversion needs beyond the values: the currency an empty Currency field means (Settings). */
export interface FormContext {
  defaultCurrency?: string;
}

/** The currency a document's amounts are in: its own field, else the default. */
export const currencyOf = (values: FormValues, context: FormContext = {}): string => {
  const own = typeof values.currency === 'string' ? values.currency.trim() : '';
  return own || context.defaultCurrency || 'EUR';
};

export const emptyItem = (): ItemRow => ({ description: '', quantity: '1', unitPrice: '', taxRate: '' });

const pad = (n: number) => String(n).padStart(2, '0');
function isoToLocal(iso: unknown): string {
  if (typeof iso !== 'string') return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function initialValues(fields: FieldSpec[], item?: Item): FormValues {
  const values: FormValues = {};
  for (const f of fields) {
    const v = item?.[f.name];
    switch (f.kind) {
      case 'checkbox':
        values[f.name] = item ? Boolean(v) : (f.defaultValue ?? false);
        break;
      case 'items':
        values[f.name] = Array.isArray(v)
          ? (v as Item[]).map((row) => ({
              description: String(row.description ?? ''),
              quantity: String(row.quantity ?? ''),
              unitPrice:
                typeof row.unitPrice === 'number'
                  ? amountText(row.unitPrice, String(item?.currency ?? 'EUR'))
                  : '',
              taxRate: row.taxRate === undefined || row.taxRate === null ? '' : String(row.taxRate),
            }))
          : [emptyItem()];
        break;
      case 'datetime':
        values[f.name] = isoToLocal(v);
        break;
      default:
        values[f.name] = v === null || v === undefined ? (item ? '' : (f.defaultValue ?? '')) : String(v);
    }
  }
  return values;
}

/** A unit price as typed, in minor units of `currency`; empty stays NaN (the contract says it is required). */
function unitPriceOf(text: string, currency: string, path: string): number {
  if (text.trim() === '') return Number.NaN;
  try {
    return parseAmount(text, currency, 'Unit price');
  } catch (error) {
    if (!(error instanceof AmountError)) throw error;
    // The field's label is beside the message already: say only what to type.
    throw new FormFieldError(path, error.message.replace(/^Unit price: /, ''));
  }
}

function convert(f: FieldSpec, value: FormValues[string], currency: string): unknown {
  if (f.kind === 'checkbox') return Boolean(value);
  if (f.kind === 'items') {
    return (value as ItemRow[]).map((row, i) => ({
      description: row.description,
      quantity: row.quantity.trim() === '' ? Number.NaN : Number(row.quantity),
      unitPrice: unitPriceOf(row.unitPrice, currency, `${f.name}.${i}.unitPrice`),
      ...(row.taxRate.trim() === '' ? {} : { taxRate: Number(row.taxRate) }),
    }));
  }
  const text = String(value ?? '').trim();
  if (text === '') return f.empty === 'keep' ? '' : f.empty === 'omit' ? undefined : null;
  if (f.kind === 'number') return Number(text);
  if (f.kind === 'datetime') return localToIso(text) ?? text;
  return text;
}

/**
 * The contract input from the form: every field on create, only the changed ones on update.
 * Throws FormFieldError at an amount it cannot read for the document's currency.
 */
export function toInput(
  fields: FieldSpec[],
  values: FormValues,
  initial?: FormValues,
  context: FormContext = {},
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const currency = currencyOf(values, context);
  for (const f of fields) {
    // Items are read in the currency: a changed currency sends them again.
    const itemsStale = f.kind === 'items' && initial && currencyOf(initial, context) !== currency;
    if (initial && !itemsStale && JSON.stringify(initial[f.name]) === JSON.stringify(values[f.name]))
      continue;
    const converted = convert(f, values[f.name], currency);
    if (converted !== undefined) input[f.name] = converted;
  }
  return input;
}
