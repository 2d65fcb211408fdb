import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../main/core/clock.js';
import { openHarness, type Harness } from '../../support/core.js';
import { answer, Receiver } from '../../support/receiver.js';
import { storeOf } from '../../../main/core/store/database.js';

let h: Harness;
let receiver: Receiver;
afterEach(async () => {
  await h?.core.close();
  await receiver?.close();
});

const MIN = 60_000;

async function setup(respond = answer(500, 'down'), options: Parameters<typeof openHarness>[0] = {}) {
  receiver = await Receiver.start();
  receiver.respond = respond;
  h = openHarness(options);
  const hook = await h.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
  return hook as { id: string; secret: string };
}

async function onlyDelivery() {
  const { items } = await h.call('log.list', {});
  expect(items).toHaveLength(1);
  return h.call('log.get', { id: items[0].id });
}

describe('retries', () => {
  it('follows the seed exactly: +1 min, +5 min, +30 min, +2 h after each failure, then failed', async () => {
    await setup();
    h.record('task.created');
    const steps = [1 * MIN, 5 * MIN, 30 * MIN, 120 * MIN];
    await h.core.dispatcher.runDue();
    for (const [i, step] of steps.entries()) {
      const failedAt = h.clock.now();
      const d = await onlyDelivery();
      expect(d).toMatchObject({ status: 'retrying', attempt: i + 1, responseCode: 500 });
      expect(Date.parse(d.nextAttemptAt)).toBe(failedAt + step);
      // One millisecond early: nothing is sent.
      h.clock.advance(step - 1);
      await h.core.dispatcher.runDue();
      expect(receiver.received).toHaveLength(i + 1);
      h.clock.advance(1);
      await h.core.dispatcher.runDue();
      expect(receiver.received).toHaveLength(i + 2);
    }
    const d = await onlyDelivery();
    expect(d).toMatchObject({ status: 'failed', attempt: 5, nextAttemptAt: null, lastError: 'HTTP 500' });
    expect(
      d.attempts.map((a: { attempt: number; outcome: string; responseBody: string }) => [
        a.attempt,
        a.outcome,
        a.responseBody,
      ]),
    ).toEqual([
      [1, 'error', 'down'],
      [2, 'error', 'down'],
      [3, 'error', 'down'],
      [4, 'error', 'down'],
      [5, 'error', 'down'],
    ]);
    h.clock.advance(24 * 60 * MIN);
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(5);
    // The same webhook-id on every attempt.
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
  });

  it('the one timer sends a retry when it falls due, without being asked (real clock, 1 s step)', async () => {
    receiver = await Receiver.start();
    receiver.respond = answer(500);
    h = openHarness({ clock: systemClock });
    await h.call('settings.update', { retrySchedule: [1] });
    await h.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    await h.core.start();
    h.record('task.created');
    await receiver.waitFor(1);
    const failedAt = Date.now();
    receiver.respond = answer(200);
    await receiver.waitFor(2, 3000);
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(900);
    await h.core.dispatcher.idle();
    expect(await onlyDelivery()).toMatchObject({ status: 'success', attempt: 2 });
  });

  it('after a sleep (the wall clock jumps, timers stood still) the timer, re-armed every minute, sends what fell due', async () => {
    await setup();
    await h.call('settings.update', { retrySchedule: [7200] });
    h.record('task.created');
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      h.core.dispatcher.wake(); // arms the one timer: the retry is 2 h away, the timer at most a minute
      receiver.respond = answer(200);
      h.clock.advance(2 * 3_600_000); // the laptop slept for two hours
      vi.advanceTimersByTime(59_999);
      expect(h.core.dispatcher.status().held).toBe(1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(receiver.received).toHaveLength(1);
      vi.advanceTimersByTime(1);
    } finally {
      vi.useRealTimers();
    }
    await receiver.waitFor(2);
    await h.core.dispatcher.idle();
    expect(await onlyDelivery()).toMatchObject({ status: 'success', attempt: 2 });
  });

  it('uses the schedule from settings (shortened), and a success ends it', async () => {
    await setup();
    await h.call('settings.update', { retrySchedule: [2, 3] });
    h.record('task.created');
    await h.core.dispatcher.runDue();
    h.clock.advance(2000);
    await h.core.dispatcher.runDue();
    expect((await onlyDelivery()).nextAttemptAt).toBe(new Date(h.clock.now() + 3000).toISOString());
    receiver.respond = answer(202);
    h.clock.advance(3000);
    await h.core.dispatcher.runDue();
    expect(await onlyDelivery()).toMatchObject({
      status: 'success',
      attempt: 3,
      responseCode: 202,
      nextAttemptAt: null,
    });
  });

  it('429, 502, 503 and 504 with Retry-After slow down without counting a retry: at least 1 s, at most the last step; a day on they count', async () => {
    await setup(answer(429, 'slow down', { 'retry-after': '600' }));
    h.record('task.created');
    await h.core.dispatcher.runDue();
    const slowed = (at: number) =>
      `: slowed down until ${new Date(at).toISOString()} as the receiver's Retry-After asks (not counted as a retry)`;
    let d = await onlyDelivery();
    expect(d).toMatchObject({
      status: 'retrying',
      attempt: 0,
      nextAttemptAt: new Date(h.clock.now() + 600_000).toISOString(),
      lastError: `HTTP 429${slowed(h.clock.now() + 600_000)}`,
    });

    // An HTTP date three hours on: no further than the schedule's last step (2 h).
    receiver.respond = answer(502, '', {
      'retry-after': new Date(h.clock.now() + 600_000 + 3 * 3_600_000).toUTCString(),
    });
    h.clock.advance(600_000);
    await h.core.dispatcher.runDue();
    expect(await onlyDelivery()).toMatchObject({
      attempt: 0,
      nextAttemptAt: new Date(h.clock.now() + 120 * MIN).toISOString(),
    });

    // A date in the past never means "at once, again and again": a second.
    receiver.respond = answer(504, '', { 'retry-after': new Date(h.clock.now() - 3_600_000).toUTCString() });
    h.clock.advance(120 * MIN);
    await h.core.dispatcher.runDue();
    expect(await onlyDelivery()).toMatchObject({
      attempt: 0,
      nextAttemptAt: new Date(h.clock.now() + 1000).toISOString(),
      lastError: `HTTP 504${slowed(h.clock.now() + 1000)}`,
    });
    receiver.respond = answer(503, '', { 'retry-after': '0' });
    h.clock.advance(1000);
    await h.core.dispatcher.runDue();
    expect((await onlyDelivery()).nextAttemptAt).toBe(new Date(h.clock.now() + 1000).toISOString());

    // The schedule was not burned: the first ordinary failure waits its first step.
    receiver.respond = answer(500, '', { 'retry-after': '9999' });
    h.clock.advance(1000);
    await h.core.dispatcher.runDue();
    d = await onlyDelivery();
    expect(d).toMatchObject({ attempt: 1, lastError: 'HTTP 500' });
    expect(d.nextAttemptAt).toBe(new Date(h.clock.now() + MIN).toISOString());
    // Each throttled attempt is in the log under the number of the retry it waited for.
    expect(
      d.attempts.map((a: { attempt: number; responseCode: number }) => [a.attempt, a.responseCode]),
    ).toEqual([
      [1, 429],
      [1, 502],
      [1, 504],
      [1, 503],
      [1, 500],
    ]);

    // A day after the delivery was made, a throttling answer counts: later of the step and what it asks.
    receiver.respond = answer(429, '', { 'retry-after': '5' });
    h.clock.advance(24 * 3_600_000);
    await h.core.dispatcher.runDue();
    d = await onlyDelivery();
    expect(d).toMatchObject({ attempt: 2, lastError: 'HTTP 429' });
    expect(d.nextAttemptAt).toBe(new Date(h.clock.now() + 5 * MIN).toISOString());
    receiver.respond = answer(503, '', { 'retry-after': String(365 * 86_400) });
    h.clock.advance(5 * MIN);
    await h.core.dispatcher.runDue();
    d = await onlyDelivery();
    expect(d).toMatchObject({ attempt: 3, lastError: 'HTTP 503' });
    expect(d.nextAttemptAt).toBe(new Date(h.clock.now() + 120 * MIN).toISOString());
  });

  it('an unreadable Retry-After, or one on another status, is no request to wait: the schedule applies', async () => {
    await setup(answer(429, '', { 'retry-after': 'soon' }));
    h.record('task.created');
    await h.core.dispatcher.runDue();
    let d = await onlyDelivery();
    expect(d).toMatchObject({ attempt: 1, lastError: 'HTTP 429' });
    expect(d.nextAttemptAt).toBe(new Date(h.clock.now() + MIN).toISOString());
    receiver.respond = answer(500, '', { 'retry-after': '9999' });
    h.clock.advance(MIN);
    await h.core.dispatcher.runDue();
    d = await onlyDelivery();
    expect(d).toMatchObject({ attempt: 2, lastError: 'HTTP 500' });
    expect(d.nextAttemptAt).toBe(new Date(h.clock.now() + 5 * MIN).toISOString());
  });

  it('a receiver asking to wait slows its whole webhook down: what falls due meanwhile waits with it', async () => {
    await setup(answer(429, '', { 'retry-after': '120' }));
    h.record('task.created');
    await h.core.dispatcher.runDue();
    const until = h.clock.now() + 120_000;
    h.clock.advance(1000);
    h.record('task.updated');
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);
    const { items } = await h.call('log.list', { eventType: 'task.updated' });
    expect(items).toMatchObject([
      { status: 'pending', attempt: 0, nextAttemptAt: new Date(until).toISOString() },
    ]);
    receiver.respond = answer(200);
    h.clock.advance(until - h.clock.now());
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(3);
    const all = await h.call('log.list', {});
    expect(all.items.map((i: { status: string }) => i.status)).toEqual(['success', 'success']);
  });

  it('each retry moves ±20 % around the seed step by the injected draw, and the log shows the real time', async () => {
    const draws = [0, 0.75];
    await setup(answer(500), { dispatcher: { random: () => draws.shift() ?? 0.5 } });
    h.record('task.created');
    await h.core.dispatcher.runDue();
    // Draw 0: 1 min less 20 %.
    let failedAt = h.clock.now();
    expect((await onlyDelivery()).nextAttemptAt).toBe(new Date(failedAt + 48_000).toISOString());
    h.clock.advance(48_000 - 1);
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);
    h.clock.advance(1);
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(2);
    // Draw 0.75: 5 min and 10 %.
    failedAt = h.clock.now();
    expect((await onlyDelivery()).nextAttemptAt).toBe(new Date(failedAt + 330_000).toISOString());
    // Draw 0.5 (the centre): 30 min exactly.
    h.clock.advance(330_000);
    await h.core.dispatcher.runDue();
    expect((await onlyDelivery()).nextAttemptAt).toBe(new Date(h.clock.now() + 30 * MIN).toISOString());
  });

  it('a redirect shows its Location bounded to 200 characters', async () => {
    const long = `http://127.0.0.1:9/${'a'.repeat(400)}`;
    await setup(answer(302, '', { location: long }));
    h.record('task.created');
    await h.core.dispatcher.runDue();
    expect((await onlyDelivery()).lastError).toBe(
      `HTTP 302: redirect to ${long.slice(0, 199)}… not followed`,
    );
  });

  it('410 Gone fails the delivery, disables the webhook saying why, and skips what was waiting', async () => {
    const hook = await setup(answer(410, 'unsubscribed'));
    h.record('task.created');
    await h.core.dispatcher.runDue();
    expect((await onlyDelivery()).status).toBe('failed');
    const after = (await h.call('webhooks.list')).items[0];
    expect(after.enabled).toBe(false);
    expect(after.disabledReason).toMatch(
      /^The receiver answered 410 Gone on .* it no longer wants these events$/,
    );
    h.record('task.updated');
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);
    const { items } = await h.call('log.list', { webhookId: hook.id, status: 'skipped' });
    expect(items).toMatchObject([{ eventType: 'task.updated', status: 'skipped', attempt: 0 }]);
  });

  it('a 3xx is a failure and the redirect is not followed', async () => {
    const target = await Receiver.start();
    await setup(answer(301, '', { location: target.url }));
    h.record('task.created');
    await h.core.dispatcher.runDue();
    const d = await onlyDelivery();
    expect(d).toMatchObject({
      status: 'retrying',
      responseCode: 301,
      lastError: `HTTP 301: redirect to ${target.url} not followed`,
    });
    expect(target.received).toHaveLength(0);
    await target.close();
  });

  it('a receiver that never answers times out after deliveryTimeoutMs', async () => {
    await setup(() => {});
    await h.call('settings.update', { deliveryTimeoutMs: 1000 });
    h.record('task.created');
    const started = Date.now();
    await h.core.dispatcher.runDue();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(3000);
    const d = await onlyDelivery();
    expect(d).toMatchObject({ status: 'retrying', responseCode: null, lastError: 'timed out after 1000 ms' });
    expect(d.attempts[0].durationMs).toBeGreaterThanOrEqual(990);
  });

  it('a receiver that answers headers but trickles the body also times out', async () => {
    await setup((_req, res) => {
      res.writeHead(200);
      res.write('a'); // then nothing more
    });
    await h.call('settings.update', { deliveryTimeoutMs: 1000 });
    h.record('task.created');
    await h.core.dispatcher.runDue();
    expect(await onlyDelivery()).toMatchObject({ status: 'retrying', lastError: 'timed out after 1000 ms' });
  });

  it('a secret that cannot be opened here (sealed by another machine’s keychain) fails the attempt, then follows the schedule', async () => {
    const hook = await setup();
    storeOf(h.core.store)
      .sqlite.prepare('UPDATE webhooks SET secret = ? WHERE id = ?')
      .run('sealed:v1:AAAA', hook.id);
    h.record('task.created');
    await h.core.dispatcher.runDue();
    const d = await onlyDelivery();
    expect(d).toMatchObject({ status: 'retrying', attempt: 1 });
    expect(d.lastError).toMatch(/^could not send: This secret was sealed by the system keychain/);
    expect(Date.parse(d.nextAttemptAt)).toBe(h.clock.now() + 60_000);
    expect(receiver.received).toHaveLength(0);
    expect((await h.call('webhooks.list')).items[0].secret).toBe(
      '(sealed by the system keychain; rotate the secret to use it here)',
    );
    const { secret } = await h.call('webhooks.rotateSecret', { id: hook.id });
    h.clock.advance(60_000);
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].headers['webhook-signature']).toMatch(/^v1,\S+$/); // the sealed one no longer signs
    expect((await h.call('webhooks.list')).items[0].secret).toBe(secret);
  });

  it('a refused connection is a failure with the reason', async () => {
    await setup();
    await receiver.close();
    h.record('task.created');
    await h.core.dispatcher.runDue();
    const d = await onlyDelivery();
    expect(d.status).toBe('retrying');
    expect(d.lastError).toMatch(/ECONNREFUSED/);
  });

  it('a 100 MiB response: only the first KiB is kept, the socket is closed early, memory stays bounded', async () => {
    let written = 0;
    let closedEarly = false;
    let closed!: () => void;
    const socketClosed = new Promise<void>((resolve) => (closed = resolve));
    const chunk = Buffer.alloc(64 * 1024, 'x');
    await setup((_req, res) => {
      res.writeHead(200, { 'content-length': String(100 * 1024 * 1024) });
      const pump = () => {
        while (written < 100 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => {
        closedEarly = written < 100 * 1024 * 1024 || !res.writableFinished;
        closed();
      });
      pump();
    });
    const rssBefore = process.memoryUsage().rss;
    h.record('task.created');
    await h.core.dispatcher.runDue();
    await socketClosed;
    const d = await onlyDelivery();
    expect(d).toMatchObject({ status: 'success', responseCode: 200 });
    expect(d.attempts[0].responseBody).toBe('x'.repeat(1024));
    expect(closedEarly).toBe(true);
    expect(written).toBeLessThan(16 * 1024 * 1024);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(48 * 1024 * 1024);
  });
});
