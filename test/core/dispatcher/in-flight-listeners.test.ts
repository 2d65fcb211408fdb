/**
 * Every send in flight listens on the dispatcher's stop signal, so that stop()
 * aborts it. More than Node's default of 10 at once is normal (up to
 * `maxInFlight`), not a leak: no MaxListenersExceededWarning.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../support/core.js';
import { Receiver } from '../../support/receiver.js';

let h: Harness | undefined;
const receivers: Receiver[] = [];
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
afterEach(async () => {
  process.removeListener('warning', onWarning);
  await h?.core.close();
  h = undefined;
  for (const receiver of receivers.splice(0)) await receiver.close();
});

describe('sends in flight and the stop signal', () => {
  it('12 sends in flight at once (3 slow receivers, 4 each) print no MaxListenersExceededWarning', async () => {
    const held: ServerResponse[] = [];
    for (let i = 0; i < 3; i++) {
      const receiver = await Receiver.start();
      // Slow: every answer waits until all twelve requests have arrived.
      receiver.respond = (_req, res) => held.push(res);
      receivers.push(receiver);
    }
    process.on('warning', onWarning);
    h = openHarness();
    for (const [i, receiver] of receivers.entries())
      await h.call('webhooks.create', { name: `slow ${i}`, url: receiver.url, events: ['task.created'] });
    await h.core.start();

    for (let i = 1; i <= 4; i++) h.record('task.created', { id: `tsk_${i}`, title: `Task ${i}` });
    await Promise.all(receivers.map((receiver) => receiver.waitFor(4)));
    expect(held).toHaveLength(12);
    for (const res of held) res.end('ok');
    await h.core.dispatcher.idle();
    // Warnings are emitted on the next tick: one more turn before looking.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message)).toEqual(
      [],
    );
    expect((await h.call('log.list', {})).items.map((d: { status: string }) => d.status)).toEqual(
      Array(12).fill('success'),
    );
  });
});
