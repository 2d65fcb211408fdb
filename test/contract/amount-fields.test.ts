/** Money fields are found from their schema (`money`), not from a list of names kept by hand. */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AMOUNT_FIELDS, amountFieldsOf, RESOURCE_LIST } from '../../contract/resources.js';
import { money } from '../../contract/common.js';
import { invoiceCreate } from '../../contract/index.js';

describe('AMOUNT_FIELDS', () => {
  it("is every create schema's money fields, rows included, as the JSON Schema marks them", () => {
    // Found here another way than amountFieldsOf: the `x-amount` mark the JSON Schema carries.
    // Today's list (the line items' unit price) is pinned in test/contract/resources.test.ts.
    const marked = (node: unknown, key = ''): string[] => {
      if (Array.isArray(node)) return node.flatMap((n) => marked(n));
      if (node === null || typeof node !== 'object') return [];
      const own = (node as Record<string, unknown>)['x-amount'] === 'minor-units' ? [key] : [];
      return [
        ...own,
        ...Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
          marked(v, k === 'properties' || k === 'items' || /^\d+$/.test(k) ? key : k),
        ),
      ];
    };
    const fields = RESOURCE_LIST.flatMap((r) =>
      marked(z.toJSONSchema(r.schemas.create as z.ZodType, { io: 'input', unrepresentable: 'any' })),
    );
    expect(fields.length).toBeGreaterThan(0);
    expect([...AMOUNT_FIELDS].sort()).toEqual([...new Set(fields)].sort());
  });

  it('finds a new money field under optional, nullable and bounds, and in rows, and nothing else', () => {
    const schema = z.strictObject({
      amount: money.min(0).max(100),
      deposit: money.nullable().optional(),
      count: z.number().int(),
      rows: z.array(z.strictObject({ fee: money, note: z.string() })).optional(),
    });
    expect(amountFieldsOf(schema)).toEqual(['amount', 'deposit', 'fee']);
  });

  it('marks money in the JSON Schema /api/docs and the generators read', () => {
    const json = z.toJSONSchema(invoiceCreate, { io: 'input', unrepresentable: 'any' }) as unknown as {
      properties: { items: { items: { properties: { unitPrice: Record<string, unknown> } } } };
    };
    expect(json.properties.items.items.properties.unitPrice).toMatchObject({
      type: 'integer',
      'x-amount': 'minor-units',
    });
  });
});
