import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AMOUNT_FIELDS, readPermission, RESOURCE_LIST, writePermission } from '../../../contract/index.js';
import { exampleInput, type MakeObject } from '../../../test/support/example-input.js';
import { App, appTester, failureOf, startDversum, type Dversum } from './dversum.js';

let d: Dversum;
beforeEach(async () => {
  d = await startDversum();
});
afterEach(async () => {
  await d.close();
});

/** Every object's write and read permission, from the table. */
const WRITE = RESOURCE_LIST.map((r) => writePermission(r));
const READ = RESOURCE_LIST.map((r) => readPermission(r));

/** Runs a create as Zapier does, then reads the object back through dVersum's read API. */
async function create(key: string, inputData: Record<string, unknown>, readPath: string) {
  const authData = d.authData(WRITE);
  const made = await appTester(App.creates[key].operation.perform, { authData, inputData });
  const read = await d.h.call(d.h.key(READ), {
    method: 'GET',
    url: `${readPath}/${made.id}`,
  });
  expect(read.statusCode).toBe(200);
  expect(read.json()).toEqual(made);
  return made;
}

describe('creates: one per object, posting to its incoming webhook', () => {
  it('there is one per object of the table, and this file runs each', () => {
    const objects = RESOURCE_LIST.map((r) => r.event).sort();
    expect(Object.keys(App.creates).sort()).toEqual(objects);
  });

  // Each object of the table, from its entry's own example (the objects it names made first), so a new
  // object is run here with no test of its own; the tests below add what each one's fields need.
  for (const resource of RESOURCE_LIST) {
    it(`${resource.noun} from its entry's example, read back as made`, async () => {
      const make: MakeObject = (r, body) =>
        (d.h.core as unknown as Record<string, { create(input: unknown): { id: string } }>)[r.list]!.create(
          body,
        );
      const example = await exampleInput(resource, make);
      // Zapier sends what the owner typed: an amount as text (the example's minor units read as a typed amount).
      const typed = JSON.parse(JSON.stringify(example), (key, value: unknown) =>
        AMOUNT_FIELDS.includes(key) && typeof value === 'number' ? String(value / 100) : value,
      ) as Record<string, unknown>;
      const made = await create(resource.event, typed, `/api/v1/${resource.segment}`);
      expect(made.id.startsWith(`${resource.prefix}_`)).toBe(true);
    });
  }

  it('client, with the fields left empty left out', async () => {
    const client = await create(
      'client',
      { name: 'Anna Schmidt', email: 'anna@example.com', phone: '' },
      '/api/v1/clients',
    );
    expect(client).toMatchObject({ name: 'Anna Schmidt', email: 'anna@example.com', phone: null });
  });

  it('project for a client', async () => {
    const client = await create('client', { name: 'Schmidt Design' }, '/api/v1/clients');
    const project = await create(
      'project',
      { name: 'Website relaunch', clientId: client.id, status: 'active' },
      '/api/v1/projects',
    );
    expect(project).toMatchObject({ name: 'Website relaunch', clientId: client.id, status: 'active' });
  });

  it('task', async () => {
    const task = await create(
      'task',
      { title: 'Reply to Ada', dueDate: '2026-06-30', status: 'in_progress' },
      '/api/v1/tasks',
    );
    expect(task).toMatchObject({ title: 'Reply to Ada', dueDate: '2026-06-30', status: 'in_progress' });
  });

  it('time entry, its minutes and billable typed as Zapier sends them (text)', async () => {
    const entry = await create(
      'time_entry',
      { description: 'Call', minutes: '90', billable: 'false' },
      '/api/v1/time-entries',
    );
    expect(entry).toMatchObject({ description: 'Call', minutes: 90, billable: false });
  });

  it('quote and invoice with line items, amounts as text converted (the unit price an amount, 95.00)', async () => {
    const client = await create('client', { name: 'Ada Lovelace' }, '/api/v1/clients');
    const items = [{ description: 'Design', quantity: '2', unitPrice: '95.00', taxRate: '19' }];
    const quote = await create('quote', { clientId: client.id, currency: 'EUR', items }, '/api/v1/quotes');
    expect(quote).toMatchObject({
      clientId: client.id,
      items: [{ description: 'Design', quantity: 2, unitPrice: 9500, taxRate: 19 }],
    });
    const invoice = await create('invoice', { clientId: client.id, items }, '/api/v1/invoices');
    expect(invoice).toMatchObject({ clientId: client.id, total: 22610 });
  });

  it('"120.00" typed as the unit price makes an invoice of 120.00 EUR: unitPrice 12000, total 12000 + tax', async () => {
    const client = await create('client', { name: 'Grace Hopper' }, '/api/v1/clients');
    const invoice = await create(
      'invoice',
      {
        clientId: client.id,
        currency: 'EUR',
        items: [
          { description: 'Design', quantity: '1', unitPrice: '120.00', taxRate: '19' },
          { description: 'Hosting', quantity: '1', unitPrice: '1.234,56' },
        ],
      },
      '/api/v1/invoices',
    );
    expect(invoice).toMatchObject({
      currency: 'EUR',
      subtotal: 12000 + 123456,
      taxTotal: 2280,
      total: 137736,
    });
    expect((invoice.items as { unitPrice: number }[]).map((i) => i.unitPrice)).toEqual([12000, 123456]);
  });

  it('"120" in JPY is 120, and a create without a currency reads amounts in the default one (GET /api/v1/me)', async () => {
    const client = await create('client', { name: 'Hideo' }, '/api/v1/clients');
    const items = [{ description: 'Design', quantity: '1', unitPrice: '120' }];
    const jpy = await create('invoice', { clientId: client.id, currency: 'JPY', items }, '/api/v1/invoices');
    expect(jpy).toMatchObject({ currency: 'JPY', subtotal: 120, total: 120 });
    d.h.core.settings.update({ defaultCurrency: 'JPY' });
    const byDefault = await create('quote', { clientId: client.id, currency: '', items }, '/api/v1/quotes');
    expect(byDefault).toMatchObject({ currency: 'JPY', total: 120 });
  });

  it.each([
    ['12O', 'EUR', 'Line items 1, Unit price: enter an amount like 120.00 or 120,50, not "12O"'],
    ['1,500', 'EUR', 'Line items 1, Unit price: "1,500" is ambiguous: for 1500 write 1500 or 1,500.00'],
    [
      '120.5',
      'JPY',
      'Line items 1, Unit price: JPY has no decimals: enter a whole amount like 120, not "120.5"',
    ],
  ])('a unit price "%s" in %s is refused before the POST: %s', async (unitPrice, currency, message) => {
    const client = d.h.core.clients.create({ name: 'Nu' });
    const failure = await failureOf(
      appTester(App.creates.invoice.operation.perform, {
        authData: d.authData(WRITE),
        inputData: {
          clientId: client.id,
          currency,
          items: [{ description: 'Design', quantity: '1', unitPrice }],
        },
      }),
    );
    expect(failure).toMatchObject({ code: 'InvalidData', status: 422, message });
    expect(d.h.core.invoices.list({}).items).toEqual([]);
  });

  it('a refused field is a 422 whose message names it', async () => {
    const failure = await failureOf(
      appTester(App.creates.task.operation.perform, {
        authData: d.authData(WRITE),
        inputData: { title: 'x', dueDate: '30.06.2026' },
      }),
    );
    expect(failure).toMatchObject({ code: 'InvalidData', status: 422 });
    expect(failure.message).toBe(
      'dVersum refused the input: Due date: enter a date as YYYY-MM-DD, such as 2026-06-30',
    );
  });

  it('a time entry with neither minutes nor start and end is refused with dVersum’s rule', async () => {
    const failure = await failureOf(
      appTester(App.creates.time_entry.operation.perform, {
        authData: d.authData(WRITE),
        inputData: { description: 'Call' },
      }),
    );
    expect(failure).toMatchObject({ code: 'InvalidData', status: 422 });
    expect(failure.message).toBe(
      'dVersum refused the input: Minutes: give minutes, or startedAt and endedAt',
    );
  });

  it('a key without the create permission is a 403 naming it', async () => {
    const failure = await failureOf(
      appTester(App.creates.invoice.operation.perform, {
        authData: d.authData(['clients:write']),
        inputData: { clientId: 'cli_01kfa3v2m8q9w4e5r6t7y8x9z0', items: [] },
      }),
    );
    expect(failure).toMatchObject({ code: 'Forbidden', status: 403 });
    expect(failure.message).toBe('dVersum refused this: This key may not Create invoices (invoices:create)');
  });
});
