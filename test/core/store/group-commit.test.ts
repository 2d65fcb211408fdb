/**
 * Incoming creates that arrive together are committed together: each one is
 * answered as it would be alone, a refused one writes nothing and does not
 * take the others with it, and every 201 is already in the database. A create
 * whose event is delivered at once has its delivery written before its reply.
 */
import diagnostics from 'node:diagnostics_channel';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, errorOf, INCOMING, listen, type Harness } from '../../support/server.js';
import { Receiver } from '../../support/receiver.js';
import { storeOf } from '../../../main/core/store/database.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const countRows = (table: string): number =>
  (storeOf(h.core.store).sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('incoming creates sent at the same time', () => {
  it('answers each as alone: 201s saved with their events, the refused one with its own error', async () => {
    const key = h.key(['tasks:write']);
    const post = (payload: object) => h.call(key, { method: 'POST', url: `${INCOMING}/tasks`, payload });
    const unknownProject = { title: 'orphan', projectId: 'prj_01kf0000000000000000000000' };
    const alone = await post(unknownProject);
    expect(alone.statusCode).toBeGreaterThanOrEqual(400);
    const tasksBefore = countRows('tasks');
    const eventsBefore = countRows('outbox');

    const titles = Array.from({ length: 20 }, (_, i) => `task ${i}`);
    const responses = await Promise.all([
      ...titles.slice(0, 10).map((title) => post({ title })),
      post(unknownProject),
      ...titles.slice(10).map((title) => post({ title, status: 'done' })),
    ]);

    const refused = responses[10];
    expect(refused.statusCode).toBe(alone.statusCode);
    expect(errorOf(refused)).toEqual(errorOf(alone));
    const created = responses.filter((_, i) => i !== 10);
    expect(created.map((r) => r.statusCode)).toEqual(titles.map(() => 201));
    expect(created.map((r) => r.json().title)).toEqual(titles);
    for (const response of created) expect(h.core.tasks.get(response.json().id)).toEqual(response.json());
    expect(countRows('tasks')).toBe(tasksBefore + 20);
    // task.created for each, and task.completed for the ten created done.
    expect(countRows('outbox')).toBe(eventsBefore + 30);
  });
});

describe('an incoming create whose event a webhook gets', () => {
  it('writes the delivery on the kept-alive connection before the reply to the caller', async () => {
    const receiver = await Receiver.start();
    const order: string[] = [];
    const onSend = (message: unknown) => {
      const { request: sent } = message as { request: { origin: string } };
      if (sent.origin === new URL(receiver.url).origin) order.push('delivery written');
    };
    const onReply = (message: unknown) => {
      const { request: answered } = message as { request: { url?: string } };
      if (answered.url?.startsWith(INCOMING)) order.push('reply written');
    };
    diagnostics.subscribe('undici:client:sendHeaders', onSend);
    diagnostics.subscribe('http.server.response.finish', onReply);
    try {
      await h.core.webhooks.create({ name: 'n8n', url: receiver.url, events: ['task.created'] });
      await h.core.start();
      const key = h.key(['tasks:write']);
      const base = await listen(h.app);
      const post = async (title: string) => {
        const res = await request(`${base}${INCOMING}/tasks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ title }),
        });
        await res.body.dump();
        return res.statusCode;
      };
      // The first delivery opens the connection to the receiver: the reply may well go first.
      expect(await post('first')).toBe(201);
      await receiver.waitFor(1, 2000);
      order.length = 0;

      expect(await post('second')).toBe(201);
      await receiver.waitFor(2, 2000);
      expect(order).toEqual(['delivery written', 'reply written']);
    } finally {
      diagnostics.unsubscribe('undici:client:sendHeaders', onSend);
      diagnostics.unsubscribe('http.server.response.finish', onReply);
      await receiver.close();
    }
  });
});
