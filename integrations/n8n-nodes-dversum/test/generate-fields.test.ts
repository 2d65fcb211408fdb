/**
 * The generator's field mapper: every zod shape the contract uses becomes
 * n8n's parameter for it, and a shape it has no rule for stops the build,
 * naming the field, rather than degrading to text or raw JSON.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldParameter } from '../nodes/Dversum/properties';
import { bodyOf } from '../nodes/Dversum/body';
import { fieldsOf, UnknownShapeError } from '../scripts/generate';

const only = (shape: z.ZodRawShape) => {
  const { required, optional } = fieldsOf(z.strictObject(shape));
  return [...required, ...optional];
};

describe('the n8n generator’s field mapper', () => {
  it.each([
    ['a map', { lookup: z.map(z.string(), z.number()) }, 'lookup'],
    ['a tuple', { pair: z.tuple([z.string(), z.number()]) }, 'pair'],
    ['a nested object', { address: z.object({ street: z.string() }) }, 'address'],
    ['a union of two kinds', { either: z.union([z.string(), z.number()]) }, 'either'],
    ['a list of numbers', { scores: z.array(z.number()) }, 'scores'],
    ['a string format it has no picker for', { site: z.url() }, 'site'],
    [
      'an unknown shape inside a line item',
      { items: z.array(z.object({ meta: z.record(z.string(), z.string()) })) },
      'items[].meta',
    ],
  ])('refuses %s, naming the field', (_what, shape, path) => {
    expect(() => only(shape)).toThrow(UnknownShapeError);
    expect(() => only(shape)).toThrow(`no n8n parameter for field ${path} (`);
  });

  it('maps a list of strings to a multi-value string parameter, sent as the list', () => {
    const [tags] = only({ tags: z.array(z.string().max(40)).optional() });
    expect(tags).toEqual({ name: 'tags', displayName: 'Tags', type: 'stringList', nullable: false });
    expect(fieldParameter(tags)).toEqual({
      displayName: 'Tags',
      name: 'tags',
      type: 'string',
      typeOptions: { multipleValues: true },
      default: [],
    });
    expect(bodyOf([tags], { tags: ['urgent', 'client'] })).toEqual({ tags: ['urgent', 'client'] });
  });

  it('maps an enum to options, a date and a date-time to n8n’s date picker; a date sends its day', () => {
    const [status, dueDate, startedAt] = only({
      status: z.enum(['open', 'done']),
      dueDate: z.iso.date(),
      startedAt: z.iso.datetime({ offset: true }),
    });
    expect(status).toMatchObject({ type: 'options', options: ['open', 'done'] });
    expect(fieldParameter(status)).toMatchObject({
      type: 'options',
      default: 'open',
      options: [
        { name: 'open', value: 'open' },
        { name: 'done', value: 'done' },
      ],
    });
    expect(dueDate.type).toBe('date');
    expect(startedAt.type).toBe('dateTime');
    expect(fieldParameter(dueDate)).toMatchObject({ type: 'dateTime', default: '' });
    expect(fieldParameter(startedAt)).toMatchObject({ type: 'dateTime', default: '' });
    expect(
      bodyOf(
        [dueDate, startedAt],
        { dueDate: '2026-03-01T00:00:00', startedAt: '2026-03-01T09:30:00Z' },
        true,
      ),
    ).toEqual({ dueDate: '2026-03-01', startedAt: '2026-03-01T09:30:00Z' });
  });

  it('maps money (unitPrice) to an amount typed as text, and refuses an amount that is not minor units', () => {
    const [unitPrice] = only({ unitPrice: z.int() });
    expect(unitPrice.type).toBe('amount');
    expect(fieldParameter(unitPrice)).toMatchObject({ type: 'string', placeholder: 'e.g. 120.00 or 120,50' });
    expect(() => only({ unitPrice: z.string() })).toThrow('no n8n parameter for field unitPrice (');
  });

  it('maps every field of the contract’s create and update bodies (the build does the same)', () => {
    // render() would throw on any unknown shape; the checked-in file's test runs it.
    expect(
      only({ note: z.string().nullable().optional(), n: z.int(), ok: z.boolean() }).map((f) => f.type),
    ).toEqual(['number', 'boolean', 'string']);
  });
});
