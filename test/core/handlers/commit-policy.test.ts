/**
 * One commit policy per operation, chosen where it is registered: the window
 * (IPC, through the contract handlers), /admin/rpc and /api/v1 run a change
 * alike, in the turn's group commit (core.work.commitWithOthers), answered
 * once committed; reads run at once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../../main/core/handlers/index.js';
import { invokeOperation } from '../../../main/core/handlers/invoke.js';
import type { HostServices } from '../../../main/core/handlers/types.js';
import { createHarness, INCOMING, type Harness } from '../../support/server.js';

let h: Harness;
let groupCommits: ReturnType<typeof vi.spyOn>;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());
afterEach(() => groupCommits?.mockRestore());

const host: HostServices = {
  mode: 'desktop',
  serverUrl: () => 'http://127.0.0.1:4317',
  exportLog: async () => ({ path: '/tmp/x', rows: 0 }),
};
const items = [{ description: 'Work', quantity: 1, unitPrice: 1000 }];

/** Counts the changes sent to the turn's group commit while `run` runs. */
async function groupCommitted(run: () => Promise<unknown>): Promise<number> {
  groupCommits = vi.spyOn(h.core.work, 'commitWithOthers');
  await run();
  const calls = groupCommits.mock.calls.length;
  groupCommits.mockRestore();
  return calls;
}

async function admin(name: string, body: unknown = {}): Promise<{ id: string }> {
  const res = await h.admin(name, body);
  expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
  return res.json();
}

describe('the commit policy', () => {
  it('a change through the contract handlers (the window’s IPC) joins the turn’s group commit and answers once committed', async () => {
    const handlers = createHandlers(h.core, host);
    const pending = invokeOperation(handlers, 'tasks.create', { title: 'Queued with the turn' });
    // Not yet written: the change runs in the end-of-turn transaction.
    expect(h.core.tasks.list({ search: 'Queued with the turn' }).items).toHaveLength(0);
    const task = (await pending) as { id: string };
    expect(h.core.tasks.get(task.id).title).toBe('Queued with the turn');

    const completing = invokeOperation(handlers, 'tasks.complete', { id: task.id });
    expect(h.core.tasks.get(task.id).status).toBe('open');
    expect(((await completing) as { status: string }).status).toBe('done');
  });

  it('over /admin/rpc every object change (create, update, delete, state changes) goes through the group commit; reads do not', async () => {
    const client = await admin('clients.create', { name: 'Policy client' });
    expect(await groupCommitted(() => admin('clients.update', { id: client.id, notes: 'x' }))).toBe(1);
    const task = await admin('tasks.create', { title: 'Policy task' });
    expect(await groupCommitted(() => admin('tasks.create', { title: 'Another' }))).toBe(1);
    expect(await groupCommitted(() => admin('tasks.complete', { id: task.id }))).toBe(1);
    expect(await groupCommitted(() => admin('tasks.delete', { id: task.id }))).toBe(1);
    const quote = await admin('quotes.create', { clientId: client.id, items });
    expect(await groupCommitted(() => admin('quotes.send', { id: quote.id }))).toBe(1);
    expect(await groupCommitted(() => admin('quotes.accept', { id: quote.id }))).toBe(1);
    const invoice = await admin('invoices.create', { clientId: client.id, items });
    expect(await groupCommitted(() => admin('invoices.send', { id: invoice.id }))).toBe(1);
    expect(await groupCommitted(() => admin('invoices.markPaid', { id: invoice.id }))).toBe(1);
    expect(await groupCommitted(() => admin('timeEntries.create', { minutes: 5 }))).toBe(1);

    expect(await groupCommitted(() => admin('tasks.list', {}))).toBe(0);
    expect(await groupCommitted(() => admin('invoices.get', { id: invoice.id }))).toBe(0);
  });

  it('over /api/v1 the same: POST, PATCH and DELETE through the group commit, GET at once', async () => {
    const key = h.key(['tasks:write', 'tasks:read']);
    const call = async (method: 'POST' | 'PATCH' | 'DELETE' | 'GET', url: string, payload?: object) => {
      const res = await h.call(key, { method, url, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
      return res;
    };
    let id = '';
    expect(
      await groupCommitted(async () => {
        id = (await call('POST', `${INCOMING}/tasks`, { title: 'Over HTTP' })).json().id;
      }),
    ).toBe(1);
    expect(await groupCommitted(() => call('PATCH', `${INCOMING}/tasks/${id}`, { title: 'Renamed' }))).toBe(
      1,
    );
    expect(await groupCommitted(() => call('GET', `/api/v1/tasks/${id}`))).toBe(0);
    expect(await groupCommitted(() => call('GET', '/api/v1/tasks'))).toBe(0);
    expect(await groupCommitted(() => call('DELETE', `${INCOMING}/tasks/${id}`))).toBe(1);
  });

  it('key and webhook changes use the group commit too; pause commits on its own (it wakes the dispatcher itself)', async () => {
    expect(
      await groupCommitted(() => admin('keys.create', { name: 'Policy key', permissions: ['tasks:read'] })),
    ).toBe(1);
    expect(
      await groupCommitted(() =>
        admin('webhooks.create', { name: 'Policy hook', url: 'http://127.0.0.1:9/hook', events: ['*'] }),
      ),
    ).toBe(1);
    expect(await groupCommitted(() => admin('keys.list'))).toBe(0);
    expect(await groupCommitted(() => admin('dispatch.setPaused', { paused: false }))).toBe(0);
  });
});
