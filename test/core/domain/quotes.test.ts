import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countRows, createFixture, failOutboxWrites, item, type Fixture } from '../../support/domain.js';

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
      ['quote.sent', sent],
      ['quote.accepted', accepted],
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

  it('edits a draft (totals recomputed, no event) but refuses to edit or delete a sent quote with 409', async () => {
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
    expect(f.outboxTypes()).toEqual(['client.created', 'quote.created', 'quote.sent']);
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
      details: { fields: [{ path: 'clientId', message: `no client with id ${missing}` }] },
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
            message: `project ${project.id} belongs to client ${other.id}, not ${clientId}`,
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
