import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../support/core.js';
import { answer, Receiver, type Responder } from '../../support/receiver.js';

let h: Harness;
let receiver: Receiver;
afterEach(async () => {
  await h?.close();
  await receiver?.close();
});

/** Answers 200 after `ms` (the real clock: the receiver is another party), counting requests open at once. */
function slow(ms: number, seen: { open: number; most: number }): Responder {
  return (_req, res) => {
    seen.open++;
    seen.most = Math.max(seen.most, seen.open);
    setTimeout(() => {
      seen.open--;
      res.writeHead(200);
      res.end('ok');
    }, ms);
  };
}

const idsReceived = () => receiver.bodies().map((b) => b.id);

describe('ordered delivery', () => {
  it('a slow receiver gets 100 events strictly in order, one request at a time', async () => {
    receiver = await Receiver.start();
    const seen = { open: 0, most: 0 };
    receiver.respond = slow(3, seen);
    h = openHarness();
    await h.call('webhooks.create', { name: 'ledger', url: receiver.url, events: ['*'], ordered: true });
    const sent = Array.from({ length: 100 }, () => h.record('task.created'));
    await h.core.dispatcher.runDue();
    expect(idsReceived()).toEqual(sent);
    expect(seen.most).toBe(1);
  });

  it('without it (the default) deliveries go out in parallel', async () => {
    receiver = await Receiver.start();
    const seen = { open: 0, most: 0 };
    receiver.respond = slow(20, seen);
    h = openHarness();
    const hook = await h.call('webhooks.create', { name: 'fast', url: receiver.url, events: ['*'] });
    expect(hook.ordered).toBe(false);
    for (let i = 0; i < 8; i++) h.record('task.created');
    await h.core.dispatcher.runDue();
    expect(seen.most).toBeGreaterThan(1);
  });

  it('the next waits while the earlier one retries ("waiting for an earlier event"), and goes once it finally failed', async () => {
    receiver = await Receiver.start();
    h = openHarness();
    await h.call('settings.update', { retrySchedule: [60] });
    await h.call('webhooks.create', { name: 'ledger', url: receiver.url, events: ['*'], ordered: true });
    const first = h.record('task.created');
    h.tick();
    const second = h.record('task.created');
    receiver.respond = (req, res, body) =>
      answer((JSON.parse(body) as { id: string }).id === first ? 500 : 200)(req, res, body);
    await h.core.dispatcher.runDue();
    expect(idsReceived()).toEqual([first]);
    const byEvent = async () => {
      const { items } = await h.call('log.list', {});
      return Object.fromEntries(
        items.map((d: { eventId: string; status: string; waiting?: string }) => [
          d.eventId,
          { status: d.status, waiting: d.waiting },
        ]),
      );
    };
    expect(await byEvent()).toEqual({
      [first]: { status: 'retrying', waiting: undefined },
      [second]: { status: 'pending', waiting: 'waiting for an earlier event' },
    });
    const secondId = (await h.call('log.list', { status: 'pending' })).items[0].id;
    expect((await h.call('log.get', { id: secondId })).waiting).toBe('waiting for an earlier event');

    h.clock.advance(59_999);
    await h.core.dispatcher.runDue();
    expect(idsReceived()).toEqual([first]);
    h.clock.advance(1);
    await h.core.dispatcher.runDue();
    expect(idsReceived()).toEqual([first, first, second]);
    expect(await byEvent()).toEqual({
      [first]: { status: 'failed', waiting: undefined },
      [second]: { status: 'success', waiting: undefined },
    });
  });

  it('is off by default, set on create or update, and accepted on a disabled webhook', async () => {
    receiver = await Receiver.start();
    h = openHarness();
    const hook = await h.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    expect(hook.ordered).toBe(false);
    await h.call('webhooks.setEnabled', { id: hook.id, enabled: false });
    expect(await h.call('webhooks.update', { id: hook.id, ordered: true })).toMatchObject({
      enabled: false,
      ordered: true,
    });
    // An update that does not name it keeps it.
    expect(await h.call('webhooks.update', { id: hook.id, name: 'n8n 2' })).toMatchObject({ ordered: true });
    expect(await h.call('webhooks.update', { id: hook.id, ordered: false })).toMatchObject({
      ordered: false,
    });
  });
});
