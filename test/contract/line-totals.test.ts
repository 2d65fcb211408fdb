import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineTotals } from '../../contract/line-totals.js';
import { priceItems } from '../../main/core/domain/line-items.js';

const line = (quantity: number, unitPrice: number, taxRate?: number) => ({
  description: 'x',
  quantity,
  unitPrice,
  ...(taxRate === undefined ? {} : { taxRate }),
});

describe('lineTotals (the editor) and priceItems (the core)', () => {
  const cases = [
    [line(1.005, 100, 19)],
    [line(3, 12_000, 19), line(1.5, 8_050, 7), line(2, -1_000, 19)],
    [line(0.333, 1, 7.7), line(7, 999, 0), line(1, 1)],
    [line(2.5, 101, 19.5), line(1, -101, 19.5)],
  ];

  it.each(cases.map((items, i) => [i, items] as const))('agree on every cent (case %i)', (_, items) => {
    const totals = lineTotals(items);
    const priced = priceItems(items);
    expect(totals.lines.map((l) => Number(l.amount))).toEqual(priced.items.map((i) => i.amount));
    expect(Number(totals.subtotal)).toBe(priced.subtotal);
    expect(Number(totals.taxTotal)).toBe(priced.taxTotal);
    expect(Number(totals.total)).toBe(priced.total);
  });

  it('agree on any items (property)', () => {
    const item = fc.record({
      description: fc.constant('x'),
      quantity: fc.integer({ min: 1, max: 10_000_000 }).map((n) => n / 1000),
      unitPrice: fc.integer({ min: -1_000_000, max: 1_000_000 }),
      taxRate: fc.oneof(fc.constantFrom(0, 7, 7.7, 19), fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100)),
    });
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 20 }), (items) => {
        const totals = lineTotals(items);
        const priced = priceItems(items);
        expect(Number(totals.total)).toBe(priced.total);
        expect(Number(totals.taxTotal)).toBe(priced.taxTotal);
        expect(totals.lines.map((l) => Number(l.amount))).toEqual(priced.items.map((i) => i.amount));
      }),
    );
  });

  it('rounds per line, halves away from zero, and sums the tax per rate', () => {
    const totals = lineTotals([line(1.005, 100, 19), line(3, 12_000, 19), line(1, 1_000, 7), line(1, 5)]);
    expect(totals.lines).toEqual([
      { amount: 101n, tax: 19n },
      { amount: 36_000n, tax: 6_840n },
      { amount: 1_000n, tax: 70n },
      { amount: 5n, tax: 0n },
    ]);
    expect(totals.taxByRate).toEqual([
      { rate: 19, tax: 6_859n },
      { rate: 7, tax: 70n },
      { rate: 0, tax: 0n },
    ]);
    expect(totals.subtotal).toBe(37_106n);
    expect(totals.total).toBe(37_106n + 6_929n);
  });
});
