import { afterEach, describe, expect, it } from 'vitest';
import type { Notice } from '../../../contract/index.js';
import type { DispatchEvent } from '../../../main/core/dispatcher/dispatch-events.js';
import { FAILING_AFTER_MS, NOT_FAILING, streakStep } from '../../../main/core/dispatcher/failing.js';
import { failure, openHarness, type Harness } from '../../support/core.js';
import { answer, Receiver } from '../../support/receiver.js';

let h: Harness;
let receiver: Receiver;
afterEach(async () => {
  await h?.close();
  await receiver?.close();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');

async function setup() {
  receiver = await Receiver.start();
  receiver.respond = answer(500, 'down');
  h = openHarness({ now: T0 });
  const hook = (await h.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] })) as {
    id: string;
  };
  const events: DispatchEvent[] = [];
  h.core.dispatcher.onEvent((e) => void events.push(e));
  return { id: hook.id, events };
}

/** One new event, sent now (its first attempt). */
async function eventNow(): Promise<string> {
  const eventId = h.record('task.created');
  await h.core.dispatcher.runDue();
  return eventId;
}

async function hook(id: string) {
  const { items } = await h.call('webhooks.list', {});
  return items.find((w: { id: string }) => w.id === id);
}

async function deliveryOf(eventId: string) {
  const { items } = await h.call('log.list', {});
  return items.find((d: { eventId: string }) => d.eventId === eventId);
}

