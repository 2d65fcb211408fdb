/**
 * Log retention removes only what is finished: deliveries held by the pause or
 * a long retry schedule, and the events they need, survive any age.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LogRetention } from '../../../main/core/dispatcher/retention.js';
import { createOutgoingStore } from '../../../main/core/store/outgoing-store.js';
import { openHarness, type Harness } from '../../support/core.js';
import { answer, Receiver, markHandMade } from '../../support/receiver.js';
import { storeOf } from '../../../main/core/store/database.js';
import { newId } from '../../../main/core/ids.js';

const DAY_MS = 86_400_000;
const WEEK_S = 7 * 24 * 3600;

let h: Harness | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await h?.core.close();
  h = undefined;
  await receiver?.close();
  receiver = undefined;
});

const count = (table: string): number =>
  (storeOf(h!.core.store).sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('retention keeps what is not finished', () => {
  it('pause, create, advance 31 days, prune, resume: it is delivered, and stays in the log for logRetentionDays after', async () => {
    receiver = await Receiver.start();
    h = openHarness();
    await h.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    await h.call('dispatch.setPaused', { paused: true });
    const eventId = h.record('invoice.paid', { id: 'inv_1' });
    await h.core.dispatcher.runDue();
    expect(await h.call('dispatch.status')).toEqual({ paused: true, held: 1, failing: 0 });

    h.clock.advance(31 * DAY_MS);
    expect(await h.core.logRetention.prune()).toEqual({ deliveries: 0, events: 0 });
    expect(await h.call('dispatch.status')).toEqual({ paused: true, held: 1, failing: 0 });

    await h.call('dispatch.setPaused', { paused: false });
    await receiver.waitFor(1);
    await h.core.dispatcher.idle();
    expect(receiver.bodies().map((b) => b.id)).toEqual([eventId]);
    const [delivered] = (await h.call('log.list', {})).items;
    expect(delivered).toMatchObject({ eventId, status: 'success', attempt: 1 });

    // Its age counts from when it finished: still there a day later, gone a month after it was sent.
    h.clock.advance(DAY_MS);
    expect(await h.core.logRetention.prune()).toEqual({ deliveries: 0, events: 0 });
    h.clock.advance(30 * DAY_MS);
    expect(await h.core.logRetention.prune()).toEqual({ deliveries: 1, events: 1 });
    expect([count('deliveries'), count('delivery_attempts'), count('outbox')]).toEqual([0, 0, 0]);
  });

  it('a retrying delivery on a long schedule survives retention and is delivered on its last step', async () => {
    receiver = await Receiver.start();
    receiver.respond = answer(500, 'down');
    h = openHarness();
    // Weeks of failures would disable it (autoDisable): this test is about retention alone.
    await h.call('settings.update', {
      retrySchedule: [WEEK_S, WEEK_S, WEEK_S, WEEK_S, WEEK_S],
      autoDisable: { afterDays: 0 },
    });
    await h.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    h.record('task.created');
    await h.core.dispatcher.runDue();
    for (let i = 0; i < 4; i++) {
      h.clock.advance(WEEK_S * 1000);
      await h.core.dispatcher.runDue();
    }
    // 28 days: five failed attempts, the sixth due at 35 days.
    expect(receiver.received).toHaveLength(5);
    h.clock.advance(3 * DAY_MS);
    expect(await h.core.logRetention.prune()).toEqual({ deliveries: 0, events: 0 });
    const [waiting] = (await h.call('log.list', {})).items;
    expect(waiting).toMatchObject({ status: 'retrying', attempt: 5 });
    expect((await h.call('log.get', { id: waiting.id })).attempts).toHaveLength(5);

    receiver.respond = answer(200, 'ok');
    h.clock.advance(4 * DAY_MS);
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(6);
    expect((await h.call('log.get', { id: waiting.id })).status).toBe('success');
  });

  it('an old event still needed by an unfinished delivery is kept; one whose deliveries are all finished and old goes', async () => {
    receiver = await Receiver.start();
    const failing = await Receiver.start();
    failing.respond = answer(503, 'busy');
    try {
      h = openHarness();
      await h.call('settings.update', { retrySchedule: [WEEK_S, WEEK_S, WEEK_S, WEEK_S, WEEK_S, WEEK_S] });
      await h.call('webhooks.create', { name: 'works', url: receiver.url, events: ['*'] });
      await h.call('webhooks.create', { name: 'down', url: failing.url, events: ['task.created'] });
      const needed = h.record('task.created'); // to both: one succeeds, one retries
      const done = h.record('invoice.paid'); // to the working one only
      await h.core.dispatcher.runDue();
      expect(receiver.received).toHaveLength(2);
      expect(failing.received).toHaveLength(1);

      h.clock.advance(31 * DAY_MS);
      // Not fanned out yet (the dispatcher has not seen it): never deleted, however old.
      storeOf(h.core.store)
        .sqlite.prepare('INSERT INTO outbox (id, type, payload, created_at) VALUES (?, ?, ?, ?)')
        .run('evt_unfannedout0000000000000', 'task.created', '{"id":"evt_unfannedout0000000000000"}', 1);
      markHandMade('evt_unfannedout0000000000000'); // a bare row: its payload is no catalog event

      expect(await h.core.logRetention.prune()).toEqual({ deliveries: 2, events: 1 });
      const outbox = storeOf(h.core.store).sqlite.prepare('SELECT id FROM outbox ORDER BY seq').pluck().all();
      expect(outbox).toEqual([needed, 'evt_unfannedout0000000000000']);
      expect(outbox).not.toContain(done);
      const left = (await h.call('log.list', {})).items;
      expect(left).toMatchObject([{ eventId: needed, status: 'retrying' }]);

      // The kept event still goes out on the next attempt, and the old unfanned one is fanned out and sent.
      failing.respond = answer(200, 'ok');
      h.clock.advance(4 * DAY_MS);
      await h.core.dispatcher.runDue();
      const ids = failing.received.slice(1).map((r) => (JSON.parse(r.body) as { id: string }).id);
      expect(ids.sort()).toEqual([needed, 'evt_unfannedout0000000000000'].sort());
    } finally {
      await failing.close();
    }
  });

  it('batches walk past held rows that share a created_at, deleting only the finished ones', async () => {
    h = openHarness();
    const hook = await h.call('webhooks.create', {
      name: 'n8n',
      url: 'http://127.0.0.1:9/hook',
      events: ['*'],
    });
    const old = h.clock.now() - 40 * DAY_MS;
    const insert = storeOf(h.core.store).sqlite.prepare(
      `INSERT INTO deliveries (id, webhook_id, event_id, event_type, status, attempt, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, ?, 'task.created', ?, 0, ?, ?, ?)`,
    );
    const statuses = [
      'pending',
      'success',
      'retrying',
      'pending',
      'failed',
      'pending',
      'skipped',
      'pending',
      'success',
    ];
    statuses.forEach((status, i) => {
      const waiting = status === 'pending' || status === 'retrying';
      insert.run(
        `dlv_${String(i).padStart(26, '0')}`,
        hook.id,
        `evt_${i}`,
        status,
        waiting ? old : null,
        old,
        old,
      );
    });
    const retention = new LogRetention(
      { ...h.core, store: createOutgoingStore(storeOf(h.core.store)) },
      { batchSize: 2 },
    );
    expect(await retention.prune()).toEqual({ deliveries: 4, events: 0 });
    const left = storeOf(h.core.store)
      .sqlite.prepare('SELECT status FROM deliveries ORDER BY id')
      .pluck()
      .all();
    expect(left).toEqual(['pending', 'retrying', 'pending', 'pending', 'pending']);
  });

  it('walks deliveries by their id, whose time is their creation: exactly those finished before the cutoff go', async () => {
    h = openHarness();
    const hook = await h.call('webhooks.create', {
      name: 'n8n',
      url: 'http://127.0.0.1:9/hook',
      events: ['*'],
    });
    const now = h.clock.now();
    const cutoff = now - 30 * DAY_MS; // logRetentionDays: 30
    const insert = storeOf(h.core.store).sqlite.prepare(
      `INSERT INTO deliveries (id, webhook_id, event_id, event_type, status, attempt, created_at, updated_at)
       VALUES (?, ?, 'evt_x', 'task.created', 'success', 1, ?, ?)`,
    );
    const rows = {
      old: { idAt: now - 40 * DAY_MS, created: now - 40 * DAY_MS, updated: now - 40 * DAY_MS },
      justBefore: { idAt: cutoff - 1, created: cutoff - 1, updated: cutoff - 1 },
      atCutoff: { idAt: cutoff, created: cutoff, updated: cutoff },
      sentLate: { idAt: now - 40 * DAY_MS, created: now - 40 * DAY_MS, updated: now - DAY_MS },
      // An id older than its row (written by hand): the row's own times still decide.
      oldIdRecentRow: { idAt: now - 40 * DAY_MS, created: now - DAY_MS, updated: now - DAY_MS },
      recent: { idAt: now - DAY_MS, created: now - DAY_MS, updated: now - DAY_MS },
    };
    const ids = Object.fromEntries(
      Object.entries(rows).map(([name, row]) => {
        const id = newId('delivery', row.idAt);
        insert.run(id, hook.id, row.created, row.updated);
        return [name, id];
      }),
    );
    expect(await h.core.logRetention.prune()).toEqual({ deliveries: 2, events: 0 });
    const left = storeOf(h.core.store).sqlite.prepare('SELECT id FROM deliveries ORDER BY id').pluck().all();
    expect(left).toEqual([ids.atCutoff, ids.sentLate, ids.oldIdRecentRow, ids.recent].sort());
  });
});
