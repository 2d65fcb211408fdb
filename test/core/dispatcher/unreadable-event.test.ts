/**
 * A stored event whose packed data cannot be read (a damaged blob: the inflate in
 * store/event-data.ts throws) must not stop the dispatcher: its deliveries alone end
 * `failed` with a clear reason, said once in the log of the process, and every other
 * delivery (of the same webhook, of an ordered webhook, of other events) goes out.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportLog } from '../../../main/core/dispatcher/log-export.js';
import { storeOf } from '../../../main/core/store/database.js';
import { failure, openHarness, type Harness } from '../../support/core.js';
import { Receiver } from '../../support/receiver.js';

let h: Harness | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.close();
  h = undefined;
  await receiver?.close();
  receiver = undefined;
});

const UNREADABLE_EVENT =
  'The event’s stored data is damaged and cannot be read, so this delivery can never be sent. ' +
  'Restore a backup made before the damage to send it again.';

/** Long enough to be stored deflated (form 2). */
const task = (title: string) => ({
  id: 'tsk_sample',
  title,
  description: 'A description long enough for the event data to be stored deflated in the outbox.',
});

describe('an event whose stored data cannot be read', () => {
  it('fails only its own deliveries, with a clear last error, logged once; the others are delivered', async () => {
    receiver = await Receiver.start();
    const harness = openHarness();
    h = harness;
    const plain = await harness.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    const ordered = await harness.call('webhooks.create', {
      name: 'ledger',
      url: receiver.url,
      events: ['*'],
      ordered: true,
    });
    const first = harness.record('task.created', task('First'));
    harness.tick();
    const damaged = harness.record('task.created', task('Damaged'));
    harness.tick();
    const last = harness.record('task.created', task('Last'));

    const sqlite = storeOf(harness.core.store).sqlite;
    const form = sqlite.prepare('SELECT payload_form AS form FROM outbox WHERE id = ?').get(damaged) as {
      form: number;
    };
    expect(form.form).toBe(2);
    // Not a deflate stream: a stored block whose length and its complement disagree.
    sqlite.prepare(`UPDATE outbox SET packed = X'0001020304050607' WHERE id = ?`).run(damaged);

    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await harness.core.dispatcher.runDue();

    // Each webhook got the two readable events (the ordered one went on past the damaged head).
    const ids = receiver.bodies().map((body) => body.id);
    expect([...ids].sort()).toEqual([first, first, last, last].sort());
    expect(ids.filter((id) => id === last)).toHaveLength(2);

    const { items } = await harness.call('log.list', {});
    for (const webhook of [plain, ordered]) {
      const of = (eventId: string) =>
        items.filter(
          (item: { eventId: string; webhookId: string }) =>
            item.eventId === eventId && item.webhookId === webhook.id,
        );
      const [failed] = of(damaged);
      expect(of(damaged)).toMatchObject([{ status: 'failed', attempt: 1, responseCode: null }]);
      // The log's detail opens (without the payload it cannot read) and says why.
      expect(await harness.call('log.get', { id: failed.id })).toMatchObject({
        status: 'failed',
        payload: null,
        lastError: UNREADABLE_EVENT,
        attempts: [{ attempt: 1, responseCode: null, error: UNREADABLE_EVENT, outcome: 'error' }],
      });
      for (const readable of [first, last]) expect(of(readable)).toMatchObject([{ status: 'success' }]);
      // Sending it again is refused, saying why.
      expect(await failure(harness.call('log.redeliver', { deliveryId: failed.id }))).toEqual({
        status: 409,
        code: 'conflict',
        message: UNREADABLE_EVENT,
      });
    }
    // Nothing waits: the damaged deliveries are not picked again.
    expect(await harness.call('dispatch.status')).toMatchObject({ held: 0 });
    // A damaged event does not count against its receivers.
    const hooks = await harness.call('webhooks.list');
    expect(hooks.items.map((hook: { failing: unknown }) => hook.failing)).toEqual([null, null]);
    // Said once per delivery, naming it.
    const said = errors.mock.calls.map((args) => args.map(String).join(' '));
    const lines = said.filter((line) => line.includes('cannot be read'));
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.includes(damaged))).toBe(true);

    // Later rounds send nothing more.
    harness.clock.advance(3 * 3_600_000);
    await harness.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(4);
  });

  it('does not stop the fan-out of a webhook with a filter: its delivery is made and fails, saying why', async () => {
    receiver = await Receiver.start();
    const harness = openHarness();
    h = harness;
    const hook = await harness.call('webhooks.create', {
      name: 'n8n',
      url: receiver.url,
      events: ['task.created'],
      filter: { 'data.title': { $exists: true } },
    });
    const damaged = harness.record('task.created', task('Damaged'));
    const sqlite = storeOf(harness.core.store).sqlite;
    sqlite.prepare(`UPDATE outbox SET packed = X'0001020304050607' WHERE id = ?`).run(damaged);
    harness.tick();
    const after = harness.record('task.created', task('After'));

    vi.spyOn(console, 'error').mockImplementation(() => {});
    await harness.core.dispatcher.runDue();

    expect(receiver.bodies().map((body) => body.id)).toEqual([after]);
    const { items } = await harness.call('log.list', {});
    const made = items.find((item: { eventId: string }) => item.eventId === damaged);
    expect(made).toMatchObject({ status: 'failed' });
    expect(await harness.call('log.get', { id: made.id })).toMatchObject({ lastError: UNREADABLE_EVENT });
    // Not counted as filtered out: the filter never judged it.
    expect((await harness.call('webhooks.list')).items[0]).toMatchObject({ id: hook.id, filteredOut: 0 });
  });

  it('is exported with its payload null; the other rows keep theirs', async () => {
    receiver = await Receiver.start();
    const harness = openHarness();
    h = harness;
    await harness.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['task.created'] });
    const readable = harness.record('task.created', task('Readable'));
    harness.tick();
    const damaged = harness.record('task.created', task('Damaged'));
    await harness.core.dispatcher.runDue();
    const sqlite = storeOf(harness.core.store).sqlite;
    sqlite.prepare(`UPDATE outbox SET packed = X'0001020304050607' WHERE id = ?`).run(damaged);
    vi.spyOn(console, 'error').mockImplementation(() => {});

    let text = '';
    for await (const chunk of exportLog(harness.core.deliveryLog, 'ndjson')) text += String(chunk);
    const rows = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { eventId: string; payload: { id: string } | null });
    expect(rows.map((row) => [row.eventId, row.payload?.id ?? null]).sort()).toEqual(
      [
        [readable, readable],
        [damaged, null],
      ].sort(),
    );
  });
});
