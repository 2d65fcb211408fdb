/**
 * A restore never waits forever, and nothing acknowledged is lost: writes are
 * refused with a 503 that says a restore runs (reads go on), a send in flight
 * to a receiver that never answers gets the grace (RESTORE_SEND_GRACE_MS),
 * then is aborted unrecorded: its delivery stays due with no attempt burnt,
 * and goes out once sending resumes.
 */
import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RESTORE_SEND_GRACE_MS } from '../../../main/core/core-holder.js';
import { failure } from '../../support/core.js';
import { answer, delayed, Receiver, silent } from '../../support/receiver.js';
import { openRestorable, type Restorable } from './restorable.js';

let h: Restorable | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await receiver?.close();
  receiver = undefined;
});

function deliveriesIn(file: string): { status: string; attempt: number; attempts: number }[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(
        'SELECT status, attempt, (SELECT count(*) FROM delivery_attempts a WHERE a.delivery_seq = d.seq) AS attempts FROM deliveries d',
      )
      .all() as { status: string; attempt: number; attempts: number }[];
  } finally {
    db.close();
  }
}

describe('restore while a send hangs', () => {
  it('refuses writes with a 503, lets reads go on, ends within its bound, and sends the aborted delivery after', async () => {
    receiver = await Receiver.start();
    receiver.respond = silent;
    h = await openRestorable();
    await h.call('webhooks.create', { name: 'Slow', url: receiver.url, events: ['client.created'] });
    await h.call('clients.create', { name: 'Ada Lovelace' });
    await receiver.waitFor(1); // in flight, never answered
    const eventId = receiver.deliveries()[0].body.id;
    const backup = await h.call('backups.create', {});

    const started = performance.now();
    const restoring = h.call('backups.restore', { id: backup.id });
    await vi.waitFor(() => expect(h!.core.availability.state).toBe('restoring'), { interval: 10 });
    expect(await failure(h.call('clients.create', { name: 'Too Late' }))).toEqual({
      status: 503,
      code: 'unavailable',
      message:
        'A backup is being restored: nothing was saved. Try again in a few seconds, once the restore is done.',
      details: undefined,
    });
    expect((await h.call('clients.list', {})).items.map((c: { name: string }) => c.name)).toEqual([
      'Ada Lovelace',
    ]);
    const result = await restoring;
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(RESTORE_SEND_GRACE_MS - 50);
    expect(elapsed).toBeLessThan(RESTORE_SEND_GRACE_MS + 3000);

    // The aborted send burnt no attempt and recorded no failure: in the "before restore" copy
    // (the database as the restore left it) and in the restored one, it is still due.
    expect(deliveriesIn(result.beforeRestore.path)).toEqual([{ status: 'pending', attempt: 0, attempts: 0 }]);
    expect(h.countOnDisk('delivery_attempts')).toBe(0);
    // The write refused during the restore is nowhere: it was never acknowledged.
    expect((await h.call('clients.list', {})).items.map((c: { name: string }) => c.name)).toEqual([
      'Ada Lovelace',
    ]);

    receiver.respond = answer(204);
    await h.call('dispatch.setPaused', { paused: false });
    await receiver.waitFor(2);
    expect(receiver.deliveries()[1].body.id).toBe(eventId);
    await h.core.dispatcher.idle();
    const [delivery] = (await h.call('log.list', {})).items;
    expect(delivery).toMatchObject({ status: 'success', attempt: 1, responseCode: 204 });
  });

  it('a send that answers within the grace is recorded before the "before restore" copy, and the restore does not wait longer', async () => {
    receiver = await Receiver.start();
    receiver.respond = delayed(400, answer(200));
    h = await openRestorable();
    await h.call('webhooks.create', { name: 'Slowish', url: receiver.url, events: ['client.created'] });
    const backup = await h.call('backups.create', {});
    await h.call('clients.create', { name: 'Ada Lovelace' });
    await receiver.waitFor(1); // arrived; answered 400 ms later

    const started = performance.now();
    const result = await h.call('backups.restore', { id: backup.id });
    expect(performance.now() - started).toBeLessThan(RESTORE_SEND_GRACE_MS);
    expect(deliveriesIn(result.beforeRestore.path)).toEqual([{ status: 'success', attempt: 1, attempts: 1 }]);
  });
});
