/** The dVersum node's requests against a real dVersum on a socket. */
import type { IDataObject } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Permission } from '../../../contract/index.js';
import { createHarness, listen, type Harness } from '../../../test/support/server.js';
import { Dversum } from '../nodes/Dversum/Dversum.node';
import { credentialTest, n8nContext, type HttpAnswer } from './support/context';

let h: Harness;
let baseUrl: string;

beforeEach(async () => {
  h = await createHarness();
  baseUrl = await listen(h.app);
});
afterEach(async () => {
  await h.close();
});

const ALL: Permission[] = [
  'clients:write',
  'clients:read',
  'tasks:write',
  'tasks:read',
  'quotes:create',
  'quotes:read',
  'invoices:create',
  'invoices:read',
];

async function run(parameters: IDataObject | IDataObject[], permissions: Permission[] = ALL) {
  const ctx = n8nContext({ credentials: { baseUrl, apiKey: h.key(permissions) }, parameters });
  const [out] = await new Dversum().execute.call(ctx.execute);
  return out.map((item) => item.json);
}

describe('dVersum credential', () => {
  it('tests against GET /api/v1/me: a valid key answers 200 with its name and permissions', async () => {
    const answer = (await credentialTest({ baseUrl, apiKey: h.key(['tasks:read']) })) as HttpAnswer;
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatchObject({
      key: { name: 'test', permissions: ['tasks:read'] },
      server: { name: 'dVersum' },
    });
  });

  it('a wrong key fails the test with 401', async () => {
    const answer = (await credentialTest({ baseUrl, apiKey: 'ik_live_wrong' })) as HttpAnswer;
    expect(answer.statusCode).toBe(401);
  });
});

