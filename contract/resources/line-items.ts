/** The line items and totals quotes and invoices share (money in minor units). */
import { z } from 'zod';
import { inMinorUnits, money } from '../common.js';

const UNIT_PRICE = {
  description: `${inMinorUnits('Price of one unit, before tax', 1500)}. Negative for a discount`,
  examples: [1500],
};
const amountOf = (what: string, example: number) => ({
  description: inMinorUnits(what, example),
  examples: [example],
});

export const lineItemInput = z.strictObject({
  description: z.string().trim().min(1, 'is required').max(2000),
  quantity: z.number().positive('must be more than 0').max(1_000_000),
  unitPrice: money.min(-100_000_000_000).max(100_000_000_000).meta(UNIT_PRICE),
  /** Percent: 19 is 19 %. */
  taxRate: z.number().min(0).max(100).optional(),
});
export const lineItem = z.object({
  description: z.string(),
  quantity: z.number(),
  unitPrice: z.number().int().meta(UNIT_PRICE),
  taxRate: z.number(),
  /** quantity × unitPrice, rounded to minor units, before tax. */
  amount: z.number().int().meta(amountOf('Quantity × unit price, rounded, before tax', 18000)),
});
export type LineItem = z.infer<typeof lineItem>;
export const items = z.array(lineItemInput).min(1, 'give at least one item').max(500);
export const totals = {
  subtotal: z.number().int().meta(amountOf('Sum of the items’ amounts, before tax', 139000)),
  taxTotal: z.number().int().meta(amountOf('Tax on the items, each item’s rounded', 26410)),
  total: z.number().int().meta(amountOf('Subtotal plus tax: what the client pays', 165410)),
};

/** The examples' items (request bodies). */
export const EXAMPLE_ITEMS = [
  { description: 'Website design', quantity: 1, unitPrice: 250000, taxRate: 19 },
  { description: 'Hosting, 12 months', quantity: 12, unitPrice: 1500, taxRate: 19 },
];

/** The sample events' items, priced. */
export const SAMPLE_ITEMS = [
  { description: 'Design and build', quantity: 12, unitPrice: 9500, taxRate: 19, amount: 114000 },
  { description: 'Hosting setup', quantity: 1, unitPrice: 25000, taxRate: 19, amount: 25000 },
];
export const SAMPLE_TOTALS = { subtotal: 139000, taxTotal: 26410, total: 165410 };
