/**
 * The row ↔ object mapping (domain/row-codec.ts): each field's codec derived
 * from the resource's item schema and its table's columns, JSON columns read
 * and written through their codec (a round trip keeps the value; a damaged
 * one is a clear 500 naming the object, its id and the field, over the
 * contract and the REST API alike), and change detection that compares JSON
 * columns as stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lineItem, RESOURCE_LIST, RESOURCES, task } from '../../../contract/index.js';
import { jsonColumn, rowCodec } from '../../../main/core/domain/row-codec.js';
import { objectRepositories } from '../../../main/core/store/repositories/objects.js';
import { storeOf } from '../../../main/core/store/database.js';
import { createFixture, failure, item, type Fixture } from '../../support/core.js';
import { createHarness } from '../../support/server.js';

const RESTORE = 'Restore a backup, or correct the row in the database';

describe('jsonColumn', () => {
  const items = jsonColumn(z.array(lineItem));
  const priced = [
    { description: 'Design', quantity: 1.5, unitPrice: 9_500, taxRate: 19, amount: 14_250 },
    {
      description: 'Ümlaut “quotes” and \\ backslash',
      quantity: 1,
      unitPrice: -100,
      taxRate: 0,
      amount: -100,
    },
  ];

  it('reads back what it wrote (a round trip keeps every item, text and number)', () => {
    const stored = items.encode(priced);
    expect(typeof stored).toBe('string');
    expect(items.decode(stored, 'items')).toEqual({ value: priced });
  });

  it('says what is wrong with text that is not JSON, naming the field by its label, instead of throwing', () => {
    expect(items.decode('[{"description":', 'items')).toEqual({
      problem: expect.stringMatching(/^Items: the stored text is not valid JSON \(.+\)$/),
    });
  });

  it('says which part of valid JSON does not fit the field, by its label', () => {
    const wrong = JSON.stringify([priced[0], { ...priced[1], quantity: 'two' }]);
    expect(items.decode(wrong, 'items')).toEqual({
      problem: 'Quantity of item 2: the stored value does not fit this field',
    });
    expect(items.decode('{"a":1}', 'items')).toEqual({
      problem: 'Items: the stored value does not fit this field',
    });
  });
});

describe('rowCodec, derived from the item schema and the columns', () => {
  const taskColumns = {
    id: 'string',
    title: 'string',
    description: 'string',
    status: 'string',
    dueDate: 'string',
    projectId: 'string',
    completedAt: 'number',
    createdAt: 'number',
    updatedAt: 'number',
  };

  it('gives a list field a JSON column, a time in an integer column the ISO form, and the rest as stored', () => {
    const invoice = rowCodec(RESOURCES.invoice, {
      ...Object.fromEntries(Object.keys(RESOURCES.invoice.schemas.item.shape).map((k) => [k, 'string'])),
      ...{ subtotal: 'number', taxTotal: 'number', total: 'number' },
      ...{ sentAt: 'number', paidAt: 'number', voidedAt: 'number', createdAt: 'number', updatedAt: 'number' },
      overdueAt: 'number',
    });
    expect(invoice.kinds).toMatchObject({
      items: 'json',
      sentAt: 'instant',
      createdAt: 'instant',
      issueDate: 'same',
      status: 'same',
      total: 'same',
    });
    // A column the item does not show (overdueAt) is the row's alone.
    expect(invoice.kinds).not.toHaveProperty('overdueAt');
  });

  it('takes a new list field (tags on tasks) as a JSON column without another line of code', () => {
    const tagged = {
      ...RESOURCES.task,
      schemas: { ...RESOURCES.task.schemas, item: task.extend({ tags: z.array(z.string()) }) },
    };
    const codec = rowCodec<{ id: string }, Record<string, unknown> & { id: string }, Record<string, unknown>>(
      tagged,
      { ...taskColumns, tags: 'string' },
    );
    expect(codec.kinds.tags).toBe('json');
    const row = {
      id: 'tsk_1',
      title: 'Call',
      description: null,
      status: 'open',
      dueDate: null,
      projectId: null,
      completedAt: null,
      tags: ['a', 'b, c'],
      createdAt: 0,
      updatedAt: 60_000,
    };
    const stored = codec.encode(row) as Record<string, unknown>;
    expect(stored.tags).toBe('["a","b, c"]');
    expect(codec.decode(stored as { id: string })).toEqual(row);
    expect(codec.toItem(row)).toEqual({
      ...row,
      createdAt: '1970-01-01T00:00:00.000Z',
      updatedAt: '1970-01-01T00:01:00.000Z',
    });
    expect(codec.same('tags', ['a'], ['a'])).toBe(true);
    expect(codec.same('tags', ['a'], ['a', 'b'])).toBe(false);
  });

  it('gives a list field a create leaves out an empty list, and keeps one it gives (no domain line for its default)', () => {
    const tagged = {
      ...RESOURCES.task,
      schemas: {
        ...RESOURCES.task.schemas,
        item: task.extend({ tags: z.array(z.string()), labels: z.array(z.string()).nullable() }),
      },
    };
    const codec = rowCodec<{ id: string }, Record<string, unknown> & { id: string }, Record<string, unknown>>(
      tagged,
      { ...taskColumns, tags: 'string', labels: 'string' },
    );
    expect(codec.withEmptyLists({ id: 'tsk_1', title: 'Call' })).toEqual({
      id: 'tsk_1',
      title: 'Call',
      tags: [],
    });
    expect(codec.withEmptyLists({ id: 'tsk_1', tags: ['a'] })).toEqual({ id: 'tsk_1', tags: ['a'] });
    expect(codec.withEmptyLists({ id: 'tsk_1', tags: [], labels: null })).toEqual({
      id: 'tsk_1',
      tags: [],
      labels: null,
    });
  });

  it('stops at start, naming the field, when the table lacks it or the pairing is unknown', () => {
    const tagged = {
      ...RESOURCES.task,
      schemas: { ...RESOURCES.task.schemas, item: task.extend({ tags: z.array(z.string()) }) },
    };
    expect(() => rowCodec(tagged, taskColumns)).toThrow('task.tags: the table tasks has no column tags');
    expect(() => rowCodec(tagged, { ...taskColumns, tags: 'number' })).toThrow(
      'task.tags: no codec between a number column and a array field',
    );
    expect(() => rowCodec(RESOURCES.task, { ...taskColumns, dueDate: 'number' })).toThrow(
      'task.dueDate: no codec between a number column and a string field',
    );
  });

  it('maps every field of every resource on its real table: lists as JSON, ISO times from integers', () => {
    const f = createFixture();
    try {
      const tables = objectRepositories(storeOf(f.core.store).db);
      for (const resource of RESOURCE_LIST) {
        const { kinds } = rowCodec(resource, tables[resource.list].columns);
        const shape = resource.schemas.item.shape as Record<string, z.ZodType>;
        expect(Object.keys(kinds)).toEqual(Object.keys(shape));
        for (const [field, schema] of Object.entries(shape)) {
          const json = z.toJSONSchema(schema, { unrepresentable: 'any' }) as {
            type?: unknown;
            anyOf?: { type?: unknown; format?: unknown }[];
          };
          const types = [json, ...(json.anyOf ?? [])];
          const expected = types.some((t) => t.type === 'array' || t.type === 'object')
            ? 'json'
            : types.some((t) => (t as { format?: unknown }).format === 'date-time')
              ? 'instant'
              : 'same';
          expect([resource.key, field, kinds[field]]).toEqual([resource.key, field, expected]);
        }
      }
    } finally {
      void f.core.close();
    }
  });
});

describe('a damaged JSON column', () => {
  let f: Fixture;
  beforeEach(() => {
    f = createFixture();
  });
  afterEach(() => f.core.close());

  const corrupt = (table: string, id: string, items: string) =>
    storeOf(f.core.store).sqlite.prepare(`UPDATE ${table} SET items = ? WHERE id = ?`).run(items, id);

  async function invoice() {
    const client = await f.call('clients.create', { name: 'Acme' });
    return f.call('invoices.create', { clientId: client.id, items: [item(10_000, 2, 19)] });
  }

  it('makes list and get a 500 naming the invoice, its id and the field, not a crash', async () => {
    const { id } = await invoice();
    corrupt('invoices', id, '[{"description":"Design","quantity":');
    const expected = {
      status: 500,
      code: 'internal',
      message: expect.stringMatching(
        new RegExp(
          `^Invoice ${id} cannot be read: Items: the stored text is not valid JSON \\(.+\\)\\. ${RESTORE}$`,
        ),
      ),
      details: { object: 'invoice', id, field: 'items' },
    };
    expect(await failure(f.call('invoices.list', {}))).toEqual(expected);
    expect(await failure(f.call('invoices.get', { id }))).toEqual(expected);
    expect(await failure(f.call('invoices.delete', { id }))).toEqual(expected);
  });

  it('names the part of the items that does not fit (a quote whose quantity is text)', async () => {
    const client = await f.call('clients.create', { name: 'Acme' });
    const quote = await f.call('quotes.create', { clientId: client.id, items: [item()] });
    corrupt(
      'quotes',
      quote.id,
      '[{"description":"Consulting","quantity":"1","unitPrice":10000,"taxRate":0,"amount":10000}]',
    );
    expect(await failure(f.call('quotes.get', { id: quote.id }))).toEqual({
      status: 500,
      code: 'internal',
      message: `Quote ${quote.id} cannot be read: Quantity of item 1: the stored value does not fit this field. ${RESTORE}`,
      details: { object: 'quote', id: quote.id, field: 'items' },
    });
  });

  it('answers GET /api/v1/invoices with that 500, not a 400 blaming the request body', async () => {
    const h = await createHarness();
    try {
      const client = h.core.clients.create({ name: 'Acme' });
      const { id } = h.core.invoices.create({ clientId: client.id, items: [item()] });
      storeOf(h.core.store).sqlite.prepare(`UPDATE invoices SET items = 'not json' WHERE id = ?`).run(id);
      const res = await h.call(h.key(['invoices:read']), { method: 'GET', url: '/api/v1/invoices' });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({
        error: {
          code: 'internal',
          message: expect.stringMatching(
            new RegExp(
              `^Invoice ${id} cannot be read: Items: the stored text is not valid JSON \\(.+\\)\\. ${RESTORE}$`,
            ),
          ),
          details: { object: 'invoice', id, field: 'items' },
        },
      });
    } finally {
      await h.close();
    }
  });

  it('leaves the other objects readable', async () => {
    const { id } = await invoice();
    corrupt('invoices', id, '');
    expect((await f.call('clients.list', {})).items).toHaveLength(1);
  });
});

describe('change detection through the codec', () => {
  let f: Fixture;
  beforeEach(() => {
    f = createFixture();
  });
  afterEach(() => f.core.close());

  it('raises no invoice.updated when the items given price to what is stored (taxRate 0 or left out)', async () => {
    const client = await f.call('clients.create', { name: 'Acme' });
    const created = await f.call('invoices.create', { clientId: client.id, items: [item(10_000, 2)] });
    f.tick(60_000);
    const same = await f.call('invoices.update', { id: created.id, items: [item(10_000, 2, 0)] });
    expect(same).toEqual(created);
    expect(f.outboxTypes()).toEqual(['client.created', 'invoice.created']);
    const changed = await f.call('invoices.update', { id: created.id, items: [item(10_000, 3, 0)] });
    expect(changed).toMatchObject({ items: [{ quantity: 3, amount: 30_000 }], total: 30_000 });
    expect(changed.updatedAt).toBe('2026-01-15T09:01:00.000Z');
    expect(f.outbox().map((r) => r.type)).toEqual(['client.created', 'invoice.created', 'invoice.updated']);
    expect(f.outbox().at(-1)?.event.data).toEqual(changed);
  });

  it('stores the items as the JSON text of the priced items, and the quote converted copies them as they are', async () => {
    const client = await f.call('clients.create', { name: 'Acme' });
    const quote = await f.call('quotes.create', { clientId: client.id, items: [item(1_500, 12, 19)] });
    const stored = storeOf(f.core.store)
      .sqlite.prepare('SELECT items FROM quotes WHERE id = ?')
      .get(quote.id) as {
      items: string;
    };
    expect(stored.items).toBe(JSON.stringify(quote.items));
    await f.call('quotes.send', { id: quote.id });
    await f.call('quotes.accept', { id: quote.id });
    const invoice = await f.call('quotes.convert', { id: quote.id });
    expect(invoice.items).toEqual(quote.items);
    const copied = storeOf(f.core.store)
      .sqlite.prepare('SELECT items FROM invoices WHERE id = ?')
      .get(invoice.id) as {
      items: string;
    };
    expect(copied.items).toBe(stored.items);
  });
});
