/**
 * Line items and totals of quotes and invoices, in integer minor units. The
 * arithmetic (exact, per-line tax, halves away from zero) is
 * contract/line-totals.ts, which the invoice editor uses too, so the window
 * shows while typing what the core stores; here it becomes the stored shape,
 * and a sum beyond JavaScript's exact integers is a 422. The items are a JSON
 * column, read and written by the generic body's codec (row-codec.ts).
 */
import type { z } from 'zod';
import type { LineItem, lineItemInput } from '../../../contract/index.js';
import { lineTotals } from '../../../contract/line-totals.js';
import { invalid } from '../errors.js';

export { decimalFraction } from '../../../contract/line-totals.js';

export type LineItemInput = z.output<typeof lineItemInput>;

export interface Priced {
  items: LineItem[];
  subtotal: number;
  taxTotal: number;
  total: number;
}

const toSafeNumber = (value: bigint, path: string): number => {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw invalid([{ path, message: 'the amount is too large to compute exactly' }]);
  }
  return Number(value);
};

/** Prices the items (taxRate defaults to 0) and sums them; 422 when a sum leaves JavaScript's exact integers. */
export function priceItems(inputs: LineItemInput[]): Priced {
  const totals = lineTotals(inputs);
  const items = inputs.map(
    (input, index): LineItem => ({
      description: input.description,
      quantity: input.quantity,
      unitPrice: input.unitPrice,
      taxRate: input.taxRate ?? 0,
      amount: toSafeNumber(totals.lines[index]!.amount, `items.${index}`),
    }),
  );
  return {
    items,
    subtotal: toSafeNumber(totals.subtotal, 'items'),
    taxTotal: toSafeNumber(totals.taxTotal, 'items'),
    total: toSafeNumber(totals.total, 'items'),
  };
}