describe('failing webhooks', () => {
  it('24 h of failures mark it failing (event, notice, count, card), afterDays disable it, Replay sends what it missed', async () => {
    const { id, events } = await setup();
    const notices: Notice[] = [];
    h.core.notices.on((n) => void notices.push(n));
    await eventNow();
    expect((await hook(id)).failing).toBeNull();

    h.clock.advance(DAY - 1);
    await eventNow();
    expect((await hook(id)).failing).toBeNull();
    expect(events.filter((e) => e.type === 'webhook.failing')).toEqual([]);

    h.clock.advance(1);
    await eventNow();
    expect((await hook(id)).failing).toEqual({
      since: new Date(T0).toISOString(),
      markedAt: new Date(T0 + DAY).toISOString(),
      lastError: 'HTTP 500',
    });
    expect(events.filter((e) => e.type === 'webhook.failing')).toEqual([
      { type: 'webhook.failing', webhookId: id, webhookName: 'n8n', since: T0, lastError: 'HTTP 500' },
    ]);
    expect(notices).toContainEqual({ type: 'webhooks.changed', webhookId: id });
    expect((await h.call('dispatch.status', {})).failing).toBe(1);

    // Told once: later failures keep it failing without a second event.
    h.clock.advance(DAY);
    await eventNow();
    expect(events.filter((e) => e.type === 'webhook.failing')).toHaveLength(1);

    h.clock.advance(3 * DAY - 1); // 5 days less 1 ms since the first failure
    await eventNow();
    expect((await hook(id)).enabled).toBe(true);

    h.clock.advance(1);
    await eventNow();
    const reason =
      'failing since 2026-03-02T09:00:00.000Z: every delivery failed for 5 days (last error: HTTP 500)';
    expect(await hook(id)).toMatchObject({ enabled: false, disabledReason: reason });
    expect(events).toContainEqual({ type: 'webhook.disabled', webhookId: id, webhookName: 'n8n', reason });
    // Its retries still waiting were skipped with the reason, and so is what arrives afterwards.
    const missed = h.record('task.created');
    await h.core.dispatcher.runDue();
    expect(await deliveryOf(missed)).toMatchObject({ status: 'skipped' });
    expect((await h.call('log.get', { id: (await deliveryOf(missed)).id })).lastError).toBe(reason);
    const sentBefore = receiver.received.length;

    // The receiver is back: enable, Replay the skipped ones. Enabling starts the streak afresh.
    receiver.respond = answer(200);
    await h.call('webhooks.setEnabled', { id, enabled: true });
    expect((await hook(id)).failing).toBeNull();
    const { count } = await h.call('log.replay', {
      webhookId: id,
      since: new Date(T0).toISOString(),
      status: 'skipped',
    });
    expect(count).toBeGreaterThanOrEqual(1);
    await h.core.dispatcher.runDue();
    const replayed = receiver.received.slice(sentBefore).map((r) => JSON.parse(r.body) as { id: string });
    expect(replayed.map((b) => b.id)).toContain(missed);
    expect(replayed).toHaveLength(count);
    expect((await h.call('dispatch.status', {})).failing).toBe(0);
  });

  it('one success clears the streak: the next failure starts a new one', async () => {
    const { id } = await setup();
    await eventNow();
    h.clock.advance(23 * HOUR);
    receiver.respond = answer(204);
    await eventNow();
    receiver.respond = answer(500);
    h.clock.advance(2 * HOUR); // 25 h after the first failure, 2 h after the success
    await eventNow();
    h.clock.advance(23 * HOUR);
    await eventNow();
    expect((await hook(id)).failing).toBeNull();
    h.clock.advance(HOUR);
    await eventNow();
    expect((await hook(id)).failing).toMatchObject({
      since: new Date(T0 + 25 * HOUR).toISOString(),
    });
  });

  it('a failing webhook is cleared by one success, and the banner with it', async () => {
    const { id } = await setup();
    await eventNow();
    h.clock.advance(DAY);
    await eventNow();
    expect((await hook(id)).failing).not.toBeNull();
    receiver.respond = answer(200);
    h.clock.advance(HOUR);
    await eventNow();
    expect((await hook(id)).failing).toBeNull();
    expect((await h.call('dispatch.status', {})).failing).toBe(0);
  });

  it('a manual redeliver neither starts nor extends a streak; its success clears one', async () => {
    const { id } = await setup();
    const first = await eventNow();
    const firstDelivery = await deliveryOf(first);
    // Only redelivers fail for a day: no streak.
    h.clock.advance(HOUR);
    await h.call('log.redeliver', { deliveryId: firstDelivery.id });
    await h.core.dispatcher.runDue();
    receiver.respond = answer(200);
    h.clock.advance(HOUR);
    await eventNow(); // a success: the streak of the first event is cleared
    receiver.respond = answer(500);
    h.clock.advance(HOUR);
    await h.call('log.redeliver', { deliveryId: firstDelivery.id });
    await h.core.dispatcher.runDue();
    h.clock.advance(DAY);
    await h.call('log.redeliver', { deliveryId: firstDelivery.id });
    await h.core.dispatcher.runDue();
    expect((await hook(id)).failing).toBeNull();
    // A streak of real deliveries, then a redeliver that succeeds: cleared.
    await eventNow();
    h.clock.advance(DAY);
    await eventNow();
    expect((await hook(id)).failing).not.toBeNull();
    receiver.respond = answer(200);
    await h.call('log.redeliver', { deliveryId: firstDelivery.id });
    await h.core.dispatcher.runDue();
    expect((await hook(id)).failing).toBeNull();
  });

  it('afterDays 0 never disables; a shorter setting disables sooner', async () => {
    const { id } = await setup();
    await h.call('settings.update', { autoDisable: { afterDays: 0 } });
    await eventNow();
    h.clock.advance(30 * DAY);
    await eventNow();
    expect(await hook(id)).toMatchObject({ enabled: true, failing: { lastError: 'HTTP 500' } });
    await h.call('settings.update', { autoDisable: { afterDays: 1 } });
    h.clock.advance(HOUR);
    await eventNow();
    expect(await hook(id)).toMatchObject({
      enabled: false,
      disabledReason:
        'failing since 2026-03-02T09:00:00.000Z: every delivery failed for 1 day (last error: HTTP 500)',
    });
  });

  it('afterDays negative, fractional or absurd is a 422 naming the field; the setting is unchanged', async () => {
    h = openHarness();
    const message =
      'Disable a failing webhook after (days): must be 0 (never) or a number of days from 1 to 365';
    const cases: [unknown, string][] = [
      [-1, message],
      [366, message],
      [100_000, message],
      [1.5, 'Disable a failing webhook after (days): must be a whole number of days'],
    ];
    for (const [afterDays, expected] of cases) {
      const f = await failure(h.call('settings.update', { autoDisable: { afterDays } }));
      expect(f.status).toBe(422);
      expect(f.message).toBe(expected);
      expect(f.details).toEqual({ fields: [{ path: 'autoDisable.afterDays', message: expected }] });
    }
    expect((await h.call('settings.get', {})).autoDisable).toEqual({ afterDays: 5 });
  });
});

