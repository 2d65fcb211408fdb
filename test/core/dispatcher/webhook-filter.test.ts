import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { EVENT_ORDER, eventsOf, RESOURCES } from '../../../contract/resources.js';
import { failure, openHarness, type Harness } from '../../support/core.js';
import { Receiver } from '../../support/receiver.js';

let h: Harness | undefined;
const receivers: Receiver[] = [];
afterEach(async () => {
  await h?.core.close();
  h = undefined;
  for (const r of receivers.splice(0)) await r.close();
});

const OPERATORS = '$eq, $neq, $in, $nin, $gt, $gte, $lt, $lte, $exists, $and or $or';
const create = (filter: unknown, events: string[] = ['invoice.paid']) =>
  h!.call('webhooks.create', { name: 'n8n', url: 'http://127.0.0.1:5678/webhook/x', events, filter });

const hookOf = async (id: string) =>
  (await h!.call('webhooks.list')).items.find((w: { id: string }) => w.id === id);

async function refused(call: Promise<unknown>, message: string) {
  expect(await failure(call)).toMatchObject({
    status: 422,
    code: 'validation_failed',
    message,
    details: { fields: [{ path: 'filter', message }] },
  });
}

const invoice = (total: number, status = 'paid', clientId = 'cli_a') => ({
  id: 'inv_sample',
  status,
  total,
  clientId,
  items: [{ taxRate: 19 }],
});

