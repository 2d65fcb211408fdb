import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Notice } from '../../contract/index.js';
import { ManualClock } from '../../main/core/clock.js';
import type { Core } from '../../main/core/core.js';
import { Notices, NOTICE_WINDOW_MS, type NoticeTimers } from '../../main/core/notices.js';
import { buildServer } from '../../main/core/server/app.js';
import { openCore } from '../support/core.js';

/** Timers moved by the test: `advance(ms)` fires what falls due, in order. */
class FakeTimers implements NoticeTimers {
  now = 0;
  private seq = 0;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  set(fn: () => void, ms: number) {
    const id = ++this.seq;
    this.due.set(id, { at: this.now + ms, fn });
    return id;
  }
  clear(handle: unknown) {
    this.due.delete(handle as number);
  }
  get pending() {
    return this.due.size;
  }
  advance(ms: number) {
    const end = this.now + ms;
    for (;;) {
      const next = [...this.due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > end) break;
      this.due.delete(next[0]);
      this.now = next[1].at;
      next[1].fn();
    }
    this.now = end;
  }
}

const whk = (n: number) => `whk_${String(n).padStart(26, '0')}`;
const key = (n: number) => `key_${String(n).padStart(26, '0')}`;

function recording(timers = new FakeTimers()) {
  const notices = new Notices({ timers });
  const seen: { at: number; notice: Notice }[] = [];
  notices.on((notice) => void seen.push({ at: timers.now, notice }));
  return { notices, seen, timers };
}

describe('notices are coalesced: at most one of a kind per subject per window', () => {
  it('a burst of 1,000 deliveries is two messages: the first at once, the rest merged at the window’s end', () => {
    const { notices, seen, timers } = recording();
    for (let i = 0; i < 1000; i++) {
      notices.notify({ type: 'deliveries.recorded', webhookIds: [whk(i % 3)] });
      if (i % 100 === 0) timers.advance(1); // the burst spreads over 10 ms
    }
    expect(seen).toEqual([{ at: 0, notice: { type: 'deliveries.recorded', webhookIds: [whk(0)] } }]);
    timers.advance(NOTICE_WINDOW_MS);
    expect(seen).toHaveLength(2);
    expect(seen[1].at).toBe(NOTICE_WINDOW_MS);
    expect(seen[1].notice).toEqual({
      type: 'deliveries.recorded',
      webhookIds: [whk(1), whk(2), whk(0)],
    });
    // The window after a trailing notice is quiet: it closes, and the next notice goes at once.
    timers.advance(NOTICE_WINDOW_MS);
    expect(seen).toHaveLength(2);
    expect(timers.pending).toBe(0);
    notices.notify({ type: 'deliveries.recorded', webhookIds: [whk(5)] });
    expect(seen).toHaveLength(3);
    expect(seen[2].at).toBe(2 * NOTICE_WINDOW_MS + 10);
  });

  it('a delivery notice without webhook ids (new events) absorbs those with ids: any webhook may be concerned', () => {
    const { notices, seen, timers } = recording();
    notices.notify({ type: 'deliveries.recorded', webhookIds: [whk(1)] });
    notices.notify({ type: 'deliveries.recorded', webhookIds: [whk(2)] });
    notices.notify({ type: 'deliveries.recorded' });
    notices.notify({ type: 'deliveries.recorded', webhookIds: [whk(3)] });
    timers.advance(NOTICE_WINDOW_MS);
    expect(seen.map((s) => s.notice)).toEqual([
      { type: 'deliveries.recorded', webhookIds: [whk(1)] },
      { type: 'deliveries.recorded' },
    ]);
  });

  it('the last pause state of a burst is the one told; kinds and subjects do not hold each other up', () => {
    const { notices, seen, timers } = recording();
    notices.notify({ type: 'dispatch.changed', paused: true });
    notices.notify({ type: 'dispatch.changed', paused: false });
    notices.notify({ type: 'dispatch.changed', paused: true });
    notices.notify({ type: 'keys.used', keyId: key(1) });
    notices.notify({ type: 'keys.used', keyId: key(2) });
    notices.notify({ type: 'keys.used', keyId: key(1) });
    notices.notify({ type: 'webhooks.changed', webhookId: whk(1) });
    expect(seen.map((s) => s.notice)).toEqual([
      { type: 'dispatch.changed', paused: true },
      { type: 'keys.used', keyId: key(1) },
      { type: 'keys.used', keyId: key(2) },
      { type: 'webhooks.changed', webhookId: whk(1) },
    ]);
    timers.advance(NOTICE_WINDOW_MS - 1);
    expect(seen).toHaveLength(4);
    timers.advance(1);
    expect(seen.slice(4).map((s) => s.notice)).toEqual([
      { type: 'dispatch.changed', paused: true },
      { type: 'keys.used', keyId: key(1) },
    ]);
  });

  it('a listener that throws does not stop the others; unsubscribe and close stop delivery and drop what waits', () => {
    const timers = new FakeTimers();
    const notices = new Notices({ timers });
    const seen: Notice[] = [];
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      notices.on(() => {
        throw new Error('boom');
      });
      const off = notices.on((n) => void seen.push(n));
      notices.notify({ type: 'dispatch.changed', paused: true });
      expect(seen).toHaveLength(1);
      expect(errors).toHaveLength(1);
      notices.notify({ type: 'dispatch.changed', paused: false });
      off();
      timers.advance(NOTICE_WINDOW_MS);
      expect(seen).toHaveLength(1);
      notices.on((n) => void seen.push(n));
      notices.notify({ type: 'keys.used', keyId: key(1) });
      notices.notify({ type: 'keys.used', keyId: key(1) });
      notices.close();
      expect(timers.pending).toBe(0);
      timers.advance(NOTICE_WINDOW_MS);
      notices.notify({ type: 'keys.used', keyId: key(2) });
      expect(seen).toEqual([
        { type: 'dispatch.changed', paused: true },
        { type: 'keys.used', keyId: key(1) },
      ]);
    } finally {
      console.error = original;
    }
  });
});

