import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock.js';
import { failure, openHarness, tempDir, type Harness } from '../../support/core.js';
import { answer, Receiver } from '../../support/receiver.js';

let h: Harness | undefined;
let receiver: Receiver;
const dirs: { remove(): void }[] = [];
afterEach(async () => {
  await h?.core.close();
  h = undefined;
  await receiver?.close();
  for (const d of dirs.splice(0)) d.remove();
});

describe('pause', () => {
  it('holds every delivery across a restart and sends the backlog on resume', async () => {
    receiver = await Receiver.start();
    const { dir, remove } = tempDir();
    dirs.push({ remove });
    const clock = new ManualClock();
    h = openHarness({ dataDir: dir, clock });
    await h.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    await h.core.start();
    expect(await h.call('dispatch.setPaused', { paused: true })).toEqual({
      paused: true,
      held: 0,
      failing: 0,
    });
    for (let i = 0; i < 3; i++) h.record('task.created', { n: i });
    await new Promise((resolve) => setImmediate(resolve));
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(0);
    expect(await h.call('dispatch.status')).toEqual({ paused: true, held: 3, failing: 0 });
    await h.core.close();

    // Restarted (an hour later): still paused, nothing sent, nothing lost.
    clock.advance(3_600_000);
    h = openHarness({ dataDir: dir, clock });
    await h.core.start();
    h.record('invoice.paid');
    await new Promise((resolve) => setImmediate(resolve));
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(0);
    expect(await h.call('dispatch.status')).toEqual({ paused: true, held: 4, failing: 0 });

    expect(await h.call('dispatch.setPaused', { paused: false })).toMatchObject({ paused: false });
    await receiver.waitFor(4);
    await h.core.dispatcher.idle();
    expect(receiver.bodies().map((b) => b.type)).toEqual([
      'task.created',
      'task.created',
      'task.created',
      'invoice.paid',
    ]);
    expect(await h.call('dispatch.status')).toEqual({ paused: false, held: 0, failing: 0 });
  });

  it('status counts the webhooks failing', async () => {
    receiver = await Receiver.start();
    receiver.respond = answer(500);
    h = openHarness();
    await h.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    h.record('task.created');
    await h.core.dispatcher.runDue();
    expect(await h.call('dispatch.status')).toEqual({ paused: false, held: 1, failing: 1 });
  });
});

describe('disable, skip and replay', () => {
  it('a disabled webhook gets nothing; its events are skipped and replay sends them (and failed ones) once', async () => {
    receiver = await Receiver.start();
    h = openHarness();
    const hook = await h.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    const since = new Date(h.clock.now()).toISOString();

    // A delivery that fails for good.
    await h.call('settings.update', { retrySchedule: [1] });
    receiver.respond = answer(500);
    h.record('invoice.sent', { n: 0 });
    await h.core.dispatcher.runDue();
    h.clock.advance(1000);
    await h.core.dispatcher.runDue();
    expect((await h.call('log.list', { status: 'failed' })).items).toHaveLength(1);

    // One waiting when the webhook is disabled: it is skipped, not sent.
    h.clock.advance(1000);
    h.record('task.created', { n: 1 });
    h.core.dispatcher.fanOut.run();
    expect(await h.call('webhooks.setEnabled', { id: hook.id, enabled: false })).toMatchObject({
      enabled: false,
    });
    for (let i = 2; i <= 3; i++) h.record('task.created', { n: i });
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(2);
    expect((await h.call('log.list', { status: 'skipped' })).items).toHaveLength(3);

    // Replay while disabled is refused; enabled, it sends the 3 skipped and the failed one.
    expect(await failure(h.call('log.replay', { webhookId: hook.id, since }))).toMatchObject({
      status: 409,
      message: 'Webhook n8n is disabled: enable it first, then replay',
    });
    await h.call('webhooks.setEnabled', { id: hook.id, enabled: true });
    receiver.respond = answer(200);
    h.clock.advance(1000);
    expect(await h.call('log.replay', { webhookId: hook.id, since, status: 'skipped' })).toEqual({
      count: 3,
    });
    expect(await h.call('log.replay', { webhookId: hook.id, since })).toEqual({ count: 1 });
    await h.core.dispatcher.runDue();
    const sent = receiver.received
      .slice(2)
      .map((r) => (JSON.parse(r.body) as { data: { n: number } }).data.n);
    expect(sent.sort()).toEqual([0, 1, 2, 3]);
    // Replayed once: a second replay finds nothing new.
    expect(await h.call('log.replay', { webhookId: hook.id, since })).toEqual({ count: 0 });
    // `since` bounds it.
    expect(
      await h.call('log.replay', { webhookId: hook.id, since: new Date(h.clock.now() + 1).toISOString() }),
    ).toEqual({
      count: 0,
    });
  });
});

describe('outgoing rate limit', () => {
  it('defers the excess to when a slot frees in the rolling hour, never dropping it', async () => {
    receiver = await Receiver.start();
    h = openHarness();
    await h.call('settings.update', { rateLimits: { outgoingPerHour: 5 } });
    const hook = await h.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    const other = await Receiver.start();
    await h.call('webhooks.create', { name: 'other', url: other.url, events: ['*'] });
    const start = h.clock.now();
    for (let i = 0; i < 3; i++) {
      h.record('task.created', { n: i });
      await h.core.dispatcher.runDue();
      h.clock.advance(60_000);
    }
    for (let i = 3; i < 12; i++) h.record('task.created', { n: i });
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(5);
    expect(other.received).toHaveLength(5); // per webhook: each has its own hour

    const waiting = (await h.call('log.list', { webhookId: hook.id, status: 'pending' })).items;
    expect(waiting).toHaveLength(7);
    // Each waits for its own slot: when the k-th oldest send leaves the hour (sends at +0, +1, +2, +3, +3 min),
    // and an hour later again for those beyond the limit.
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
    expect(waiting.map((d: { nextAttemptAt: string }) => d.nextAttemptAt).sort()).toEqual(
      [60, 61, 62, 63, 63, 120, 121].map(at),
    );

    h.clock.set(start + 3_600_000);
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(6);
    h.clock.set(start + 3_600_000 + 120_000);
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(8);
    h.clock.advance(3_600_000);
    await h.core.dispatcher.runDue();
    h.clock.advance(3_600_000);
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(12);
    const ns = receiver.bodies().map((b) => (b.data as { n: number }).n);
    expect(ns.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    await other.close();
  });

  it('remembers the hour across a restart (seeded from the attempts)', async () => {
    receiver = await Receiver.start();
    const { dir, remove } = tempDir();
    dirs.push({ remove });
    const clock = new ManualClock();
    h = openHarness({ dataDir: dir, clock });
    await h.call('settings.update', { rateLimits: { outgoingPerHour: 2 } });
    await h.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    h.record('task.created');
    h.record('task.created');
    await h.core.dispatcher.runDue();
    await h.core.close();
    clock.advance(60_000);
    h = openHarness({ dataDir: dir, clock });
    h.record('task.created');
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(2);
    expect((await h.call('dispatch.status')).held).toBe(1);
  });
});
