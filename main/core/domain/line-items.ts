/**
 * Line items and totals of quotes and invoices, in integer minor units:
 * a line's `amount` is quantity × unitPrice rounded, its tax is
 * amount × taxRate / 100 rounded (per line, as invoices print it), and
 * `total = subtotal + taxTotal`.
 *
 * The arithmetic is exact: quantity and taxRate are read as the decimals the
 * user wrote (1.005, 7.7) and multiplied as integers, so 1.005 × 100 is
 * 100.5 and rounds to 101, where floating point would give 100.49999… → 100.
 * Halves round away from zero, so a discount line (a negative unitPrice)
 * mirrors the same positive line.
 */
import type { z } from 'zod';
import type { LineItem, lineItemInput } from '../../../contract/index.js';
import { invalid } from '../errors.js';

export type LineItemInput = z.output<typeof lineItemInput>;

export interface Priced {
  items: LineItem[];
  subtotal: number;
  taxTotal: number;
  total: number;
}

interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

/** A finite number as the exact decimal fraction its shortest string spells (`1.005` → 1005/1000). */
export function decimalFraction(value: number): Fraction {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(String(value));
  if (!match) throw new RangeError(`not a finite number: ${value}`);
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const scale = Number(exponent) - fraction.length;
  let numerator = BigInt(whole + fraction);
  let denominator = 1n;
  if (scale >= 0) numerator *= 10n ** BigInt(scale);
  else denominator = 10n ** BigInt(-scale);
  return { numerator: sign ? -numerator : numerator, denominator };
}

/** numerator / denominator rounded to an integer, halves away from zero (denominator > 0). */
export function roundDivide(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twice < denominator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

const toSafeNumber = (value: bigint, path: string): number => {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw invalid([{ path, message: 'the amount is too large to compute exactly' }]);
  }
  return Number(value);
};

export function lineAmount(quantity: number, unitPrice: number): bigint {
  const q = decimalFraction(quantity);
  return roundDivide(q.numerator * BigInt(unitPrice), q.denominator);
}

export function lineTax(amount: bigint, taxRate: number): bigint {
  const rate = decimalFraction(taxRate);
  return roundDivide(amount * rate.numerator, rate.denominator * 100n);
}

/** Prices the items (taxRate defaults to 0) and sums them; 422 when a sum leaves JavaScript's exact integers. */
export function priceItems(inputs: LineItemInput[]): Priced {
  let subtotal = 0n;
  let taxTotal = 0n;
  const items = inputs.map((input, index): LineItem => {
    const taxRate = input.taxRate ?? 0;
    const amount = lineAmount(input.quantity, input.unitPrice);
    subtotal += amount;
    taxTotal += lineTax(amount, taxRate);
    return {
      description: input.description,
      quantity: input.quantity,
      unitPrice: input.unitPrice,
      taxRate,
      amount: toSafeNumber(amount, `items.${index}`),
    };
  });
  return {
    items,
    subtotal: toSafeNumber(subtotal, 'items'),
    taxTotal: toSafeNumber(taxTotal, 'items'),
    total: toSafeNumber(subtotal + taxTotal, 'items'),
  };
}

/** Items as stored (the priced JSON array) back to the API shape. */
export const parseItems = (json: string): LineItem[] => JSON.parse(json) as LineItem[];
