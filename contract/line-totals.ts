/**
 * The arithmetic of line items in integer minor units, shared by the core
 * (main/core/domain/line-items.ts prices what it stores) and the window (the
 * invoice editor shows line totals, tax and the grand total while typing), so
 * both compute the same cents:
 * - a line's amount is quantity × unitPrice rounded;
 * - its tax is amount × taxRate / 100 rounded, per line (as invoices print it);
 * - total = subtotal + taxTotal.
 *
 * The arithmetic is exact: quantity and taxRate are read as the decimals the
 * user wrote (1.005, 7.7) and multiplied as integers, so 1.005 × 100 is
 * 100.5 and rounds to 101, where floating point would give 100.49999… → 100.
 * Halves round away from zero, so a discount line (a negative unitPrice)
 * mirrors the same positive line. This file imports nothing.
 */

export interface Fraction {
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

/** quantity × unitPrice (minor units), rounded. */
export function lineAmount(quantity: number, unitPrice: number): bigint {
  const q = decimalFraction(quantity);
  return roundDivide(q.numerator * BigInt(unitPrice), q.denominator);
}

/** amount × taxRate / 100, rounded. */
export function lineTax(amount: bigint, taxRate: number): bigint {
  const rate = decimalFraction(taxRate);
  return roundDivide(amount * rate.numerator, rate.denominator * 100n);
}

export interface LineInput {
  quantity: number;
  /** Integer minor units. */
  unitPrice: number;
  /** Percent; absent means 0. */
  taxRate?: number;
}

export interface LineTotals {
  /** Each line's amount and tax, in order. */
  lines: { amount: bigint; tax: bigint }[];
  subtotal: bigint;
  taxTotal: bigint;
  /** Tax summed per rate (percent as written), in the order the rates first appear. */
  taxByRate: { rate: number; tax: bigint }[];
  total: bigint;
}

/** Prices the lines and sums them, exactly (bigint: the caller decides what is too large). */
export function lineTotals(inputs: readonly LineInput[]): LineTotals {
  let subtotal = 0n;
  let taxTotal = 0n;
  const byRate = new Map<number, bigint>();
  const lines = inputs.map((input) => {
    const rate = input.taxRate ?? 0;
    const amount = lineAmount(input.quantity, input.unitPrice);
    const tax = lineTax(amount, rate);
    subtotal += amount;
    taxTotal += tax;
    byRate.set(rate, (byRate.get(rate) ?? 0n) + tax);
    return { amount, tax };
  });
  const taxByRate = [...byRate].map(([rate, tax]) => ({ rate, tax }));
  return { lines, subtotal, taxTotal, taxByRate, total: subtotal + taxTotal };
}