describe('a webhook filter is refused at creation, naming what is wrong', () => {
  it('an unknown operator, on a field or beside the fields', async () => {
    h = openHarness();
    await refused(
      create({ 'data.status': { $regex: '^p' } }),
      `Filter: $regex at data.status is not an operator: use ${OPERATORS}`,
    );
    await refused(
      create({ $not: [{ 'data.status': { $eq: 'paid' } }] }),
      `Filter: $not is not an operator: use ${OPERATORS}`,
    );
    await refused(create({ $eq: 'paid' }), 'Filter: $eq needs a field: write {"data.status": {"$eq": …}}');
  });

  it('a path the event type does not have, naming the path and the event type', async () => {
    h = openHarness();
    await refused(
      create({ 'data.totl': { $gte: 100000 } }),
      'Filter: data.totl is not a field of invoice.paid events: name a field every chosen event has ' +
        '(GET /api/v1/event-types shows their payloads), or choose fewer events',
    );
    await refused(
      create({ 'data.total': { $gte: 100000 } }, ['invoice.paid', 'client.created']),
      'Filter: data.total is not a field of client.created events: name a field every chosen event has ' +
        '(GET /api/v1/event-types shows their payloads), or choose fewer events',
    );
    // Every event of an object whose item has no total: the first three named, the rest counted.
    const lacking = EVENT_ORDER.flatMap((key) =>
      'total' in (RESOURCES[key].schemas.item as z.ZodObject).shape ? [] : eventsOf(RESOURCES[key]),
    );
    expect(lacking.slice(0, 3)).toEqual(['client.created', 'client.updated', 'client.deleted']);
    await refused(
      create({ 'data.total': { $gte: 100000 } }, ['*']),
      `Filter: data.total is not a field of client.created, client.updated, client.deleted and ${lacking.length - 3} more events: ` +
        'name a field every chosen event has (GET /api/v1/event-types shows their payloads), or choose fewer events',
    );
    await refused(
      create({ $or: [{ 'data.status': { $eq: 'paid' } }, { 'data.items.0.rate': { $gt: 7 } }] }),
      'Filter: data.items.0.rate is not a field of invoice.paid events: name a field every chosen event has ' +
        '(GET /api/v1/event-types shows their payloads), or choose fewer events',
    );
  });

  it('more than 20 conditions', async () => {
    h = openHarness();
    const conditions = (n: number) => Array.from({ length: n }, (_, i) => ({ 'data.total': { $gte: i } }));
    await refused(
      create({ $or: conditions(21) }),
      'Filter: at most 20 conditions (you entered 21): use $in for several values of one field, or split the rules over two webhooks',
    );
    // Two comparisons on one field are two conditions.
    await refused(
      create({ 'data.total': { $gte: 1, $lte: 2 }, $or: conditions(19) }),
      'Filter: at most 20 conditions (you entered 21): use $in for several values of one field, or split the rules over two webhooks',
    );
    expect((await create({ $or: conditions(20) })).filter).toEqual({ $or: conditions(20) });
  });

  it('JSON over 4096 characters, and $and/$or nested deeper than 4', async () => {
    h = openHarness();
    const clients = Array.from({ length: 200 }, (_, i) => `cli_${String(i).padStart(26, '0')}`);
    const big = { 'data.clientId': { $in: clients } };
    await refused(
      create(big),
      `Filter: at most 4096 characters of JSON (you entered ${JSON.stringify(big).length}): use fewer conditions or shorter values`,
    );
    let nested: Record<string, unknown> = { 'data.status': { $eq: 'paid' } };
    for (let i = 0; i < 4; i++) nested = { $and: [nested] };
    expect((await create(nested)).filter).toEqual(nested);
    await refused(
      create({ $or: [nested] }),
      'Filter: $and and $or nest at most 4 levels deep: write the rules flatter',
    );
  });

  it('operands of the wrong kind, and shapes that are not rules', async () => {
    h = openHarness();
    await refused(
      create({ 'data.clientId': { $in: 'cli_a' } }),
      'Filter: $in at data.clientId takes a list of texts or numbers, such as ["cli_…", "cli_…"]',
    );
    await refused(
      create({ 'data.total': { $gte: [1] } }),
      'Filter: $gte at data.total takes a number, or a text such as a date',
    );
    await refused(
      create({ 'data.status': { $exists: 'yes' } }),
      'Filter: $exists at data.status takes true or false',
    );
    await refused(
      create({ 'data.status': { $eq: { a: 1 } } }),
      'Filter: $eq at data.status takes one text, number, true, false or null',
    );
    await refused(
      create({ 'data.status': 'paid' }),
      'Filter: data.status needs a comparison: write {"data.status": {"$eq": …}}',
    );
    await refused(
      create({ 'data..status': { $eq: 'paid' } }),
      'Filter: "data..status" is not a field path: name the field with dots, such as data.status (letters, digits and _, at most 8 parts)',
    );
    await refused(
      create({ 'data.__proto__': { $exists: true } }),
      'Filter: data.__proto__ is not a field of invoice.paid events: name a field every chosen event has ' +
        '(GET /api/v1/event-types shows their payloads), or choose fewer events',
    );
    await refused(
      create({ $and: [] }),
      'Filter: $and takes a list of objects of rules, such as [{"data.status": {"$eq": "paid"}}, {…}]',
    );
  });
});

describe('a webhook filter on update', () => {
  it('is checked when given, judged again when the events change, and removed with null', async () => {
    h = openHarness();
    const hook = await create({ 'data.total': { $gte: 100000 } });
    expect(hook).toMatchObject({ filter: { 'data.total': { $gte: 100000 } }, filteredOut: 0 });
    await refused(
      h.call('webhooks.update', { id: hook.id, filter: { 'data.total': { $like: 1 } } }),
      `Filter: $like at data.total is not an operator: use ${OPERATORS}`,
    );
    await refused(
      h.call('webhooks.update', { id: hook.id, events: ['invoice.paid', 'task.created'] }),
      'Filter: data.total is not a field of task.created events: name a field every chosen event has ' +
        '(GET /api/v1/event-types shows their payloads), or choose fewer events',
    );
    expect((await hookOf(hook.id)).events).toEqual(['invoice.paid']);
    const renamed = await h.call('webhooks.update', { id: hook.id, name: 'renamed' });
    expect(renamed.filter).toEqual({ 'data.total': { $gte: 100000 } });
    expect((await h.call('webhooks.update', { id: hook.id, filter: null })).filter).toBeNull();
    expect(
      (await h.call('webhooks.update', { id: hook.id, filter: { 'data.id': { $exists: true } } })).filter,
    ).toEqual({
      'data.id': { $exists: true },
    });
    expect((await h.call('webhooks.update', { id: hook.id, filter: {} })).filter).toBeNull();
  });
});

