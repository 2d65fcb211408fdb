/** Money fields are found from their schema (`money`), not from a list of names kept by hand. */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AMOUNT_FIELDS, amountFieldsOf } from '../../contract/resources.js';
import { money } from '../../contract/common.js';
import { invoiceCreate } from '../../contract/index.js';

describe('AMOUNT_FIELDS', () => {
  it("is every create schema's money fields, rows included: today the line items' unit price", () => {
    expect(AMOUNT_FIELDS).toEqual(['unitPrice']);
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
