/**
 * Recording an attempt fails with something that is not a storage fault (a bug,
 * an exception nobody planned for, an SQL error that is not a full disk): the
 * send went out, its answer could not be written. The delivery must not be
 * sent again at once, over and over, nor every 5 s for ever: sending waits the
 * storage back-off, that delivery is sent again on the retry schedule's steps
 * (the last repeated: it is never given up, since nothing could record it failed),
 * `dispatch.status` names it with its error, the failure is logged once, and
 * the delivery is delivered (and recorded) once recording works again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toIso } from '../../../main/core/clock.js';
import { STORAGE_FAULT_BACKOFF_MS } from '../../../main/core/dispatcher/storage-backoff.js';
import { storeOf } from '../../../main/core/store/database.js';
import { DeliveryAttemptsRepository } from '../../../main/core/store/repositories/delivery-attempts.js';
import { openHarness, type Harness } from '../../support/core.js';
import { Receiver } from '../../support/receiver.js';

let h: Harness | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.core.close();
  h = undefined;
  await receiver?.close();
  receiver = undefined;
});

/** Until nothing is in flight, or a short while on the real clock (a send loop never goes idle). */
const settle = (harness: Harness): Promise<unknown> =>
  Promise.race([harness.core.dispatcher.idle(), new Promise((resolve) => setTimeout(resolve, 300))]);

/** Each way the record step was seen to fail, made to fail until the returned function is called, and what it says. */
const faults: [string, (harness: Harness) => () => void, string][] = [
  [
    'an SQL error that is not a storage fault',
    (harness) => {
      const sqlite = storeOf(harness.core.store).sqlite;
      sqlite.exec(
        `CREATE TRIGGER record_fault BEFORE INSERT ON delivery_attempts BEGIN SELECT RAISE(ABORT, 'injected record failure'); END;`,
      );
      return () => sqlite.exec('DROP TRIGGER record_fault');
    },
    'injected record failure',
  ],
  [
    'an exception thrown by the record step (a bug)',
    () => {
      const spy = vi.spyOn(DeliveryAttemptsRepository.prototype, 'insert').mockImplementation(() => {
        throw new TypeError('injected bug in the record step');
      });
      return () => spy.mockRestore();
    },
    'injected bug in the record step',
  ],
];

describe('an attempt whose outcome cannot be recorded (not a storage fault)', () => {
  it.each(faults)(
    "%s: sent again on the retry schedule's steps (the last repeated), shown in the status, logged once, delivered once recording works",
    async (_name, inject, error) => {
      receiver = await Receiver.start();
      const harness = openHarness();
      h = harness;
      await harness.call('settings.update', { retrySchedule: [60, 300] });
      const hook = await harness.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      const heal = inject(harness);
      const t0 = harness.clock.now();
      harness.record('task.created');

      // Steps of the storage back-off: 11 minutes of clock time, a send seen at each step's end.
      const step = STORAGE_FAULT_BACKOFF_MS;
      const sentAt: number[] = [];
      harness.core.dispatcher.wake();
      await settle(harness);
      if (receiver.received.length > 0) sentAt.push(0);
      for (let elapsed = step; elapsed <= 665_000; elapsed += step) {
        const before = receiver.received.length;
        harness.clock.advance(step);
        harness.core.dispatcher.wake();
        await settle(harness);
        if (receiver.received.length > before) sentAt.push(elapsed / 1000);
      }
      // Sent at once, again after the back-off (a fault that passes costs 5 s), then after the schedule's
      // steps: +60 s, +300 s, and +300 s again (the last step repeats).
      expect(sentAt).toEqual([0, 5, 65, 365, 665]);
      expect(receiver.received).toHaveLength(5);
      // Said once, not once per send.
      const said = errors.mock.calls.map((args) => args.map(String).join(' '));
      expect(said.filter((line) => line.includes('could not be recorded'))).toHaveLength(1);
      // Nothing was recorded, nothing lost: the delivery is still due, and the status says which and why.
      expect(await harness.call('dispatch.status')).toEqual({
        paused: false,
        held: 1,
        failing: 0,
        stuckCount: 1,
        stuck: [
          {
            deliveryId: expect.stringMatching(/^dlv_/),
            webhookId: hook.id,
            webhookName: 'n8n',
            error,
            since: toIso(t0),
            sends: 5,
            nextSendAt: toIso(t0 + 965_000),
          },
        ],
      });

      heal();
      harness.clock.advance(300_000);
      await harness.core.dispatcher.runDue();
      expect(receiver.received).toHaveLength(6);
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
      const { items } = await harness.call('log.list', {});
      expect(items).toMatchObject([{ status: 'success', attempt: 1 }]);
      expect(await harness.call('dispatch.status')).toEqual({ paused: false, held: 0, failing: 0 });
      // Nothing more goes out.
      harness.clock.advance(3_600_000);
      await harness.core.dispatcher.runDue();
      expect(receiver.received).toHaveLength(6);
    },
  );
});

describe('one delivery whose outcome cannot be recorded', () => {
  it("is held on the schedule alone: the webhook's other deliveries go out and are recorded after the back-off", async () => {
    receiver = await Receiver.start();
    const harness = openHarness();
    h = harness;
    await harness.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const stuckEvent = harness.record('task.created');
    const insert = DeliveryAttemptsRepository.prototype.insert;
    vi.spyOn(DeliveryAttemptsRepository.prototype, 'insert').mockImplementation(function (
      this: DeliveryAttemptsRepository,
      attempt,
    ) {
      if (attempt.eventId === stuckEvent) throw new TypeError('injected bug for one event');
      return insert.call(this, attempt);
    });
    const ids = () => receiver!.bodies().map((body) => body.id);
    await harness.core.dispatcher.runDue();
    expect(ids()).toEqual([stuckEvent]);

    // Within the back-off nothing goes out; after it, the next event does, and the stuck one once more.
    const second = harness.record('task.created');
    await harness.core.dispatcher.runDue();
    expect(ids()).toEqual([stuckEvent]);
    harness.clock.advance(STORAGE_FAULT_BACKOFF_MS);
    await harness.core.dispatcher.runDue();
    expect(ids().slice(1).sort()).toEqual([stuckEvent, second].sort());
    // From now on it waits the schedule's first step (60 s): the webhook's new events go out without it.
    harness.clock.advance(STORAGE_FAULT_BACKOFF_MS);
    const later = [harness.record('task.created'), harness.record('task.created')];
    await harness.core.dispatcher.runDue();
    expect(ids().slice(3).sort()).toEqual([...later].sort());
    const { items } = await harness.call('log.list', {});
    expect(items.map((item: { status: string }) => item.status).sort()).toEqual([
      'pending',
      'success',
      'success',
      'success',
    ]);
    expect(await harness.call('dispatch.status')).toMatchObject({
      held: 1,
      stuckCount: 1,
      stuck: [{ error: 'injected bug for one event', sends: 2 }],
    });
    // Its own step brings it out again, alone.
    harness.clock.advance(60_000 - STORAGE_FAULT_BACKOFF_MS - 1);
    await harness.core.dispatcher.runDue();
    expect(ids()).toHaveLength(5);
    harness.clock.advance(1);
    await harness.core.dispatcher.runDue();
    expect(ids().slice(5)).toEqual([stuckEvent]);
  });
});
