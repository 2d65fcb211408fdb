import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countRows, createFixture, failOutboxWrites, item, type Fixture } from '../../support/core.js';

let f: Fixture;
let clientId: string;
beforeEach(async () => {
  f = createFixture();
  clientId = (await f.call('clients.create', { name: 'Acme' })).id;
});
afterEach(() => f.core.close());

const newQuote = () => f.call('quotes.create', { clientId, items: [item(10_000, 2, 19)] });

describe('quotes', () => {
  it('numbers a quote at creation (QUO-2026-0001, …), a draft in the default currency with totals, and records quote.created', async () => {
    const first = await newQuote();
    const second = await f.call('quotes.create', { clientId, currency: 'USD', items: [item(500)] });
    expect(first).toMatchObject({
      number: 'QUO-2026-0001',
      status: 'draft',
      currency: 'EUR',
      items: [{ description: 'Consulting', quantity: 2, unitPrice: 10_000, taxRate: 19, amount: 20_000 }],
      subtotal: 20_000,
      taxTotal: 3_800,
      total: 23_800,
      sentAt: null,
      decidedAt: null,
    });
    expect(second).toMatchObject({ number: 'QUO-2026-0002', currency: 'USD', total: 500 });
    expect(f.outbox().slice(1)).toMatchObject([
      { type: 'quote.created', event: { data: first } },
      { type: 'quote.created', event: { data: second } },
    ]);
  });

  it('uses settings.defaultCurrency', async () => {
    f.core.settings.update({ defaultCurrency: 'CHF' });
    expect((await newQuote()).currency).toBe('CHF');
  });

  it('goes draft → sent → accepted, recording quote.sent and quote.accepted', async () => {
    const quote = await newQuote();
    f.tick(60_000);
    const sent = await f.call('quotes.send', { id: quote.id });
    expect(sent).toMatchObject({ status: 'sent', sentAt: '2026-01-15T09:01:00.000Z' });
    f.tick(60_000);
    const accepted = await f.call('quotes.accept', { id: quote.id });
    expect(accepted).toMatchObject({ status: 'accepted', decidedAt: '2026-01-15T09:02:00.000Z' });
    expect(
      f
        .outbox()
        .slice(2)
        .map((r) => [r.type, r.event.data]),
    ).toEqual([
      // Once sent, the events carry the quote's PDF too (main/core/documents/).
      ['quote.sent', { ...sent, documentUrl: expect.stringMatching(/\/api\/v1\/documents\/quo_/) }],
      ['quote.accepted', { ...accepted, documentUrl: expect.stringMatching(/\/api\/v1\/documents\/quo_/) }],
    ]);
  });

  it('goes sent → rejected, recording quote.rejected', async () => {
    const quote = await newQuote();
    await f.call('quotes.send', { id: quote.id });
    const rejected = await f.call('quotes.reject', { id: quote.id });
    expect(rejected.status).toBe('rejected');
    expect(f.outbox().at(-1)).toMatchObject({ type: 'quote.rejected', event: { data: rejected } });
  });

  it('refuses transitions out of order with 409 saying why', async () => {
    const quote = await newQuote();
    await expect(f.call('quotes.accept', { id: quote.id })).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
      message: 'Only a sent quote can be accepted; this one is draft',
    });
    await f.call('quotes.send', { id: quote.id });
    await expect(f.call('quotes.send', { id: quote.id })).rejects.toMatchObject({
      status: 409,
      message: 'Only a draft quote can be sent; this one is sent',
    });
    await f.call('quotes.accept', { id: quote.id });
    await expect(f.call('quotes.reject', { id: quote.id })).rejects.toMatchObject({
      status: 409,
      message: 'Only a sent quote can be rejected; this one is accepted',
    });
    expect(f.outboxTypes()).toEqual(['client.created', 'quote.created', 'quote.sent', 'quote.accepted']);
  });

  it('edits a draft (totals recomputed, quote.updated) but refuses to edit or delete a sent quote with 409', async () => {
    const quote = await newQuote();
    const edited = await f.call('quotes.update', {
      id: quote.id,
      items: [item(1_000, 3)],
      validUntil: '2026-02-01',
    });
    expect(edited).toMatchObject({
      number: quote.number,
      subtotal: 3_000,
      taxTotal: 0,
      total: 3_000,
      validUntil: '2026-02-01',
    });
    await f.call('quotes.send', { id: quote.id });
    await expect(f.call('quotes.update', { id: quote.id, notes: 'x' })).rejects.toMatchObject({
      status: 409,
      message: 'Only a draft quote can be edited; this one is sent',
    });
    await expect(f.call('quotes.delete', { id: quote.id })).rejects.toMatchObject({
      status: 409,
      message: 'Only a draft quote can be deleted; this one is sent',
    });
    expect((await f.call('quotes.get', { id: quote.id })).total).toBe(3_000);
    expect(f.outboxTypes()).toEqual(['client.created', 'quote.created', 'quote.updated', 'quote.sent']);
    expect(f.outbox()[2].event.data).toEqual(edited);
  });

  it('writes neither the quote nor its number when recording quote.created fails', async () => {
    const restore = failOutboxWrites(f.core, 'quote.created');
    await expect(newQuote()).rejects.toThrow('injected failure');
    restore();
    expect(countRows(f.core, 'quotes')).toBe(0);
    expect((await newQuote()).number).toBe('QUO-2026-0001');
  });

  it('deletes a draft', async () => {
    const quote = await newQuote();
    expect(await f.call('quotes.delete', { id: quote.id })).toEqual({ ok: true });
    expect(countRows(f.core, 'quotes')).toBe(0);
  });

  it('refuses an unknown client, and a project of another client, with 422 naming the field', async () => {
    const missing = 'cli_0000000000aaaaaaaaaaaaaaaa';
    await expect(f.call('quotes.create', { clientId: missing, items: [item()] })).rejects.toMatchObject({
      status: 422,
      details: { fields: [{ path: 'clientId', message: `Client: no client with id ${missing}` }] },
    });
    const other = await f.call('clients.create', { name: 'Globex' });
    const project = await f.call('projects.create', { name: 'Globex site', clientId: other.id });
    await expect(
      f.call('quotes.create', { clientId, projectId: project.id, items: [item()] }),
    ).rejects.toMatchObject({
      status: 422,
      details: {
        fields: [
          {
            path: 'projectId',
            message: `Project: project ${project.id} belongs to client ${other.id}, not ${clientId}`,
          },
        ],
      },
    });
    expect(countRows(f.core, 'quotes')).toBe(0);
    // A refused create took no number.
    expect((await newQuote()).number).toBe('QUO-2026-0001');
  });

  it('answers 404 "No quote with id …"', async () => {
    const id = 'quo_0000000000aaaaaaaaaaaaaaaa';
    for (const name of [
      'quotes.get',
      'quotes.send',
      'quotes.accept',
      'quotes.reject',
      'quotes.convert',
      'quotes.delete',
    ] as const) {
      await expect(f.call(name, { id })).rejects.toMatchObject({
        status: 404,
        message: `No quote with id ${id}`,
      });
    }
  });

  it('finds a quote by its number', async () => {
    await newQuote();
    f.tick();
    await newQuote();
    const found = await f.call('quotes.list', { search: 'quo-2026-0002' });
    expect(found.items.map((q) => q.number)).toEqual(['QUO-2026-0002']);
  });
});

