/**
 * When the fan-out runs (dispatcher/fan-out.ts): in the end-of-turn flush that records the events,
 * so their deliveries are committed with them; the dispatcher, woken after that commit, finds them
 * made. What the flush could not fan out waits in the outbox for the dispatcher: nothing is lost.
 * The dispatcher is not started in these tests until said, so only the flush can have made a delivery.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock.js';
import { storeOf } from '../../../main/core/store/database.js';
import { buildServer } from '../../../main/core/server/app.js';
import { countRows, openHarness, type Harness } from '../../support/core.js';
import { Receiver } from '../../support/receiver.js';

let h: Harness | undefined;
let app: FastifyInstance | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await app?.close();
  await h?.close();
  await receiver?.close();
  h = app = receiver = undefined;
});

async function setUp(webhook: boolean): Promise<{ post: (title: string) => Promise<number> }> {
  receiver = await Receiver.start();
  h = openHarness({ clock: new ManualClock(Date.now()), temp: true });
  app = buildServer(h.core);
  if (webhook) await h.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['task.created'] });
  const { key } = h.core.keys.create({ name: 'n8n', permissions: ['tasks:write'] });
  const server = app;
  return {
    post: async (title) =>
      (
        await server.inject({
          method: 'POST',
          url: '/api/v1/webhooks/incoming/tasks',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ title }),
        })
      ).statusCode,
  };
}

const waiting = (harness: Harness): number =>
  (
    storeOf(harness.core.store)
      .sqlite.prepare('SELECT count(*) AS n FROM outbox WHERE fanned_out_at IS NULL')
      .get() as { n: number }
  ).n;

describe('the fan-out in the flush', () => {
  it('commits the deliveries of the turn’s events with them, before any dispatcher runs', async () => {
    const { post } = await setUp(true);
    const statuses = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((title) => post(title)));
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    expect(countRows(h!.core, 'outbox')).toBe(5);
    expect(countRows(h!.core, 'deliveries')).toBe(5);
    expect(waiting(h!)).toBe(0);
    // The dispatcher sends them, once each: it finds them made and makes none again.
    await h!.core.start();
    await receiver!.waitFor(5, 2000);
    expect(countRows(h!.core, 'deliveries')).toBe(5);
    expect(receiver!.received).toHaveLength(5);
  });

  it('with no webhook, marks the events fanned out in the same flush and makes no delivery', async () => {
    const { post } = await setUp(false);
    expect(await Promise.all(['A', 'B'].map((title) => post(title)))).toEqual([201, 201]);
    expect(countRows(h!.core, 'outbox')).toBe(2);
    expect(waiting(h!)).toBe(0);
    expect(countRows(h!.core, 'deliveries')).toBe(0);
  });

  it('a fan-out that fails in the flush undoes no change: the event waits for the dispatcher, which delivers it', async () => {
    const { post } = await setUp(true);
    const sqlite = storeOf(h!.core.store).sqlite;
    sqlite.exec(
      "CREATE TRIGGER fail_delivery BEFORE INSERT ON deliveries BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
    );
    expect(await post('Kept')).toBe(201);
    expect(countRows(h!.core, 'tasks')).toBe(1);
    expect(countRows(h!.core, 'deliveries')).toBe(0);
    expect(waiting(h!)).toBe(1);
    sqlite.exec('DROP TRIGGER fail_delivery');
    await h!.core.start();
    await receiver!.waitFor(1, 2000);
    expect(JSON.parse(receiver!.received[0].body)).toMatchObject({ type: 'task.created', data: { title: 'Kept' } });
    expect(waiting(h!)).toBe(0);
  });
});
