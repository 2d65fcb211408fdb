import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countRows, createFixture, failOutboxWrites, item, type Fixture } from '../../support/core.js';

let f: Fixture;
beforeEach(() => {
  f = createFixture();
});
afterEach(() => f.core.close());

const MISSING_CLIENT = 'cli_0000000000aaaaaaaaaaaaaaaa';
const MISSING_PROJECT = 'prj_0000000000aaaaaaaaaaaaaaaa';

describe('clients', () => {
  it('creates a client with nulls for what was not given and records client.created with the whole object', async () => {
    const client = await f.call('clients.create', { name: '  Acme GmbH ', email: 'ops@acme.test' });
    expect(client).toEqual({
      id: expect.stringMatching(/^cli_[0-9a-z]{26}$/),
      name: 'Acme GmbH',
      email: 'ops@acme.test',
      phone: null,
      company: null,
      address: null,
      notes: null,
      createdAt: '2026-01-15T09:00:00.000Z',
      updatedAt: '2026-01-15T09:00:00.000Z',
    });
    const [row] = f.outbox();
    expect(row.type).toBe('client.created');
    expect(row.event).toMatchObject({
      type: 'client.created',
      timestamp: '2026-01-15T09:00:00.000Z',
      data: client,
    });
    expect(row.event.id).toMatch(/^evt_/);
    expect(await f.call('clients.get', { id: client.id })).toEqual(client);
  });

  it('updates given fields, clears with null, and records client.updated with the object after the change', async () => {
    const client = await f.call('clients.create', { name: 'Acme', phone: '+49 1' });
    f.tick(60_000);
    const updated = await f.call('clients.update', { id: client.id, company: 'Acme Holding', phone: null });
    expect(updated).toMatchObject({ name: 'Acme', company: 'Acme Holding', phone: null });
    expect(updated.updatedAt).toBe('2026-01-15T09:01:00.000Z');
    expect(updated.createdAt).toBe(client.createdAt);
    expect(f.outbox().map((r) => [r.type, r.event.data])).toEqual([
      ['client.created', client],
      ['client.updated', updated],
    ]);
  });

  it('writes nothing and raises no event for an update that changes nothing', async () => {
    const client = await f.call('clients.create', { name: 'Acme' });
    f.tick(1000);
    expect(await f.call('clients.update', { id: client.id, name: 'Acme' })).toEqual(client);
    expect(await f.call('clients.update', { id: client.id })).toEqual(client);
    expect(f.outboxTypes()).toEqual(['client.created']);
  });

  it('answers 404 "No client with id …" for an unknown id on get, update and delete', async () => {
    const expected = { status: 404, code: 'not_found', message: `No client with id ${MISSING_CLIENT}` };
    await expect(f.call('clients.get', { id: MISSING_CLIENT })).rejects.toMatchObject(expected);
    await expect(f.call('clients.update', { id: MISSING_CLIENT, name: 'x' })).rejects.toMatchObject(expected);
    await expect(f.call('clients.delete', { id: MISSING_CLIENT })).rejects.toMatchObject(expected);
    expect(f.outboxTypes()).toEqual([]);
  });

  it('refuses invalid fields with 422 naming each', async () => {
    await expect(f.call('clients.create', { name: ' ', email: 'not-an-email' })).rejects.toMatchObject({
      status: 422,
      code: 'validation_failed',
      details: {
        fields: [
          { path: 'name', message: 'Name is required' },
          { path: 'email', message: 'E-mail: must be an e-mail address' },
        ],
      },
    });
    expect(countRows(f.core, 'clients')).toBe(0);
  });

  it('deletes an unreferenced client, with client.deleted carrying the client as it was', async () => {
    const client = await f.call('clients.create', { name: 'Acme', email: 'office@acme.test' });
    expect(await f.call('clients.delete', { id: client.id })).toEqual({ ok: true });
    await expect(f.call('clients.get', { id: client.id })).rejects.toMatchObject({ status: 404 });
    expect(f.outbox().at(-1)).toMatchObject({ type: 'client.deleted', event: { data: client } });
  });

  it('refuses to delete a client others refer to, with 409 saying what refers to it', async () => {
    const client = await f.call('clients.create', { name: 'Acme' });
    await f.call('projects.create', { name: 'Site', clientId: client.id });
    await f.call('projects.create', { name: 'Shop', clientId: client.id });
    await f.call('invoices.create', { clientId: client.id, items: [item()] });
    await expect(f.call('clients.delete', { id: client.id })).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
      message: `Client ${client.id} is still used by 2 projects and 1 invoice; delete or reassign them first`,
    });
    expect(countRows(f.core, 'clients')).toBe(1);
    expect(f.outboxTypes()).not.toContain('client.deleted');
  });

  it('writes neither the client nor its event when recording the event fails (one transaction)', async () => {
    const restore = failOutboxWrites(f.core, 'client.created');
    await expect(f.call('clients.create', { name: 'Acme' })).rejects.toThrow('injected failure');
    expect(countRows(f.core, 'clients')).toBe(0);
    restore();
    const client = await f.call('clients.create', { name: 'Acme' });
    const failUpdate = failOutboxWrites(f.core, 'client.updated');
    await expect(f.call('clients.update', { id: client.id, name: 'Renamed' })).rejects.toThrow(
      'injected failure',
    );
    failUpdate();
    expect((await f.call('clients.get', { id: client.id })).name).toBe('Acme');
    expect(f.outboxTypes()).toEqual(['client.created']);
  });
});