describe('converting a quote to an invoice', () => {
  /** A quote with a project, in EUR, sent and accepted. */
  async function acceptedQuote() {
    const projectId = (await f.call('projects.create', { name: 'Relaunch', clientId })).id;
    const quote = await f.call('quotes.create', {
      clientId,
      projectId,
      currency: 'USD',
      validUntil: '2026-02-28',
      items: [item(10_000, 2, 19), item(2_550, 1, 7)],
      notes: 'Offer valid for 6 weeks',
    });
    await f.call('quotes.send', { id: quote.id });
    return f.call('quotes.accept', { id: quote.id });
  }

  it('makes a draft invoice with the quote’s items, totals, currency, client, project and quoteId, raising invoice.created', async () => {
    const quote = await acceptedQuote();
    f.tick(60_000);
    const invoice = await f.call('quotes.convert', { id: quote.id });
    expect(invoice).toEqual({
      id: expect.stringMatching(/^inv_/),
      number: null,
      clientId,
      projectId: quote.projectId,
      quoteId: quote.id,
      currency: 'USD',
      status: 'draft',
      issueDate: null,
      dueDate: null,
      items: quote.items,
      subtotal: quote.subtotal,
      taxTotal: quote.taxTotal,
      total: quote.total,
      notes: null,
      sentAt: null,
      paidAt: null,
      voidedAt: null,
      createdAt: '2026-01-15T09:01:00.000Z',
      updatedAt: '2026-01-15T09:01:00.000Z',
    });
    expect(await f.call('invoices.get', { id: invoice.id })).toEqual(invoice);
    expect(f.outbox().at(-1)).toMatchObject({ type: 'invoice.created', event: { data: invoice } });
    // The quote stays accepted; the invoice is a draft like any other (edited, sent, numbered).
    expect((await f.call('quotes.get', { id: quote.id })).status).toBe('accepted');
    expect((await f.call('invoices.send', { id: invoice.id })).number).toBe('INV-2026-0001');
  });

  it('converting twice is a 409 naming the invoice (its number once sent), and makes nothing', async () => {
    const quote = await acceptedQuote();
    const invoice = await f.call('quotes.convert', { id: quote.id });
    const events = f.outbox().length;
    await expect(f.call('quotes.convert', { id: quote.id })).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
      message: `Quote ${quote.number} was already converted to invoice ${invoice.id}`,
      details: { invoiceId: invoice.id },
    });
    await f.call('invoices.send', { id: invoice.id });
    await expect(f.call('quotes.convert', { id: quote.id })).rejects.toMatchObject({
      status: 409,
      message: `Quote ${quote.number} was already converted to invoice INV-2026-0001 (${invoice.id})`,
    });
    expect(countRows(f.core, 'invoices')).toBe(1);
    expect(f.outbox()).toHaveLength(events + 1); // invoice.sent only
  });

  it('converts again once the draft it made was deleted', async () => {
    const quote = await acceptedQuote();
    const first = await f.call('quotes.convert', { id: quote.id });
    await f.call('invoices.delete', { id: first.id });
    const second = await f.call('quotes.convert', { id: quote.id });
    expect(second).toMatchObject({ quoteId: quote.id, status: 'draft' });
    expect(second.id).not.toBe(first.id);
  });

  it('refuses a quote that is not accepted with a 409 saying what it is', async () => {
    const quote = await newQuote();
    const refusal = (status: string) => ({
      status: 409,
      code: 'conflict',
      message: `Only an accepted quote can be converted to an invoice; this one is ${status}`,
    });
    await expect(f.call('quotes.convert', { id: quote.id })).rejects.toMatchObject(refusal('draft'));
    await f.call('quotes.send', { id: quote.id });
    await expect(f.call('quotes.convert', { id: quote.id })).rejects.toMatchObject(refusal('sent'));
    await f.call('quotes.reject', { id: quote.id });
    await expect(f.call('quotes.convert', { id: quote.id })).rejects.toMatchObject(refusal('rejected'));
    expect(countRows(f.core, 'invoices')).toBe(0);
  });

  it('writes no invoice when recording invoice.created fails (one transaction)', async () => {
    const quote = await acceptedQuote();
    const restore = failOutboxWrites(f.core, 'invoice.created');
    await expect(f.call('quotes.convert', { id: quote.id })).rejects.toThrow('injected failure');
    restore();
    expect(countRows(f.core, 'invoices')).toBe(0);
    expect((await f.call('quotes.convert', { id: quote.id })).quoteId).toBe(quote.id);
  });
});

