/**
 * What a business object's form holds and sends: the form's values (text,
 * a checkbox's state, the items grid's rows, each as typed) and the contract
 * input made from them (typed values, possibly null). The field kinds
 * (field-kinds.tsx) convert between the two.
 */

/** One row of the items grid, as typed. */
export interface ItemRow {
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
}

export const emptyItem = (): ItemRow => ({ description: '', quantity: '1', unitPrice: '', taxRate: '' });

/** One field's value in the form. */
export type FormValue = string | boolean | ItemRow[];
export type FormValues = { [field: string]: FormValue };

/** A line item as the contract takes it (`contract/resources/line-items.ts` `lineItemInput`). */
export interface LineItemValue {
  description: string;
  quantity: number;
  unitPrice: number;
  taxRate?: number;
}

/** One field's value in the contract input; the operation's own schema checks it (api/validate.ts). */
export type InputValue = string | number | boolean | null | string[] | LineItemValue[];
export type ObjectInput = { [field: string]: InputValue };

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

/** A value as text (a checkbox or the items grid has none). */
export const textOf = (value: FormValue | undefined): string => (typeof value === 'string' ? value : '');

/** A value as the items grid's rows. */
export const rowsOf = (value: FormValue | undefined): ItemRow[] => (Array.isArray(value) ? value : []);

/** The value of a field named at run time (a screen's field, a line item's column), as the API answered it. */
export const valueAt = (item: object, name: string): unknown =>
  name in item ? Reflect.get(item, name) : undefined;