describe('projects', () => {
  it('creates a project (status active by default) for an existing client and records project.created', async () => {
    const client = await f.call('clients.create', { name: 'Acme' });
    const project = await f.call('projects.create', { name: 'Website', clientId: client.id });
    expect(project).toMatchObject({
      name: 'Website',
      clientId: client.id,
      status: 'active',
      description: null,
    });
    expect(f.outbox()[1]).toMatchObject({ type: 'project.created', event: { data: project } });
  });

  it('refuses an unknown clientId with 422 naming the field, and writes nothing', async () => {
    const error = {
      status: 422,
      code: 'validation_failed',
      message: `Client: no client with id ${MISSING_CLIENT}`,
      details: { fields: [{ path: 'clientId', message: `Client: no client with id ${MISSING_CLIENT}` }] },
    };
    await expect(
      f.call('projects.create', { name: 'Website', clientId: MISSING_CLIENT }),
    ).rejects.toMatchObject(error);
    const project = await f.call('projects.create', { name: 'Website' });
    await expect(
      f.call('projects.update', { id: project.id, clientId: MISSING_CLIENT }),
    ).rejects.toMatchObject(error);
    expect(f.outboxTypes()).toEqual(['project.created']);
  });

  it('updates status and records project.updated; moving it off its client with null works', async () => {
    const client = await f.call('clients.create', { name: 'Acme' });
    const project = await f.call('projects.create', { name: 'Website', clientId: client.id });
    const updated = await f.call('projects.update', { id: project.id, status: 'on_hold', clientId: null });
    expect(updated).toMatchObject({ status: 'on_hold', clientId: null });
    expect(f.outbox().at(-1)).toMatchObject({ type: 'project.updated', event: { data: updated } });
  });

  it('answers 404 for an unknown project', async () => {
    await expect(f.call('projects.get', { id: MISSING_PROJECT })).rejects.toMatchObject({
      status: 404,
      message: `No project with id ${MISSING_PROJECT}`,
    });
  });

  it('refuses to delete a project with tasks and time entries (409 naming them) and deletes it once they are gone', async () => {
    const project = await f.call('projects.create', { name: 'Website' });
    const task = await f.call('tasks.create', { title: 'Design', projectId: project.id });
    const entry = await f.call('timeEntries.create', { projectId: project.id, minutes: 30 });
    await expect(f.call('projects.delete', { id: project.id })).rejects.toMatchObject({
      status: 409,
      message: `Project ${project.id} is still used by 1 task and 1 time entry; delete or reassign them first`,
    });
    await f.call('tasks.delete', { id: task.id });
    await f.call('timeEntries.delete', { id: entry.id });
    expect(f.outboxTypes()).not.toContain('project.deleted');
    expect(await f.call('projects.delete', { id: project.id })).toEqual({ ok: true });
    expect(f.outbox().at(-1)).toMatchObject({ type: 'project.deleted', event: { data: project } });
  });
});

describe('lists', () => {
  it('lists newest first, 50 by default, with nextCursor only while more remain', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 55; i++) {
      ids.push((await f.call('clients.create', { name: `Client ${i}` })).id);
      f.tick();
    }
    const newestFirst = [...ids].reverse();
    const first = await f.call('clients.list', {});
    expect(first.items.map((c) => c.id)).toEqual(newestFirst.slice(0, 50));
    expect(first.nextCursor).toBe(newestFirst[49]);
    const second = await f.call('clients.list', { cursor: first.nextCursor });
    expect(second.items.map((c) => c.id)).toEqual(newestFirst.slice(50));
    expect(second).not.toHaveProperty('nextCursor');
    const exact = await f.call('clients.list', { limit: 5, cursor: newestFirst[49] });
    expect(exact.items).toHaveLength(5);
    expect(exact).not.toHaveProperty('nextCursor');
  });

  it('refuses a limit over 200 with 422', async () => {
    await expect(f.call('clients.list', { limit: 201 })).rejects.toMatchObject({
      status: 422,
      details: { fields: [{ path: 'limit' }] },
    });
  });

  it('searches case-insensitively in name, email and company, treating % and _ literally', async () => {
    await f.call('clients.create', { name: 'Acme', email: 'ops@acme.test' });
    f.tick();
    await f.call('clients.create', { name: 'Globex', company: 'ACME Holding' });
    f.tick();
    await f.call('clients.create', { name: '100% Design' });
    f.tick();
    await f.call('clients.create', { name: '1000 Designs' });
    f.tick();
    await f.call('clients.create', { name: 'snake_case Ltd' });
    f.tick();
    await f.call('clients.create', { name: 'snakeXcase Ltd' });
    const names = async (search: string) =>
      (await f.call('clients.list', { search })).items.map((c) => c.name);
    expect(await names('acme')).toEqual(['Globex', 'Acme']);
    expect(await names('0%')).toEqual(['100% Design']);
    expect(await names('e_c')).toEqual(['snake_case Ltd']);
    expect(await names('  ')).toHaveLength(6);
  });
});