describe('dVersum node', () => {
  it('creates a client from the required name and the additional fields, sending only those given', async () => {
    const [client] = await run({
      resource: 'client',
      operation: 'create',
      name: 'Acme GmbH',
      additionalFields: { email: 'office@acme.example', phone: '' },
    });
    expect(client).toMatchObject({
      name: 'Acme GmbH',
      email: 'office@acme.example',
      phone: null,
      company: null,
    });
    expect(h.core.clients.get(client.id as string)).toMatchObject({ name: 'Acme GmbH' });
  });

  it('creates, updates, gets and deletes a task', async () => {
    const [created] = await run({
      resource: 'task',
      operation: 'create',
      title: 'Call back',
      additionalFields: { status: 'in_progress', dueDate: '2026-06-30' },
    });
    expect(created).toMatchObject({ title: 'Call back', status: 'in_progress', dueDate: '2026-06-30' });
    const id = created.id as string;
    const [updated] = await run({
      resource: 'task',
      operation: 'update',
      id,
      updateFields: { status: 'done', dueDate: '' },
    });
    expect(updated).toMatchObject({ id, status: 'done', dueDate: null });
    expect(await run({ resource: 'task', operation: 'get', id })).toEqual([updated]);
    expect(await run({ resource: 'task', operation: 'delete', id })).toEqual([{ id, deleted: true }]);
    expect(() => h.core.tasks.get(id)).toThrow(/not found|no task/i);
  });

  it('creates a quote with its line items given as JSON text (from an expression), unit prices as amounts', async () => {
    const client = h.core.clients.create({ name: 'Beta' });
    const [quote] = await run({
      resource: 'quote',
      operation: 'create',
      clientId: client.id,
      items: '[{"description": "Design", "quantity": 2, "unitPrice": "150.00", "taxRate": 19}]',
      additionalFields: { currency: 'EUR' },
    });
    expect(quote).toMatchObject({ clientId: client.id, currency: 'EUR', subtotal: 30000, total: 35700 });
  });

  it('"120.00" typed as a line item’s unit price makes an invoice of 120.00 EUR: unitPrice 12000, total 12000 + tax', async () => {
    const client = h.core.clients.create({ name: 'Delta' });
    const [invoice] = await run({
      resource: 'invoice',
      operation: 'create',
      clientId: client.id,
      items: {
        item: [
          { description: 'Design', quantity: 1, unitPrice: '120.00', taxRate: 19 },
          { description: 'Hosting', quantity: 2, unitPrice: '120,50', taxRate: 0 },
        ],
      },
      additionalFields: { currency: 'EUR' },
    });
    expect(invoice).toMatchObject({ currency: 'EUR', subtotal: 12000 + 24100, taxTotal: 2280, total: 38380 });
    expect(h.core.invoices.get(invoice.id as string).items.map((i) => i.unitPrice)).toEqual([12000, 12050]);
  });

  it('"120" in JPY is 120: the currency’s minor unit decides', async () => {
    const client = h.core.clients.create({ name: 'Kappa' });
    const [invoice] = await run({
      resource: 'invoice',
      operation: 'create',
      clientId: client.id,
      items: { item: [{ description: 'Design', quantity: 1, unitPrice: '120', taxRate: 0 }] },
      additionalFields: { currency: 'JPY' },
    });
    expect(invoice).toMatchObject({ currency: 'JPY', subtotal: 120, total: 120 });
  });

  it('without a currency, amounts are read in the default currency dVersum names in GET /api/v1/me', async () => {
    h.core.settings.update({ defaultCurrency: 'JPY' });
    const client = h.core.clients.create({ name: 'Lambda' });
    const [invoice] = await run({
      resource: 'invoice',
      operation: 'create',
      clientId: client.id,
      items: { item: [{ description: 'Design', quantity: 1, unitPrice: '1,500', taxRate: 0 }] },
      additionalFields: { currency: '' },
    });
    expect(invoice).toMatchObject({ currency: 'JPY', total: 1500 });
  });

  it.each([
    ['12O', 'EUR', 'Line Items 1, Unit Price: enter an amount like 120.00 or 120,50, not "12O"'],
    ['1.500', 'EUR', 'Line Items 1, Unit Price: "1.500" is ambiguous: for 1500 write 1500 or 1.500,00'],
    [
      '120.5',
      'JPY',
      'Line Items 1, Unit Price: JPY has no decimals: enter a whole amount like 120, not "120.5"',
    ],
    ['1', 'eur', 'Currency: "eur" is not a three-letter ISO 4217 code such as EUR'],
  ])('a unit price "%s" in %s is refused before any request: %s', async (unitPrice, currency, message) => {
    const client = h.core.clients.create({ name: 'Mu' });
    await expect(
      run({
        resource: 'invoice',
        operation: 'create',
        clientId: client.id,
        items: { item: [{ description: 'Design', quantity: 1, unitPrice, taxRate: 0 }] },
        additionalFields: { currency },
      }),
    ).rejects.toMatchObject({ name: 'NodeOperationError', message });
    expect(h.core.invoices.list({}).items).toEqual([]);
  });

  it('converts an accepted quote to a draft invoice, and a second convert is dVersum’s 409 naming the invoice', async () => {
    const client = h.core.clients.create({ name: 'Gamma' });
    const quote = h.core.quotes.create({
      clientId: client.id,
      items: [{ description: 'Audit', quantity: 1, unitPrice: 50000 }],
    });
    h.core.quotes.send(quote.id);
    h.core.quotes.accept(quote.id);
    const [invoice] = await run({ resource: 'quote', operation: 'convert', id: quote.id });
    expect(invoice).toMatchObject({ status: 'draft', quoteId: quote.id, clientId: client.id, total: 50000 });
    await expect(run({ resource: 'quote', operation: 'convert', id: quote.id })).rejects.toThrow(
      `dVersum answered 409: Quote ${quote.number} was already converted to invoice ${String(invoice.id)}`,
    );
  });

  it('runs once per input item, each with its own parameters', async () => {
    const out = await run([
      { resource: 'client', operation: 'create', name: 'One', additionalFields: {} },
      { resource: 'client', operation: 'create', name: 'Two', additionalFields: {} },
    ]);
    expect(out.map((c) => c.name)).toEqual(['One', 'Two']);
  });

  it('getAll follows nextCursor across pages with returnAll, and stops at limit otherwise', async () => {
    for (let i = 0; i < 205; i++) h.core.clients.create({ name: `Client ${i}` });
    const all = await run({ resource: 'client', operation: 'getAll', returnAll: true });
    expect(all).toHaveLength(205);
    expect(new Set(all.map((c) => c.id)).size).toBe(205);
    const some = await run({ resource: 'client', operation: 'getAll', returnAll: false, limit: 3 });
    expect(some.map((c) => c.id)).toEqual(all.slice(0, 3).map((c) => c.id));
    const across = await run({ resource: 'client', operation: 'getAll', returnAll: false, limit: 201 });
    expect(across.map((c) => c.id)).toEqual(all.slice(0, 201).map((c) => c.id));
  });

  it('a key that may not read clients gets 403 naming the permission clients:read', async () => {
    await expect(
      run({ resource: 'client', operation: 'getAll', returnAll: true }, ['tasks:read']),
    ).rejects.toThrow('dVersum answered 403: This key may not Read clients (clients:read)');
  });

  it('an empty required field is sent as it is, so dVersum’s 422 names it', async () => {
    await expect(
      run({ resource: 'task', operation: 'create', title: ' ', additionalFields: {} }),
    ).rejects.toThrow('dVersum answered 422: Title is required');
  });

  it('no line item added is sent as an empty list, so dVersum’s 422 asks for one', async () => {
    const client = h.core.clients.create({ name: 'Xi' });
    await expect(
      run({ resource: 'invoice', operation: 'create', clientId: client.id, items: {}, additionalFields: {} }),
    ).rejects.toThrow('dVersum answered 422: Items: give at least one item');
  });

  it('line items that are not JSON are refused before any request, naming the field', async () => {
    await expect(
      run({ resource: 'quote', operation: 'create', clientId: 'cli_x', items: '[{', additionalFields: {} }),
    ).rejects.toThrow(
      /^Line Items must be JSON, such as \[\{"description": "Design", "quantity": 1, "unitPrice": "1500.00"\}\]/,
    );
  });
});
