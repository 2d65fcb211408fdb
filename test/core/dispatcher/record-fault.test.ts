/**
 * Recording an attempt fails with something that is not a storage fault (a bug,
 * an exception nobody planned for, an SQL error that is not a full disk): the
 * send went out, its answer could not be written. The delivery must not be
 * sent again at once, over and over: sending waits the storage back-off, the
 * failure is logged once, and the delivery is delivered (and recorded) once
 * recording works again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
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

/** Each way the record step was seen to fail, made to fail until the returned function is called. */
const faults: [string, (harness: Harness) => () => void][] = [
  [
    'an SQL error that is not a storage fault',
    (harness) => {
      const sqlite = storeOf(harness.core.store).sqlite;
      sqlite.exec(
        `CREATE TRIGGER record_fault BEFORE INSERT ON delivery_attempts BEGIN SELECT RAISE(ABORT, 'injected record failure'); END;`,
      );
      return () => sqlite.exec('DROP TRIGGER record_fault');
    },
  ],
  [
    'an exception thrown by the record step (a bug)',
    () => {
      const spy = vi.spyOn(DeliveryAttemptsRepository.prototype, 'insert').mockImplementation(() => {
        throw new TypeError('injected bug in the record step');
      });
      return () => spy.mockRestore();
    },
  ],
];

describe('an attempt whose outcome cannot be recorded (not a storage fault)', () => {
  it.each(faults)(
    '%s: sent again only after the back-off, logged once, delivered once recording works',
    async (_name, inject) => {
      receiver = await Receiver.start();
      const harness = openHarness();
      h = harness;
      await harness.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      const heal = inject(harness);
      harness.record('task.created');

      // Steps of a fifth of the back-off: 3 back-offs' worth of clock time.
      const step = STORAGE_FAULT_BACKOFF_MS / 5;
      const seen: number[] = [];
      harness.core.dispatcher.wake();
      await settle(harness);
      seen.push(receiver.received.length);
      for (let i = 1; i <= 15; i++) {
        harness.clock.advance(step);
        harness.core.dispatcher.wake();
        await settle(harness);
        seen.push(receiver.received.length);
      }
      // Sent once at first, then once each time the back-off has passed (at 5 s, 10 s, 15 s): no faster.
      expect(seen).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4]);
      // Said once, not once per send.
      const said = errors.mock.calls.map((args) => args.map(String).join(' '));
      expect(said.filter((line) => line.includes('could not be recorded'))).toHaveLength(1);
      // Nothing was recorded, nothing lost: the delivery is still due.
      expect(await harness.call('dispatch.status')).toMatchObject({ held: 1 });

      heal();
      harness.clock.advance(STORAGE_FAULT_BACKOFF_MS);
      await harness.core.dispatcher.runDue();
      expect(receiver.received).toHaveLength(5);
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
      const { items } = await harness.call('log.list', {});
      expect(items).toMatchObject([{ status: 'success', attempt: 1 }]);
      expect(await harness.call('dispatch.status')).toMatchObject({ held: 0 });
      // Nothing more goes out.
      harness.clock.advance(STORAGE_FAULT_BACKOFF_MS * 3);
      await harness.core.dispatcher.runDue();
      expect(receiver.received).toHaveLength(5);
    },
  );
});
