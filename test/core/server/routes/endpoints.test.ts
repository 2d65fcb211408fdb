import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERMISSION_IDS } from '../../../../contract/index.js';
import { createHarness, errorOf, INCOMING, type Harness } from '../../../support/server.js';
import { storeOf } from '../../../../main/core/store/database.js';

let h: Harness;
let key: string;
beforeEach(async () => {
  h = await createHarness();
  key = h.key([...PERMISSION_IDS]);
});
afterEach(() => h.close());

const items = [{ description: 'Website design', quantity: 2, unitPrice: 1500, taxRate: 19 }];

describe('every endpoint with a key that may use it', () => {
  it('GET /healthz answers 200 without a key', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });

  it('creates (201), updates (200), reads and deletes (204) tasks', async () => {
    const created = await h.call(key, {
      method: 'POST',
      url: `${INCOMING}/tasks`,
      payload: { title: 'Reply to Anna', description: 'From the inbox', dueDate: '2026-02-01' },
    });
    expect(created.statusCode).toBe(201);
    const task = created.json();
    expect(task).toMatchObject({
      title: 'Reply to Anna',
      description: 'From the inbox',
      status: 'open',
      dueDate: '2026-02-01',
    });
    expect(task.id).toMatch(/^tsk_/);

    const updated = await h.call(key, {
      method: 'PATCH',
      url: `${INCOMING}/tasks/${task.id}`,
      payload: { status: 'done' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ id: task.id, status: 'done' });
    expect(updated.json().completedAt).not.toBeNull();

    const one = await h.call(key, { method: 'GET', url: `/api/v1/tasks/${task.id}` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(updated.json());

    const list = await h.call(key, { method: 'GET', url: '/api/v1/tasks' });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ items: [updated.json()] });

    const deleted = await h.call(key, { method: 'DELETE', url: `${INCOMING}/tasks/${task.id}` });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    const gone = await h.call(key, { method: 'GET', url: `/api/v1/tasks/${task.id}` });
    expect(gone.statusCode).toBe(404);
    expect(errorOf(gone)).toEqual({ code: 'not_found', message: `No task with id ${task.id}` });

    const events = storeOf(h.core.store).sqlite.prepare('SELECT type FROM outbox ORDER BY seq').all() as {
      type: string;
    }[];
    expect(events.map((e) => e.type)).toEqual([
      'task.created',
      'task.updated',
      'task.completed',
      'task.deleted',
    ]);
  });

  it('creates and edits clients and projects, records time, creates invoices and quotes, and reads them all', async () => {
    const client = await h.call(key, {
      method: 'POST',
      url: `${INCOMING}/clients`,
      payload: { name: 'Anna Schmidt', email: 'anna@example.com', company: 'Schmidt Design' },
    });
    expect(client.statusCode).toBe(201);
    const clientId = client.json().id as string;
    const clientEdit = await h.call(key, {
      method: 'PATCH',
      url: `${INCOMING}/clients/${clientId}`,
      payload: { phone: '+49 30 1' },
    });
    expect(clientEdit.statusCode).toBe(200);
    expect(clientEdit.json()).toMatchObject({ name: 'Anna Schmidt', phone: '+49 30 1' });

    const project = await h.call(key, {
      method: 'POST',
      url: `${INCOMING}/projects`,
      payload: { name: 'Website relaunch', clientId },
    });
    expect(project.statusCode).toBe(201);
    const projectId = project.json().id as string;
    const projectEdit = await h.call(key, {
      method: 'PATCH',
      url: `${INCOMING}/projects/${projectId}`,
      payload: { status: 'on_hold' },
    });
    expect(projectEdit.statusCode).toBe(200);
    expect(projectEdit.json()).toMatchObject({ status: 'on_hold', clientId });

    const time = await h.call(key, {
      method: 'POST',
      url: `${INCOMING}/time-entries`,
      payload: { projectId, description: 'Design review', minutes: 90, billable: true },
    });
    expect(time.statusCode).toBe(201);
    expect(time.json()).toMatchObject({ projectId, minutes: 90, billable: true });

    const invoice = await h.call(key, {
      method: 'POST',
      url: `${INCOMING}/invoices`,
      payload: { clientId, projectId, currency: 'EUR', items },
    });
    expect(invoice.statusCode).toBe(201);
    expect(invoice.json()).toMatchObject({
      clientId,
      status: 'draft',
      subtotal: 3000,
      taxTotal: 570,
      total: 3570,
    });

    const quote = await h.call(key, {
      method: 'POST',
      url: `${INCOMING}/quotes`,
      payload: { clientId, items },
    });
    expect(quote.statusCode).toBe(201);
    expect(quote.json()).toMatchObject({ clientId, status: 'draft', total: 3570 });

    const reads: [string, string][] = [
      ['clients', clientId],
      ['projects', projectId],
      ['time-entries', time.json().id],
      ['invoices', invoice.json().id],
      ['quotes', quote.json().id],
    ];
    for (const [segment, id] of reads) {
      const list = await h.call(key, { method: 'GET', url: `/api/v1/${segment}` });
      expect(list.statusCode, segment).toBe(200);
      expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([id]);
      const one = await h.call(key, { method: 'GET', url: `/api/v1/${segment}/${id}` });
      expect(one.statusCode, segment).toBe(200);
      expect(one.json().id).toBe(id);
    }
  });

  it('lists newest first with search, limit and cursor', async () => {
    for (const title of ['Alpha call', 'Beta mail', 'Gamma call']) {
      h.clock.advance(1000);
      await h.call(key, { method: 'POST', url: `${INCOMING}/tasks`, payload: { title } });
    }
    const first = await h.call(key, { method: 'GET', url: '/api/v1/tasks?limit=2' });
    expect(first.json().items.map((t: { title: string }) => t.title)).toEqual(['Gamma call', 'Beta mail']);
    const cursor = first.json().nextCursor as string;
    expect(cursor).toBeTruthy();
    const second = await h.call(key, { method: 'GET', url: `/api/v1/tasks?limit=2&cursor=${cursor}` });
    expect(second.json()).toEqual({ items: [expect.objectContaining({ title: 'Alpha call' })] });
    const search = await h.call(key, { method: 'GET', url: '/api/v1/tasks?search=CALL' });
    expect(search.json().items.map((t: { title: string }) => t.title)).toEqual(['Gamma call', 'Alpha call']);
  });

  it('answers 404 for unknown ids on every id route', async () => {
    const id = 'tsk_00000000000000000000000000';
    for (const [method, url] of [
      ['PATCH', `${INCOMING}/tasks/${id}`],
      ['DELETE', `${INCOMING}/tasks/${id}`],
      ['GET', `/api/v1/tasks/${id}`],
      ['GET', '/api/v1/tasks/not-an-id'],
    ] as const) {
      const res = await h.call(key, {
        method,
        url,
        ...(method === 'PATCH' ? { payload: { title: 'x' } } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(errorOf(res).code).toBe('not_found');
    }
    const clients = await h.call(key, {
      method: 'PATCH',
      url: `${INCOMING}/clients/cli_00000000000000000000000000`,
      payload: { name: 'x' },
    });
    expect(errorOf(clients)).toEqual({
      code: 'not_found',
      message: 'No client with id cli_00000000000000000000000000',
    });
  });

  it('answers 409 when a task still has time entries', async () => {
    const task = (
      await h.call(key, { method: 'POST', url: `${INCOMING}/tasks`, payload: { title: 'Billable' } })
    ).json();
    await h.call(key, {
      method: 'POST',
      url: `${INCOMING}/time-entries`,
      payload: { taskId: task.id, minutes: 30 },
    });
    const res = await h.call(key, { method: 'DELETE', url: `${INCOMING}/tasks/${task.id}` });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('conflict');
    expect(errorOf(res).message).toContain('time entr');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await h.call(key, { method: 'POST', url: `${INCOMING}/invoices/inv_x`, payload: {} });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res)).toEqual({ code: 'not_found', message: `No route POST ${INCOMING}/invoices/inv_x` });
  });

  it('POST /api/v1/quotes/{id}/convert: an accepted quote becomes a draft invoice (201), once (409 naming it)', async () => {
    const clientId = h.core.clients.create({ name: 'Anna Schmidt' }).id;
    const quote = h.core.quotes.create({ clientId, items });
    const url = `/api/v1/quotes/${quote.id}/convert`;
    const notAccepted = await h.call(key, { method: 'POST', url });
    expect(notAccepted.statusCode).toBe(409);
    expect(errorOf(notAccepted)).toEqual({
      code: 'conflict',
      message: 'Only an accepted quote can be converted to an invoice; this one is draft',
    });
    h.core.quotes.send(quote.id);
    h.core.quotes.accept(quote.id);

    // Only the quotes' write permission: converting needs neither a read nor the invoices' permission.
    const converter = h.key(['quotes:create']);
    const created = await h.call(converter, { method: 'POST', url });
    expect(created.statusCode, created.body).toBe(201);
    const invoice = created.json();
    expect(invoice).toMatchObject({
      quoteId: quote.id,
      clientId,
      status: 'draft',
      number: null,
      currency: quote.currency,
      items: quote.items,
      total: quote.total,
    });
    expect(h.core.invoices.get(invoice.id)).toEqual(invoice);

    const again = await h.call(converter, { method: 'POST', url });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again)).toEqual({
      code: 'conflict',
      message: `Quote ${quote.number} was already converted to invoice ${invoice.id}`,
      details: { invoiceId: invoice.id },
    });
    const unknown = await h.call(converter, {
      method: 'POST',
      url: '/api/v1/quotes/quo_0000000000aaaaaaaaaaaaaaaa/convert',
    });
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).message).toBe('No quote with id quo_0000000000aaaaaaaaaaaaaaaa');
    const reader = await h.call(h.key(['quotes:read', 'invoices:create']), { method: 'POST', url });
    expect(reader.statusCode).toBe(403);
    expect(errorOf(reader).message).toBe('This key may not Create quotes (quotes:create)');
  });
});