describe('the fan-out applies the filter', () => {
  it('makes deliveries only for matching events, counts the others, and leaves unfiltered webhooks alone', async () => {
    const big = await Receiver.start();
    const all = await Receiver.start();
    receivers.push(big, all);
    h = openHarness();
    const filtered = await h.call('webhooks.create', {
      name: 'over 1000',
      url: big.url,
      events: ['invoice.paid'],
      filter: { 'data.total': { $gte: 100000 }, 'data.status': { $eq: 'paid' } },
    });
    await h.call('webhooks.create', { name: 'all', url: all.url, events: ['invoice.paid'] });
    for (const total of [50_000, 150_000, 100_000, 99_999]) h.record('invoice.paid', invoice(total));
    await h.core.dispatcher.runDue();
    expect(all.received).toHaveLength(4);
    await big.waitFor(2);
    expect(big.bodies().map((b) => (b.data as { total: number }).total)).toEqual([150_000, 100_000]);
    expect((await h.call('log.list', { webhookId: filtered.id })).items).toHaveLength(2);
    expect((await hookOf(filtered.id)).filteredOut).toBe(2);
    // The counter persists and adds up across batches.
    h.record('invoice.paid', invoice(1));
    await h.core.dispatcher.runDue();
    expect((await hookOf(filtered.id)).filteredOut).toBe(3);
  });

  it('an event the filter keeps out is not counted against the outgoing rate limit', async () => {
    const receiver = await Receiver.start();
    receivers.push(receiver);
    h = openHarness();
    await h.call('settings.update', { rateLimits: { outgoingPerHour: 1 } });
    await h.call('webhooks.create', {
      name: 'n8n',
      url: receiver.url,
      events: ['invoice.paid'],
      filter: { 'data.clientId': { $in: ['cli_wanted'] } },
    });
    for (let i = 0; i < 5; i++) h.record('invoice.paid', invoice(10 * i, 'paid', 'cli_other'));
    await h.core.dispatcher.runDue();
    h.record('invoice.paid', invoice(7, 'paid', 'cli_wanted'));
    await h.core.dispatcher.runDue();
    await receiver.waitFor(1);
    expect((receiver.bodies()[0].data as { clientId: string }).clientId).toBe('cli_wanted');
    expect((await h.call('dispatch.status')).held).toBe(0);
  });

  it('a disabled webhook gets no skipped rows for filtered events; a test event skips the filter', async () => {
    const receiver = await Receiver.start();
    receivers.push(receiver);
    h = openHarness();
    const hook = await h.call('webhooks.create', {
      name: 'n8n',
      url: receiver.url,
      events: ['invoice.paid'],
      filter: { 'data.status': { $eq: 'overdue' } },
    });
    await h.call('webhooks.sendTest', { id: hook.id, eventType: 'invoice.paid' });
    await h.core.dispatcher.runDue();
    await receiver.waitFor(1);
    await h.call('webhooks.setEnabled', { id: hook.id, enabled: false });
    h.record('invoice.paid', invoice(1));
    h.record('invoice.paid', invoice(1, 'overdue'));
    await h.core.dispatcher.runDue();
    const log = (await h.call('log.list', { webhookId: hook.id })).items as { status: string }[];
    expect(log.map((d) => d.status)).toEqual(['skipped', 'success']);
    expect((await hookOf(hook.id)).filteredOut).toBe(1);
  });
});
