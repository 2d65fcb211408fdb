/**
 * The catalog generator's field mapper: every zod shape the contract uses
 * becomes Zapier's field for it, and a shape it has no rule for stops the
 * build, naming the field, rather than degrading to a text field (which
 * Zapier would send as text, to a 422).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inputFieldsOf, UnknownShapeError, type CatalogField } from '../scripts/catalog-source.mjs';

const require = createRequire(import.meta.url);
const { bodyOf } = require('../lib/input.js') as {
  bodyOf(fields: readonly CatalogField[], input: Record<string, unknown>, dateFields?: string[]): unknown;
};

const only = (shape: z.ZodRawShape) => inputFieldsOf(z.strictObject(shape));

describe('the Zapier generator’s field mapper', () => {
  it.each([
    ['a map', { lookup: z.map(z.string(), z.number()) }, 'lookup'],
    ['a tuple', { pair: z.tuple([z.string(), z.number()]) }, 'pair'],
    ['a nested object', { address: z.object({ street: z.string() }) }, 'address'],
    ['a union of two kinds', { either: z.union([z.string(), z.number()]) }, 'either'],
    ['a list of numbers', { scores: z.array(z.number()) }, 'scores'],
    ['a string format it has no field for', { site: z.url() }, 'site'],
    [
      'an unknown shape inside a line item',
      { items: z.array(z.object({ meta: z.record(z.string(), z.string()) })) },
      'items[].meta',
    ],
    [
      'a date inside a line item (the app sends top-level days only)',
      { items: z.array(z.object({ on: z.iso.date() })) },
      'items[].on',
    ],
  ])('refuses %s, naming the field', (_what, shape, path) => {
    expect(() => only(shape)).toThrow(UnknownShapeError);
    expect(() => only(shape)).toThrow(`no Zapier field for ${path} (`);
  });

  it('maps a list of strings to a string field with list: true, sent as the list', () => {
    const fields = only({ tags: z.array(z.string().max(40)).optional() });
    expect(fields).toEqual([{ key: 'tags', label: 'Tags', type: 'string', required: false, list: true }]);
    expect(bodyOf(fields, { tags: ['urgent', 'client'] })).toEqual({ tags: ['urgent', 'client'] });
  });

  it('maps an enum to choices, a date and a date-time to datetime fields; a date sends its day', () => {
    const [status, dueDate, startedAt] = only({
      status: z.enum(['open', 'done']),
      dueDate: z.iso.date(),
      startedAt: z.iso.datetime({ offset: true }),
    });
    expect(status).toEqual({
      key: 'status',
      label: 'Status',
      type: 'string',
      required: true,
      choices: ['open', 'done'],
    });
    expect(dueDate).toEqual({ key: 'dueDate', label: 'Due date', type: 'datetime', required: true });
    expect(startedAt).toEqual({ key: 'startedAt', label: 'Started at', type: 'datetime', required: true });
    expect(
      bodyOf(
        [dueDate, startedAt],
        { dueDate: '2026-03-01T00:00:00+01:00', startedAt: '2026-03-01T09:30:00+01:00' },
        ['dueDate'],
      ),
    ).toEqual({ dueDate: '2026-03-01', startedAt: '2026-03-01T09:30:00+01:00' });
  });

  it('maps money (unitPrice) to an amount typed as text, and refuses an amount that is not minor units', () => {
    const [unitPrice] = only({ unitPrice: z.int() });
    expect(unitPrice).toMatchObject({ type: 'string', placeholder: 'e.g. 120.00 or 120,50' });
    expect(() => only({ unitPrice: z.string() })).toThrow('no Zapier field for unitPrice (');
  });

  it('maps a nullable plain value to its own type', () => {
    expect(
      only({ note: z.string().nullable().optional(), n: z.int(), ok: z.boolean() }).map((f) => f.type),
    ).toEqual(['string', 'integer', 'boolean']);
  });
});
