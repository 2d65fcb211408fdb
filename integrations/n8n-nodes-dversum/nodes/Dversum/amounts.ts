/**
 * The amounts of a body as the owner typed them ("120.00", "120,50") turned
 * into the minor units dVersum takes, for the body's currency or, when it has
 * none, the default currency dVersum names in `GET /api/v1/me`. The one rule is
 * generated/money.ts (a copy of contract/money.ts).
 */
import type { IDataObject } from 'n8n-workflow';
import type { FieldSpec } from '../api-types';
import { parseAmount } from '../../generated/money';

const isRow = (row: unknown): row is IDataObject =>
  typeof row === 'object' && row !== null && !Array.isArray(row);

/** Whether the body holds an amount to convert (then the currency must be known). */
export function hasAmounts(fields: FieldSpec[], body: IDataObject): boolean {
  return fields.some((field) => {
    const value = body[field.name];
    if (field.type === 'amount') return value !== undefined && value !== null;
    if (field.type !== 'items' || !Array.isArray(value)) return false;
    return value.some((row) => isRow(row) && hasAmounts(field.children ?? [], row));
  });
}

/** The body with its amounts in minor units of `currency`; an amount that does not read throws AmountError naming it. */
export function inMinorUnits(
  fields: FieldSpec[],
  body: IDataObject,
  currency: string,
  where = '',
): IDataObject {
  const out: IDataObject = { ...body };
  for (const field of fields) {
    const value = body[field.name];
    if (value === undefined || value === null) continue;
    if (field.type === 'amount')
      out[field.name] = parseAmount(value, currency, `${where}${field.displayName}`);
    if (field.type === 'items' && Array.isArray(value)) {
      out[field.name] = value.map((row, i) =>
        isRow(row)
          ? inMinorUnits(field.children ?? [], row, currency, `${field.displayName} ${i + 1}, `)
          : row,
      );
    }
  }
  return out;
}
