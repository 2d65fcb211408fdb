import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Permission } from '../../../contract/index.js';
import { App, appTester, failureOf, startDversum, type Dversum } from './dversum.js';

let d: Dversum;
beforeEach(async () => {
  d = await startDversum();
});
afterEach(async () => {
  await d.close();
});

const WRITE: Permission[] = [
  'tasks:write',
  'projects:write',
  'clients:write',
  'time_entries:create',
  'quotes:create',
  'invoices:create',
];

/** Runs a create as Zapier does, then reads the object back through dVersum's read API. */
async function create(key: string, inputData: Record<string, unknown>, readPath: string) {
  const authData = d.authData(WRITE);
  const made = await appTester(App.creates[key].operation.perform, { authData, inputData });
  const read = await d.h.call(
    d.h.key([
      'tasks:read',
      'projects:read',
      'clients:read',
      'time_entries:read',
      'quotes:read',
      'invoices:read',
    ]),
    {
      method: 'GET',
      url: `${readPath}/${made.id}`,
    },
  );
  expect(read.statusCode).toBe(200);
  expect(read.json()).toEqual(made);
  return made;
}

describe('creates: one per object, posting to its incoming webhook', () => {
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

  it('quote and invoice with line items, amounts as text converted', async () => {
    const client = await create('client', { name: 'Ada Lovelace' }, '/api/v1/clients');
    const items = [{ description: 'Design', quantity: '2', unitPrice: '9500', taxRate: '19' }];
    const quote = await create('quote', { clientId: client.id, currency: 'EUR', items }, '/api/v1/quotes');
    expect(quote).toMatchObject({
      clientId: client.id,
      items: [{ description: 'Design', quantity: 2, unitPrice: 9500, taxRate: 19 }],
    });
    const invoice = await create('invoice', { clientId: client.id, items }, '/api/v1/invoices');
    expect(invoice).toMatchObject({ clientId: client.id, total: 22610 });
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
