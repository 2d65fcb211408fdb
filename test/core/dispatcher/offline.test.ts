import { afterEach, describe, expect, it } from 'vitest';
import { OnlineListeners, type OnlineSource } from '../../../main/core/dispatcher/online.js';
import { openHarness, type Harness } from '../../support/core.js';
import { answer, lanAddress, Receiver } from '../../support/receiver.js';

/** The online state as a host gives it (the desktop's Electron `net`), switched by the test. */
class OnlineSwitch implements OnlineSource {
  readonly #listeners = new OnlineListeners();
  #online = true;
  isOnline = () => this.#online;
  onChange = (listener: (online: boolean) => void) => this.#listeners.on(listener);
  set(online: boolean): void {
    this.#online = online;
    this.#listeners.emit(online);
  }
}

let h: Harness;
const receivers: Receiver[] = [];
afterEach(async () => {
  await h?.close();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const MIN = 60_000;
const lan = lanAddress();

async function start(host: string) {
  const receiver = await Receiver.start('/hook', 0, host);
  receivers.push(receiver);
  return receiver;
}

async function byEvent() {
  const { items } = await h.call('log.list', {});
  return Object.fromEntries(
    items.map((d: { eventId: string; status: string; attempt: number; waiting?: string }) => [
      d.eventId,
      { status: d.status, attempt: d.attempt, waiting: d.waiting },
    ]),
  );
}

describe.skipIf(lan === undefined)('retries while the machine is offline', () => {
  it('a due retry waits ("waiting for the network"), uncounted, and goes out on return in due-time order', async () => {
    const receiver = await start(lan!);
    receiver.respond = answer(500);
    const online = new OnlineSwitch();
    h = openHarness({ online });
    await h.call('webhooks.create', { name: 'Zapier', url: receiver.url, events: ['*'] });
    await h.core.start();
    const retried = h.record('task.created');
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);

    online.set(false);
    h.clock.advance(MIN); // the retry falls due
    await h.core.dispatcher.runDue();
    h.tick();
    const recordedOffline = h.record('task.created');
    h.clock.advance(3 * 60 * MIN); // long enough to burn every step of the schedule
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);
    expect(await byEvent()).toEqual({
      [retried]: { status: 'retrying', attempt: 1, waiting: 'waiting for the network' },
      [recordedOffline]: { status: 'pending', attempt: 0, waiting: 'waiting for the network' },
    });

    receiver.respond = answer(200);
    online.set(true); // the return wakes the dispatcher by itself
    await receiver.waitFor(3);
    await h.core.dispatcher.idle();
    expect(receiver.bodies().map((b) => b.id)).toEqual([retried, retried, recordedOffline]);
    expect(await byEvent()).toEqual({
      [retried]: { status: 'success', attempt: 2, waiting: undefined },
      [recordedOffline]: { status: 'success', attempt: 1, waiting: undefined },
    });
  });

  it('a receiver on this machine (a local n8n) is never held', async () => {
    const away = await start(lan!);
    const local = await start('127.0.0.1');
    const online = new OnlineSwitch();
    online.set(false);
    h = openHarness({ online });
    await h.call('webhooks.create', { name: 'Zapier', url: away.url, events: ['*'] });
    await h.call('webhooks.create', { name: 'n8n', url: local.url, events: ['*'] });
    const event = h.record('task.created');
    await h.core.dispatcher.runDue();
    expect(local.bodies().map((b) => b.id)).toEqual([event]);
    expect(away.received).toHaveLength(0);
    expect((await h.call('dispatch.status', {})).held).toBe(1);
  });
});
