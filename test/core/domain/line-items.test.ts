import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors.js';
import { decimalFraction, priceItems, type LineItemInput } from '../../../main/core/domain/line-items.js';
import { countRows, createFixture, type Fixture } from '../../support/domain.js';

/** Quantities as people write them: up to 1,000,000 with up to four decimals, or any positive double. */
const quantity = fc.oneof(
  fc.integer({ min: 1, max: 10_000_000_000 }).map((n) => n / 10_000),
  fc.integer({ min: 1, max: 1000 }),
  fc.double({ min: 1e-6, max: 1_000_000, noNaN: true, noDefaultInfinity: true }),
);
const lineItemArb: fc.Arbitrary<LineItemInput> = fc.record(
  {
    description: fc.constant('Line'),
    quantity,
    unitPrice: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
    taxRate: fc.oneof(fc.constantFrom(0, 7, 7.7, 19, 20, 100), fc.double({ min: 0, max: 100, noNaN: true })),
  },
  { requiredKeys: ['description', 'quantity', 'unitPrice'] },
);
const itemsArb = fc.array(lineItemArb, { minLength: 1, maxLength: 30 });

describe('line items and totals', () => {
  it('total = subtotal + taxTotal, all integers, subtotal the sum of the amounts, whatever the order of the items', () => {
    fc.assert(
      fc.property(itemsArb, fc.infiniteStream(fc.nat()), (items, randoms) => {
        const priced = priceItems(items);
        for (const value of [
          priced.subtotal,
          priced.taxTotal,
          priced.total,
          ...priced.items.map((i) => i.amount),
        ]) {
          expect(Number.isSafeInteger(value)).toBe(true);
        }
        expect(priced.total).toBe(priced.subtotal + priced.taxTotal);
        expect(priced.subtotal).toBe(priced.items.reduce((sum, i) => sum + i.amount, 0));
        const shuffled = items
          .map((i) => ({ i, key: randoms.next().value }))
          .sort((a, b) => a.key - b.key)
          .map(({ i }) => i);
        const again = priceItems(shuffled);
        expect([again.subtotal, again.taxTotal, again.total]).toEqual([
          priced.subtotal,
          priced.taxTotal,
          priced.total,
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('rounds each amount to the nearest minor unit of quantity × unitPrice, and tax to the nearest of amount × rate / 100', () => {
    fc.assert(
      fc.property(lineItemArb, (line) => {
        const [priced] = priceItems([line]).items;
        const exact = line.quantity * line.unitPrice;
        expect(Math.abs(priced.amount - exact)).toBeLessThanOrEqual(0.5 + Math.abs(exact) * 1e-12);
        if (Number.isInteger(line.quantity)) expect(priced.amount).toBe(exact);
        const tax = priceItems([line]).taxTotal;
        const exactTax = (priced.amount * (line.taxRate ?? 0)) / 100;
        expect(Math.abs(tax - exactTax)).toBeLessThanOrEqual(0.5 + Math.abs(exactTax) * 1e-12);
      }),
      { numRuns: 500 },
    );
  });

  it('mirrors a discount line: a negative unit price gives exactly the negated amount and tax', () => {
    fc.assert(
      fc.property(lineItemArb, (line) => {
        const plus = priceItems([line]);
        const minus = priceItems([{ ...line, unitPrice: -line.unitPrice }]);
        expect([minus.subtotal, minus.taxTotal]).toEqual([-plus.subtotal || 0, -plus.taxTotal || 0]);
      }),
      { numRuns: 300 },
    );
  });

  it('works on the decimals as written: 1.005 × 100 is 100.5 → 101, half a cent rounds away from zero', () => {
    const price = (quantity: number, unitPrice: number, taxRate?: number) =>
      priceItems([{ description: 'x', quantity, unitPrice, taxRate }]);
    expect(price(1.005, 100).subtotal).toBe(101);
    expect(price(0.5, 1).subtotal).toBe(1);
    expect(price(0.5, -1).subtotal).toBe(-1);
    expect(price(1, 105, 19)).toMatchObject({ subtotal: 105, taxTotal: 20, total: 125 });
    expect(price(3, 333, 7.7)).toMatchObject({ subtotal: 999, taxTotal: 77, total: 1076 });
    expect(price(1, 100).items[0].taxRate).toBe(0);
    expect(decimalFraction(1e-7)).toEqual({ numerator: 1n, denominator: 10_000_000n });
    expect(decimalFraction(2.5e21)).toEqual({ numerator: 2_500_000_000_000_000_000_000n, denominator: 1n });
  });
});

describe('invoices.create with arbitrary items', () => {
  let f: Fixture;
  let clientId: string;
  beforeAll(async () => {
    f = createFixture();
    clientId = (await f.call('clients.create', { name: 'Acme' })).id;
  });
  afterAll(() => f.core.close());

  it('either stores consistent totals or refuses with 422 and writes nothing, never anything else', async () => {
    const anyItem = fc.record({
      description: fc.oneof(fc.constant('Line'), fc.string({ maxLength: 3 })),
      quantity: fc.oneof(quantity, fc.double(), fc.constant(0), fc.string()),
      unitPrice: fc.oneof(fc.integer({ min: -1e12, max: 1e12 }), fc.double(), fc.constant(null)),
      taxRate: fc.oneof(fc.double({ min: -10, max: 120 }), fc.constant(undefined)),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(anyItem, { maxLength: 5 }), async (items) => {
        const before = [countRows(f.core, 'invoices'), countRows(f.core, 'outbox')];
        try {
          const invoice = await f.call('invoices.create', { clientId, items } as never);
          expect(invoice.total).toBe(invoice.subtotal + invoice.taxTotal);
          expect(await f.call('invoices.get', { id: invoice.id })).toEqual(invoice);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).status).toBe(422);
          expect([countRows(f.core, 'invoices'), countRows(f.core, 'outbox')]).toEqual(before);
        }
      }),
      { numRuns: 200 },
    );
  });
});