describe('an expired quote', () => {
  async function sentQuote(validUntil: string) {
    const quote = await f.call('quotes.create', { clientId, validUntil, items: [item()] });
    return f.call('quotes.send', { id: quote.id });
  }

  it('is not accepted: 409 saying it expired, also before the expiry check has marked it', async () => {
    const quote = await sentQuote('2026-01-20');
    const expired = {
      status: 409,
      code: 'conflict',
      message: `Quote ${quote.number} expired after 2026-01-20 (its validUntil); an expired quote cannot be accepted`,
    };
    f.clock.set(Date.UTC(2026, 0, 25, 12));
    await expect(f.call('quotes.accept', { id: quote.id })).rejects.toMatchObject(expired);
    expect(f.core.quotes.markExpired()).toBe(1);
    expect(await f.call('quotes.get', { id: quote.id })).toMatchObject({
      status: 'expired',
      decidedAt: null,
    });
    await expect(f.call('quotes.accept', { id: quote.id })).rejects.toMatchObject(expired);
    await expect(f.call('quotes.reject', { id: quote.id })).rejects.toMatchObject({
      status: 409,
      message: 'Only a sent quote can be rejected; this one is expired',
    });
    await expect(f.call('quotes.convert', { id: quote.id })).rejects.toMatchObject({
      status: 409,
      message: 'Only an accepted quote can be converted to an invoice; this one is expired',
    });
    expect(f.outboxTypes().filter((t) => t === 'quote.expired')).toHaveLength(1);
  });

  it('is accepted on its last valid day', async () => {
    const quote = await sentQuote('2026-01-20');
    f.clock.set(Date.UTC(2026, 0, 20, 12));
    expect((await f.call('quotes.accept', { id: quote.id })).status).toBe('accepted');
  });
});
