/**
 * The change events issue 12 added (client.deleted, project.deleted,
 * time_entry.updated|deleted, quote.updated|expired, invoice.updated|deleted,
 * and invoice.created from quotes.convert), through to a real loopback
 * receiver subscribed to exactly them: each arrives once, signed like any
 * other, with `data` that validates against its catalog schema (the receiver
 * holds every event it gets to the catalog) and is the object as the API
 * showed it — after the change, or as it was for a deletion. A REST-hook
 * subscription to them needs each one's read permission.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { catalogEntry, EVENT_GROUPS, payloadJsonSchema, type EventType } from '../../../contract/index.js';
import { createFixture, item, type Fixture } from '../../support/core.js';
import { Receiver } from '../../support/receiver.js';
import { openRestHookClient, type RestHookClient } from '../../support/rest-hook-client.js';

const NEW_EVENTS: EventType[] = [
  'client.deleted',
  'project.deleted',
  'time_entry.updated',
  'time_entry.deleted',
  'quote.updated',
  'quote.expired',
  'invoice.updated',
  'invoice.deleted',
];

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);

let f: Fixture | undefined;
let receiver: Receiver | undefined;
let rest: RestHookClient | undefined;
afterEach(async () => {
  await f?.core.close();
  await receiver?.close();
  await rest?.close();
  f = receiver = rest = undefined;
});

describe('the new change events', () => {
  it('are in the closed list and the window’s event picker, under their object', () => {
    const picker = EVENT_GROUPS.flatMap((g) => g.events);
    for (const type of NEW_EVENTS) {
      expect(picker, type).toContain(type);
      expect(catalogEntry(type), type).toBeDefined();
    }
  });

  it('each reaches a subscribed receiver once, valid against its catalog schema, carrying the object', async () => {
    f = createFixture();
    receiver = await Receiver.start();
    await f.call('webhooks.create', {
      name: 'Changes',
      url: receiver.url,
      events: [...NEW_EVENTS, 'invoice.created'],
    });

    const client = await f.call('clients.create', { name: 'Gone GmbH', email: 'gone@example.test' });
    const project = await f.call('projects.create', { name: 'Short-lived', clientId: client.id });
    const entry = await f.call('timeEntries.create', { projectId: project.id, minutes: 30 });
    const longer = await f.call('timeEntries.update', { id: entry.id, minutes: 45 });
    await f.call('timeEntries.delete', { id: entry.id });
    await f.call('projects.delete', { id: project.id });
    await f.call('clients.delete', { id: client.id });

    const acme = await f.call('clients.create', { name: 'Acme' });
    const draftQuote = await f.call('quotes.create', { clientId: acme.id, items: [item()] });
    const editedQuote = await f.call('quotes.update', { id: draftQuote.id, notes: 'With support' });
    const lapsing = await f.call('quotes.create', {
      clientId: acme.id,
      validUntil: '2026-01-20',
      items: [item()],
    });
    await f.call('quotes.send', { id: lapsing.id });
    f.clock.set(Date.UTC(2026, 0, 25, 12));
    f.core.quotes.markExpired();
    const expiredQuote = await f.call('quotes.get', { id: lapsing.id });

    await f.call('quotes.send', { id: editedQuote.id });
    await f.call('quotes.accept', { id: editedQuote.id });
    const converted = await f.call('quotes.convert', { id: editedQuote.id });
    const editedInvoice = await f.call('invoices.update', { id: converted.id, dueDate: '2026-03-01' });
    await f.call('invoices.delete', { id: converted.id });

    const expected: [EventType, unknown][] = [
      ['time_entry.updated', longer],
      ['time_entry.deleted', longer],
      ['project.deleted', project],
      ['client.deleted', client],
      ['quote.updated', editedQuote],
      ['quote.expired', expiredQuote],
      ['invoice.created', converted],
      ['invoice.updated', editedInvoice],
      ['invoice.deleted', editedInvoice],
    ];
    await f.core.dispatcher.runDue();
    await receiver.waitFor(expected.length);
    const got = receiver.deliveries().map((d) => d.body);
    // Up to four are in flight at once, so they may arrive in any order: compare by type.
    const byType = (pairs: [string, unknown][]) => [...pairs].sort(([a], [b]) => a.localeCompare(b));
    expect(byType(got.map((b): [string, unknown] => [b.type, b.data]))).toEqual(byType(expected));
    expect(receiver.mismatches).toEqual([]);
    for (const body of got) {
      const validate = ajv.compile(payloadJsonSchema(catalogEntry(body.type)!));
      expect(validate(body) || ajv.errorsText(validate.errors), body.type).toBe(true);
    }
    for (const d of receiver.deliveries()) expect(d.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('a REST-hook subscription to them needs each one’s read permission', async () => {
    rest = openRestHookClient();
    const { key } = rest.key(['webhooks:manage', 'clients:read', 'invoices:read']);
    const url = 'https://hooks.example.com/changes';
    const refused = await rest.subscribe({ key }, { url, events: ['client.deleted', 'quote.expired'] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toEqual({
      code: 'forbidden',
      message:
        'This key may not receive quote.expired: it needs the permission quotes:read. ' +
        'Add it to the key in Settings > Integrations, or subscribe to fewer events',
      details: { missingPermissions: ['quotes:read'] },
    });
    const allowed = await rest.subscribe(
      { key },
      { url, events: ['client.deleted', 'invoice.updated', 'invoice.deleted'] },
    );
    expect(allowed.statusCode).toBe(201);
  });
});
