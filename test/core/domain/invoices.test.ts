import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countRows, createFixture, failOutboxWrites, item, type Fixture } from '../../support/core.js';
import { storeOf } from '../../../main/core/store/database.js';

// "Today" is the local date; pin the zone so the dates below hold wherever the tests run.
const originalTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Berlin';
});
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

let f: Fixture;
let clientId: string;
beforeEach(async () => {
  f = createFixture(); // 2026-01-15 09:00 UTC, 10:00 in Berlin
  clientId = (await f.call('clients.create', { name: 'Acme' })).id;
});
afterEach(() => f.core.close());

const newInvoice = (extra: { issueDate?: string; dueDate?: string } = {}) =>
  f.call('invoices.create', { clientId, items: [item(10_000, 1, 19), item(2_500, 2)], ...extra });

const NOT_EDITABLE = 'Only a draft invoice can be edited; a sent invoice is voided, never changed';
const NOT_DELETABLE = 'Only a draft invoice can be deleted; a sent invoice is voided, never deleted';

describe('invoices', () => {
  it('creates a draft without a number, with totals and the default currency, and records invoice.created', async () => {
    const invoice = await newInvoice();
    expect(invoice).toMatchObject({
      number: null,
      status: 'draft',
      currency: 'EUR',
      issueDate: null,
      dueDate: null,
      subtotal: 15_000,
      taxTotal: 1_900,
      total: 16_900,
      sentAt: null,
      paidAt: null,
      voidedAt: null,
    });
    expect(invoice.items.map((i) => [i.amount, i.taxRate])).toEqual([
      [10_000, 19],
      [5_000, 0],
    ]);
    expect(f.outbox().at(-1)).toMatchObject({ type: 'invoice.created', event: { data: invoice } });
  });

  it('send numbers it, sets the issue date to today and the due date to today + invoiceDueDays, and records invoice.sent', async () => {
    const invoice = await newInvoice();
    f.tick(60_000);
    const sent = await f.call('invoices.send', { id: invoice.id });
    expect(sent).toMatchObject({
      number: 'INV-2026-0001',
      status: 'sent',
      issueDate: '2026-01-15',
      dueDate: '2026-01-29',
      sentAt: '2026-01-15T09:01:00.000Z',
      total: invoice.total,
      items: invoice.items,
    });
    expect(f.outbox().at(-1)).toMatchObject({ type: 'invoice.sent', event: { data: sent } });
  });

  it('send keeps given dates, and takes invoiceDueDays from the settings', async () => {
    f.core.settings.update({ invoiceDueDays: 30 });
    const dated = await newInvoice({ issueDate: '2026-01-10', dueDate: '2026-01-20' });
    expect(await f.call('invoices.send', { id: dated.id })).toMatchObject({
      issueDate: '2026-01-10',
      dueDate: '2026-01-20',
    });
    const issued = await newInvoice({ issueDate: '2026-01-31' });
    expect(await f.call('invoices.send', { id: issued.id })).toMatchObject({
      issueDate: '2026-01-31',
      dueDate: '2026-03-02',
    });
  });

  it('numbers without gaps across sends, a deleted draft and a refused send, per year of the issue date', async () => {
    const a = await newInvoice();
    const deleted = await newInvoice();
    const b = await newInvoice();
    const refused = await newInvoice({ issueDate: '2026-01-10' });
    const previousYear = await newInvoice({ issueDate: '2025-12-30' });
    expect((await f.call('invoices.send', { id: b.id })).number).toBe('INV-2026-0001');
    await f.call('invoices.delete', { id: deleted.id });
    // A failure inside the send transaction (here: the event cannot be written) gives its number back.
    const restore = failOutboxWrites(f.core, 'invoice.sent');
    await expect(f.call('invoices.send', { id: refused.id })).rejects.toThrow('injected failure');
    restore();
    expect(await f.call('invoices.get', { id: refused.id })).toMatchObject({
      status: 'draft',
      number: null,
      issueDate: '2026-01-10',
    });
    expect((await f.call('invoices.send', { id: a.id })).number).toBe('INV-2026-0002');
    expect((await f.call('invoices.send', { id: refused.id })).number).toBe('INV-2026-0003');
    expect((await f.call('invoices.send', { id: previousYear.id })).number).toBe('INV-2025-0001');
    const numbers = storeOf(f.core.store)
      .sqlite.prepare('SELECT number FROM invoices WHERE number IS NOT NULL ORDER BY number')
      .all();
    expect(numbers).toEqual([
      { number: 'INV-2025-0001' },
      { number: 'INV-2026-0001' },
      { number: 'INV-2026-0002' },
      { number: 'INV-2026-0003' },
    ]);
  });

  it('edits a draft (totals recomputed) with invoice.updated; an edit that changes nothing raises none', async () => {
    const invoice = await newInvoice();
    const edited = await f.call('invoices.update', {
      id: invoice.id,
      items: [item(999, 3, 7)],
      notes: 'Thanks',
    });
    expect(edited).toMatchObject({ subtotal: 2_997, taxTotal: 210, total: 3_207, notes: 'Thanks' });
    await f.call('invoices.update', { id: invoice.id, notes: 'Thanks' });
    expect(f.outboxTypes()).toEqual(['client.created', 'invoice.created', 'invoice.updated']);
    expect(f.outbox().at(-1)?.event.data).toEqual(edited);
  });

  it('deletes a draft with invoice.deleted carrying the invoice as it was', async () => {
    const invoice = await newInvoice();
    await f.call('invoices.delete', { id: invoice.id });
    await expect(f.call('invoices.get', { id: invoice.id })).rejects.toMatchObject({ status: 404 });
    expect(f.outbox().at(-1)).toMatchObject({ type: 'invoice.deleted', event: { data: invoice } });
  });

  it('never changes or deletes a sent invoice (409 saying why); its items and totals stay', async () => {
    const invoice = await newInvoice();
    const sent = await f.call('invoices.send', { id: invoice.id });
    await expect(f.call('invoices.update', { id: invoice.id, items: [item(1)] })).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
      message: NOT_EDITABLE,
    });
    await expect(f.call('invoices.delete', { id: invoice.id })).rejects.toMatchObject({
      status: 409,
      message: NOT_DELETABLE,
    });
    await f.call('invoices.markPaid', { id: invoice.id });
    await expect(f.call('invoices.update', { id: invoice.id, notes: 'x' })).rejects.toMatchObject({
      status: 409,
      message: NOT_EDITABLE,
    });
    const now = await f.call('invoices.get', { id: invoice.id });
    expect([now.items, now.subtotal, now.taxTotal, now.total]).toEqual([
      sent.items,
      sent.subtotal,
      sent.taxTotal,
      sent.total,
    ]);
  });

  it('deletes a draft', async () => {
    const invoice = await newInvoice();
    expect(await f.call('invoices.delete', { id: invoice.id })).toEqual({ ok: true });
    expect(countRows(f.core, 'invoices')).toBe(0);
  });

  it('marks a sent invoice paid (invoice.paid) and refuses to pay a draft or pay twice', async () => {
    const invoice = await newInvoice();
    await expect(f.call('invoices.markPaid', { id: invoice.id })).rejects.toMatchObject({
      status: 409,
      message: 'Only a sent or overdue invoice can be marked paid; this one is draft',
    });
    await f.call('invoices.send', { id: invoice.id });
    f.tick(1000);
    const paid = await f.call('invoices.markPaid', { id: invoice.id });
    expect(paid).toMatchObject({ status: 'paid', paidAt: '2026-01-15T09:00:01.000Z' });
    await expect(f.call('invoices.markPaid', { id: invoice.id })).rejects.toMatchObject({
      status: 409,
      message: 'Only a sent or overdue invoice can be marked paid; this one is paid',
    });
    expect(f.outbox().at(-1)).toMatchObject({ type: 'invoice.paid', event: { data: paid } });
  });

  it('voids a sent invoice (invoice.voided); refuses to void a draft, a paid or a void one', async () => {
    const draft = await newInvoice();
    await expect(f.call('invoices.void', { id: draft.id })).rejects.toMatchObject({
      status: 409,
      message: 'A draft invoice is deleted, not voided',
    });
    await f.call('invoices.send', { id: draft.id });
    const voided = await f.call('invoices.void', { id: draft.id });
    expect(voided).toMatchObject({
      status: 'void',
      number: 'INV-2026-0001',
      voidedAt: '2026-01-15T09:00:00.000Z',
    });
    expect(f.outbox().at(-1)).toMatchObject({ type: 'invoice.voided', event: { data: voided } });
    await expect(f.call('invoices.void', { id: draft.id })).rejects.toMatchObject({
      status: 409,
      message: 'This invoice is already void',
    });
    await expect(f.call('invoices.markPaid', { id: draft.id })).rejects.toMatchObject({ status: 409 });
    const paid = await newInvoice();
    await f.call('invoices.send', { id: paid.id });
    await f.call('invoices.markPaid', { id: paid.id });
    await expect(f.call('invoices.void', { id: paid.id })).rejects.toMatchObject({
      status: 409,
      message: 'A paid invoice cannot be voided',
    });
  });

  it('refuses a due date before the issue date with 422 naming dueDate, at create, update and send', async () => {
    const error = (issueDate: string) => ({
      status: 422,
      details: {
        fields: [{ path: 'dueDate', message: `Due date: must be on or after the issue date (${issueDate})` }],
      },
    });
    await expect(newInvoice({ issueDate: '2026-01-10', dueDate: '2026-01-09' })).rejects.toMatchObject(
      error('2026-01-10'),
    );
    const invoice = await newInvoice({ dueDate: '2026-01-01' });
    await expect(
      f.call('invoices.update', { id: invoice.id, issueDate: '2026-01-02' }),
    ).rejects.toMatchObject(error('2026-01-02'));
    // Sent today (2026-01-15) with a due date already past: refused, and no number is used up.
    await expect(f.call('invoices.send', { id: invoice.id })).rejects.toMatchObject(error('2026-01-15'));
    await f.call('invoices.update', { id: invoice.id, dueDate: null });
    expect((await f.call('invoices.send', { id: invoice.id })).number).toBe('INV-2026-0001');
  });

  it('refuses unknown client and project ids with 422 naming the field, and writes nothing', async () => {
    const missingClient = 'cli_0000000000aaaaaaaaaaaaaaaa';
    const missingProject = 'prj_0000000000aaaaaaaaaaaaaaaa';
    await expect(
      f.call('invoices.create', { clientId: missingClient, items: [item()] }),
    ).rejects.toMatchObject({
      status: 422,
      message: `Client: no client with id ${missingClient}`,
    });
    await expect(
      f.call('invoices.create', { clientId, projectId: missingProject, items: [item()] }),
    ).rejects.toMatchObject({
      status: 422,
      details: { fields: [{ path: 'projectId', message: `Project: no project with id ${missingProject}` }] },
    });
    const invoice = await newInvoice();
    await expect(
      f.call('invoices.update', { id: invoice.id, clientId: missingClient }),
    ).rejects.toMatchObject({
      status: 422,
      details: { fields: [{ path: 'clientId' }] },
    });
    expect(countRows(f.core, 'invoices')).toBe(1);
    expect(f.outboxTypes()).toEqual(['client.created', 'invoice.created']);
  });

  it('refuses invalid items with 422 naming each field', async () => {
    await expect(
      f.call('invoices.create', { clientId, items: [{ description: '', quantity: 0, unitPrice: 1.5 }] }),
    ).rejects.toMatchObject({
      status: 422,
      details: {
        fields: [
          { path: 'items.0.description', message: 'Description of item 1 is required' },
          { path: 'items.0.quantity', message: 'Quantity of item 1: must be more than 0' },
          {
            path: 'items.0.unitPrice',
            message: 'Unit price of item 1: must be an integer amount in minor units (1500 is 15.00)',
          },
        ],
      },
    });
    await expect(f.call('invoices.create', { clientId, items: [] })).rejects.toMatchObject({
      status: 422,
      details: { fields: [{ path: 'items', message: 'Items: give at least one item' }] },
    });
  });

  it('refuses an amount too large to compute exactly with 422 instead of a wrong total', async () => {
    await expect(
      f.call('invoices.create', {
        clientId,
        items: [{ description: 'x', quantity: 1_000_000, unitPrice: 100_000_000_000 }],
      }),
    ).rejects.toMatchObject({
      status: 422,
      details: {
        fields: [{ path: 'items.0', message: 'Items, item 1: the amount is too large to compute exactly' }],
      },
    });
  });

  it('answers 404 "No invoice with id …" for every operation', async () => {
    const id = 'inv_0000000000aaaaaaaaaaaaaaaa';
    for (const name of [
      'invoices.get',
      'invoices.send',
      'invoices.markPaid',
      'invoices.void',
      'invoices.delete',
    ] as const) {
      await expect(f.call(name, { id })).rejects.toMatchObject({
        status: 404,
        message: `No invoice with id ${id}`,
      });
    }
    await expect(f.call('invoices.update', { id, notes: 'x' })).rejects.toMatchObject({ status: 404 });
  });
});