describe('a failing webhook that recovers', () => {
  it('a success after it was marked failing tells webhook.recovered once, with since when; the count and card clear', async () => {
    const { id, events } = await setup();
    const notices: Notice[] = [];
    h.core.notices.on((n) => void notices.push(n));
    await eventNow();
    h.clock.advance(DAY);
    await eventNow();
    expect((await hook(id)).failing).not.toBeNull();
    notices.length = 0;

    receiver.respond = answer(200);
    h.clock.advance(HOUR);
    await eventNow();
    expect(events.filter((e) => e.type === 'webhook.recovered')).toEqual([
      { type: 'webhook.recovered', webhookId: id, webhookName: 'n8n', since: T0 },
    ]);
    // Notices of one kind per webhook are coalesced (250 ms): the one after the mark may trail.
    await expect.poll(() => notices).toContainEqual({ type: 'webhooks.changed', webhookId: id });
    expect((await hook(id)).failing).toBeNull();
    expect((await h.call('dispatch.status', {})).failing).toBe(0);
    // Working on: nothing more to tell.
    await eventNow();
    expect(events.filter((e) => e.type === 'webhook.recovered')).toHaveLength(1);
  });

  it('a streak that was never marked (failing under 24 h) ends without a recovered event', async () => {
    const { id, events } = await setup();
    await eventNow();
    h.clock.advance(DAY - 1);
    await eventNow();
    receiver.respond = answer(200);
    h.clock.advance(1);
    await eventNow();
    expect((await hook(id)).failing).toBeNull();
    expect(events.filter((e) => e.type === 'webhook.recovered' || e.type === 'webhook.failing')).toEqual([]);
  });
});

describe('streakStep (pure)', () => {
  const base = { ok: false, manual: false, error: 'HTTP 500', afterDays: 5 };

  it('a first failure starts the streak; 24 h later it is marked, once', () => {
    const start = streakStep({ ...base, state: NOT_FAILING, at: T0 });
    expect(start).toEqual({ next: { failingSince: T0, failingMarkedAt: null, failingError: 'HTTP 500' } });
    const marked = streakStep({ ...base, state: start.next!, at: T0 + FAILING_AFTER_MS });
    expect(marked.marked).toBe(true);
    const again = streakStep({ ...base, state: marked.next!, at: T0 + FAILING_AFTER_MS + 1 });
    expect(again.marked).toBeUndefined();
    expect(again.next!.failingMarkedAt).toBe(T0 + FAILING_AFTER_MS);
  });

  it('a success without a streak writes nothing; a manual failure changes nothing', () => {
    expect(streakStep({ ...base, ok: true, state: NOT_FAILING, at: T0 })).toEqual({});
    const unmarked = { failingSince: T0, failingMarkedAt: null, failingError: 'HTTP 500' };
    expect(streakStep({ ...base, ok: true, state: unmarked, at: T0 + 1 })).toEqual({ next: NOT_FAILING });
    const marked = { ...unmarked, failingMarkedAt: T0 + FAILING_AFTER_MS };
    expect(streakStep({ ...base, ok: true, state: marked, at: T0 + FAILING_AFTER_MS + 1 })).toEqual({
      next: NOT_FAILING,
      recovered: true,
    });
    expect(streakStep({ ...base, manual: true, state: NOT_FAILING, at: T0 })).toEqual({});
  });
});
