/**
 * Webhook health events (main/core/dispatcher/health-events.ts) through the public surface:
 * real loopback receivers, the contract's handlers, the injected clock.
 */
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OWN_HEALTH_SKIPPED } from '../../../main/core/dispatcher/health-events.js';
import { STORAGE_FAULT_BACKOFF_MS } from '../../../main/core/dispatcher/storage-backoff.js';
import { storeOf } from '../../../main/core/store/database.js';
import { failOutboxWrites, failure, openHarness, type Harness } from '../../support/core.js';
import { answer, Receiver } from '../../support/receiver.js';
import { openRestHookClient } from '../../support/rest-hook-client.js';

let h: Harness;
const receivers: Receiver[] = [];
afterEach(async () => {
  await h?.close();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const HEALTH = ['webhook.failing', 'webhook.disabled', 'webhook.recovered'];

interface Hook {
  id: string;
  secret: string;
  url: string;
}

/** A path that is itself a secret, as an n8n or Slack webhook URL's is. */
const SECRET_PATH = '/webhook/3f9c1e7a-secret-path';

async function receiver(status: number): Promise<Receiver> {
  const r = await Receiver.start(`${SECRET_PATH}?token=s3cr3t-query`);
  r.respond = answer(status);
  receivers.push(r);
  return r;
}

async function webhook(name: string, url: string, events: string[]): Promise<Hook> {
  return (await h.call('webhooks.create', { name, url, events })) as Hook;
}

/**
 * A failing webhook "n8n" (task.created, its receiver answering 500) and the owner's "Ops alerts"
 * (subscribed to client.created only). One retry step of 7 days: every attempt here is a new event's first.
 */
async function setup(opts: { healthTo?: 'ops' | 'failing' | null; opsEvents?: string[] } = {}) {
  const failingReceiver = await receiver(500);
  const opsReceiver = await receiver(200);
  h = openHarness({ now: T0 });
  const failing = await webhook('n8n', failingReceiver.url, ['task.created']);
  const ops = await webhook('Ops alerts', opsReceiver.url, opts.opsEvents ?? ['client.created']);
  const target = opts.healthTo === undefined ? 'ops' : opts.healthTo;
  await h.call('settings.update', {
    retrySchedule: [7 * 24 * 3600],
    healthEventsTo: target === null ? null : target === 'ops' ? ops.id : failing.id,
  });
  return { failing, ops, failingReceiver, opsReceiver };
}

/** A new task.created, sent now; then whatever that raised, sent too. Returns the event's delivery id. */
async function eventNow(): Promise<{ eventId: string; deliveryId: string }> {
  const eventId = h.record('task.created');
  await h.core.dispatcher.runDue();
  await h.core.dispatcher.runDue();
  const { items } = await h.call('log.list', { eventType: 'task.created' });
  return { eventId, deliveryId: items.find((d: { eventId: string }) => d.eventId === eventId).id };
}

/**
 * The health events a receiver got, each signature checked against the webhook's signing secret
 * (signed again here: `verify` would hold the manual clock's time against the real one).
 */
function healthReceived(r: Receiver, hook: Hook) {
  return r.received
    .map((req) => {
      const [id, timestamp] = [String(req.headers['webhook-id']), Number(req.headers['webhook-timestamp'])];
      const expected = new StandardWebhook(hook.secret).sign(id, new Date(timestamp * 1000), req.body);
      expect(String(req.headers['webhook-signature']).split(' ')).toContain(expected);
      return JSON.parse(req.body) as { type: string; data: Record<string, unknown> };
    })
    .filter((body) => HEALTH.includes(body.type));
}

const healthRows = () => h.outbox().filter((row) => HEALTH.includes(row.type));

describe('webhook health events', () => {
  it('marked failing: the chosen webhook gets a signed webhook.failing with the exact data; a success afterwards: webhook.recovered', async () => {
    const { failing, ops, failingReceiver, opsReceiver } = await setup();
    await eventNow();
    h.clock.advance(DAY - 1);
    await eventNow();
    expect(healthRows()).toEqual([]);

    h.clock.advance(1);
    const tipped = await eventNow();
    const failingData = {
      webhookId: failing.id,
      name: 'n8n',
      url: failingReceiver.origin,
      reasonCode: 'failing',
      reason: `failing since ${iso(T0)}: every delivery failed for 24 hours (last error: HTTP 500)`,
      failingSince: iso(T0),
      attemptsFailed: 3,
      lastError: 'HTTP 500',
      deliveryId: tipped.deliveryId,
      eventId: tipped.eventId,
    };
    expect(healthReceived(opsReceiver, ops)).toEqual([
      expect.objectContaining({ type: 'webhook.failing', data: failingData }),
    ]);
    // Nothing secret rides along: the failing webhook's signing secret is nowhere in it, nor its
    // URL's path and query (only its origin is named).
    expect(opsReceiver.received[0].body).not.toContain(failing.secret);
    expect(opsReceiver.received[0].body).not.toContain('secret-path');
    expect(opsReceiver.received[0].body).not.toContain('s3cr3t-query');
    // Told once: a later failure raises nothing more.
    h.clock.advance(HOUR);
    await eventNow();
    expect(healthRows().map((r) => r.type)).toEqual(['webhook.failing']);

    failingReceiver.respond = answer(200);
    h.clock.advance(HOUR);
    const recovered = await eventNow();
    expect(healthReceived(opsReceiver, ops).map((b) => [b.type, b.data])).toEqual([
      ['webhook.failing', failingData],
      [
        'webhook.recovered',
        {
          webhookId: failing.id,
          name: 'n8n',
          url: failingReceiver.origin,
          reasonCode: 'recovered',
          reason: `recovered: a delivery succeeded after failing since ${iso(T0)}`,
          failingSince: iso(T0),
          attemptsFailed: 4,
          lastError: 'HTTP 500',
          deliveryId: recovered.deliveryId,
          eventId: recovered.eventId,
        },
      ],
    ]);
    // The chosen webhook got them though it lists neither: its log says so.
    const { items } = await h.call('log.list', { webhookId: ops.id });
    expect(items.map((d: { eventType: string; status: string }) => [d.eventType, d.status])).toEqual([
      ['webhook.recovered', 'success'],
      ['webhook.failing', 'success'],
    ]);
  });

  it('disabled after the days set: the chosen webhook gets webhook.disabled with the reason the webhook shows', async () => {
    const { failing, ops, failingReceiver, opsReceiver } = await setup();
    await eventNow();
    h.clock.advance(DAY);
    await eventNow();
    h.clock.advance(4 * DAY);
    const tipped = await eventNow();
    const reason = `failing since ${iso(T0)}: every delivery failed for 5 days (last error: HTTP 500)`;
    const hook = (await h.call('webhooks.list', {})).items.find((w: Hook) => w.id === failing.id);
    expect(hook).toMatchObject({ enabled: false, disabledReason: reason });
    expect(healthReceived(opsReceiver, ops).map((b) => [b.type, b.data])).toEqual([
      ['webhook.failing', expect.objectContaining({ reasonCode: 'failing' })],
      [
        'webhook.disabled',
        {
          webhookId: failing.id,
          name: 'n8n',
          url: failingReceiver.origin,
          reasonCode: 'failing_disabled',
          reason,
          failingSince: iso(T0),
          attemptsFailed: 3,
          lastError: 'HTTP 500',
          deliveryId: tipped.deliveryId,
          eventId: tipped.eventId,
        },
      ],
    ]);
  });

  it('a 410 Gone disables the webhook: webhook.disabled with receiver_gone', async () => {
    const { failing, ops, failingReceiver, opsReceiver } = await setup();
    failingReceiver.respond = answer(410);
    const tipped = await eventNow();
    const [body] = healthReceived(opsReceiver, ops);
    expect(body.type).toBe('webhook.disabled');
    expect(body.data).toMatchObject({
      webhookId: failing.id,
      reasonCode: 'receiver_gone',
      reason: `The receiver answered 410 Gone on ${iso(T0)} (delivery ${tipped.deliveryId}): it no longer wants these events`,
      failingSince: iso(T0),
      attemptsFailed: 1,
      deliveryId: tipped.deliveryId,
    });
  });

  it('the setting off (the default): no health event is raised, and * does not take them', async () => {
    const { ops, opsReceiver } = await setup({ healthTo: null, opsEvents: ['*'] });
    expect((await h.call('settings.get', {})).healthEventsTo).toBeNull();
    await eventNow();
    h.clock.advance(5 * DAY);
    await eventNow();
    expect(healthRows()).toEqual([]);
    expect(healthReceived(opsReceiver, ops)).toEqual([]);
    expect(opsReceiver.received.length).toBeGreaterThan(0); // it did get the task events
  });

  it('* does not take them while on; a webhook that lists one by name gets it too', async () => {
    const { ops, opsReceiver } = await setup();
    const starReceiver = await receiver(200);
    const star = await webhook('All', starReceiver.url, ['*']);
    const namedReceiver = await receiver(200);
    const named = await webhook('Named', namedReceiver.url, ['webhook.failing']);
    await eventNow();
    h.clock.advance(DAY);
    await eventNow();
    expect(healthReceived(opsReceiver, ops).map((b) => b.type)).toEqual(['webhook.failing']);
    expect(healthReceived(namedReceiver, named).map((b) => b.type)).toEqual(['webhook.failing']);
    expect(healthReceived(starReceiver, star)).toEqual([]);
  });

  it('the chosen webhook is the failing one: its own failing and disabled events are skipped in its log, never sent, no loop', async () => {
    const { failing, failingReceiver } = await setup({ healthTo: 'failing' });
    await eventNow();
    h.clock.advance(DAY);
    await eventNow();
    h.clock.advance(4 * DAY);
    await eventNow();
    h.clock.advance(8 * DAY); // any retry would be due by now
    await h.core.dispatcher.runDue();
    expect(healthRows().map((r) => r.type)).toEqual(['webhook.failing', 'webhook.disabled']);
    expect(failingReceiver.received.map((r) => JSON.parse(r.body).type)).not.toContain('webhook.failing');
    const { items } = await h.call('log.list', { webhookId: failing.id });
    const health = items.filter((d: { eventType: string }) => HEALTH.includes(d.eventType));
    expect(health.map((d: { eventType: string; status: string }) => [d.eventType, d.status])).toEqual([
      ['webhook.disabled', 'skipped'],
      ['webhook.failing', 'skipped'],
    ]);
    expect((await h.call('log.get', { id: health[1].id })).lastError).toBe(OWN_HEALTH_SKIPPED);
  });

  it('no health event is raised about deliveries of health events: a failing target stays unmarked', async () => {
    const { ops, opsReceiver } = await setup();
    opsReceiver.respond = answer(500);
    await eventNow();
    h.clock.advance(DAY);
    await eventNow(); // webhook.failing about n8n, to Ops alerts, which fails
    for (let day = 0; day < 10; day++) {
      h.clock.advance(DAY);
      await h.core.dispatcher.runDue(); // its retries fail too
    }
    expect(opsReceiver.received.length).toBeGreaterThan(1);
    const hook = (await h.call('webhooks.list', {})).items.find((w: Hook) => w.id === ops.id);
    expect(hook).toMatchObject({ enabled: true, failing: null });
    // Only n8n's own (failing, then disabled): none about Ops alerts.
    expect(healthRows().map((r) => [r.type, r.event.data.webhookId])).not.toContainEqual([
      expect.any(String),
      ops.id,
    ]);
  });

  it('the mark and its outbox row commit together: a failed outbox write leaves neither', async () => {
    const { failing } = await setup();
    await eventNow();
    h.clock.advance(DAY);
    const sqlite = storeOf(h.core.store).sqlite;
    const markedAt = () =>
      (
        sqlite.prepare('SELECT failing_marked_at AS m FROM webhooks WHERE id = ?').get(failing.id) as {
          m: number | null;
        }
      ).m;
    const restore = failOutboxWrites(h.core, 'webhook.failing');
    // What the database holds the moment the dispatcher says the attempt's transaction failed; then the fault ends.
    const atFailure: { markedAt: number | null; health: number }[] = [];
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {
      if (atFailure.length > 0) return;
      atFailure.push({ markedAt: markedAt(), health: healthRows().length });
      restore();
    });
    try {
      await eventNow();
    } finally {
      quiet.mockRestore();
    }
    expect(atFailure).toEqual([{ markedAt: null, health: 0 }]);
    // Nothing of the attempt was written: its delivery stays due, and is sent again once the back-off has passed.
    expect(markedAt()).toBeNull();
    h.clock.advance(STORAGE_FAULT_BACKOFF_MS);
    await h.core.dispatcher.runDue();
    // That attempt, recorded now that the fault has ended: the mark and its event, together.
    expect(markedAt()).toBe(T0 + DAY + STORAGE_FAULT_BACKOFF_MS);
    expect(healthRows().map((r) => r.type)).toEqual(['webhook.failing']);
  });
});

describe('the setting "Send webhook health events to"', () => {
  it('names one of the owner’s webhooks, else a 422 naming the field by its label', async () => {
    h = openHarness({ now: T0 });
    const unknown = 'whk_01kfa4b6n9p2r5t8v1x4z7c0e3';
    const e = await failure(h.call('settings.update', { healthEventsTo: unknown }));
    const message = `Send webhook health events to: none of your webhooks has the id ${unknown}: choose one from Settings > Webhooks, or none to send no health events`;
    expect(e).toMatchObject({ status: 422, code: 'validation_failed', message });
    expect(e.details).toEqual({ fields: [{ path: 'healthEventsTo', message }] });

    const shape = await failure(h.call('settings.update', { healthEventsTo: 'whk_123' }));
    expect(shape).toMatchObject({
      status: 422,
      code: 'validation_failed',
      message: 'Send webhook health events to: must be a whk_… id',
    });
    expect((await h.call('settings.get', {})).healthEventsTo).toBeNull();
  });

  it('refuses a key’s REST-hook subscription (it is not one of the owner’s webhooks): the same 422', async () => {
    const c = openRestHookClient();
    try {
      const key = c.key();
      const res = await c.subscribe(
        { key: key.key, from: '127.0.0.1' },
        { url: 'https://n8n.example/hook', events: ['task.created'] },
      );
      expect(res.statusCode).toBe(201);
      const { id } = res.json() as { id: string };
      const e = await failure(c.h.call('settings.update', { healthEventsTo: id }));
      const message = `Send webhook health events to: none of your webhooks has the id ${id}: choose one from Settings > Webhooks, or none to send no health events`;
      expect(e).toMatchObject({ status: 422, code: 'validation_failed', message });
      expect(e.details).toEqual({ fields: [{ path: 'healthEventsTo', message }] });
      expect((await c.h.call('settings.get', {})).healthEventsTo).toBeNull();
    } finally {
      await c.close();
    }
  });

  it('deleting the chosen webhook switches them off', async () => {
    const r = await receiver(200);
    h = openHarness({ now: T0 });
    const hook = await webhook('Ops alerts', r.url, ['client.created']);
    expect((await h.call('settings.update', { healthEventsTo: hook.id })).healthEventsTo).toBe(hook.id);
    await h.call('webhooks.delete', { id: hook.id });
    expect((await h.call('settings.get', {})).healthEventsTo).toBeNull();
  });
});