describe('the core feeds its notices from the dispatcher, the outbox and key use', () => {
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  function listen(c: Core) {
    const seen: Notice[] = [];
    c.notices.on((n) => void seen.push(n));
    return seen;
  }

  it('pausing tells dispatch.changed; a recorded attempt tells deliveries.recorded with its webhook', async () => {
    core = openCore({ clock: new ManualClock() }).core;
    await core.start();
    const seen = listen(core);
    core.dispatcher.setPaused(true);
    expect(seen).toEqual([{ type: 'dispatch.changed', paused: true }]);
    core.dispatcher.setPaused(false);
    const hook = core.webhooks.create({ name: 'closed port', url: 'http://127.0.0.1:9/hook', events: ['*'] });
    core.dispatcher.sendTest(hook.id);
    await core.dispatcher.runDue();
    // The test event's own notice (it is recorded through the outbox) opened the window: the attempt's follows at its end.
    await vi.waitFor(() =>
      expect(seen).toContainEqual({ type: 'deliveries.recorded', webhookIds: [hook.id] }),
    );
  });

  it('a new event in the outbox tells deliveries.recorded (its deliveries are fanned out in that turn)', async () => {
    core = openCore({ clock: new ManualClock() }).core;
    await core.start();
    const seen = listen(core);
    const recorded = new Promise<void>((resolve) => core!.notices.on(() => resolve()));
    core.clients.create({ name: 'Ada' });
    await recorded;
    expect(seen).toEqual([{ type: 'deliveries.recorded' }]);
  });

  it('a call with a key tells keys.used once its last-used time is written, not on every call', async () => {
    const clock = new ManualClock();
    core = openCore({ clock }).core;
    const app = buildServer(core);
    try {
      const seen = listen(core);
      const { key: raw, id } = core.keys.create({ name: 'reader', permissions: ['clients:read'] });
      const call = () =>
        app.inject({ method: 'GET', url: '/api/v1/clients', headers: { authorization: `Bearer ${raw}` } });
      expect((await call()).statusCode).toBe(200);
      expect((await call()).statusCode).toBe(200);
      expect(seen).toEqual([{ type: 'keys.used', keyId: id }]);
      expect(core.keys.get(id).lastUsedAt).not.toBeNull();
    } finally {
      await app.close();
    }
  });
});
