import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  event as eventSchema,
  EVENT_TYPES,
  healthEventData,
  operations,
  RESOURCE_LIST,
} from '../../../contract/index.js';
import { ManualClock } from '../../../main/core/clock.js';
import { openHarness, type Harness } from '../../support/core.js';
import { answer, delayed, Receiver, silent } from '../../support/receiver.js';

let h: Harness;
let receiver: Receiver;
afterEach(async () => {
  await h?.core.close();
  await receiver?.close();
});

const headersOf = (r: Receiver, i: number) => r.received[i].headers as Record<string, string>;

describe('signed deliveries', () => {
  it('sends a new event within 20 ms of the change, signed so standardwebhooks verifies it', async () => {
    receiver = await Receiver.start();
    // standardwebhooks checks the timestamp against the real time (5 min tolerance).
    h = openHarness({ clock: new ManualClock(Date.now()) });
    const hook = await h.call('webhooks.create', {
      name: 'n8n',
      url: receiver.url,
      events: ['task.created'],
    });
    await h.core.start();

    const eventId = h.record('task.created', { id: 'tsk_1', title: 'Call Ada' });
    h.record('client.created', { id: 'cli_1' }); // not subscribed
    await receiver.waitFor(1);
    // Warm (modules loaded, connection kept alive): from the change to the receiver, ten times.
    // The best of ten is the idle machine's figure; the CPU is shared with other suites while tests run.
    const latencies: number[] = [];
    for (let i = 2; i <= 11; i++) {
      await h.core.dispatcher.idle();
      const started = performance.now();
      h.record('task.created', { id: `tsk_${i}` });
      await receiver.waitFor(i);
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    console.log(`change → receiver, ms: best ${latencies[0].toFixed(1)}, median ${latencies[5].toFixed(1)}`);
    expect(latencies[0]).toBeLessThan(20);

    const req = receiver.received[0];
    expect(req.method).toBe('POST');
    const headers = headersOf(receiver, 0);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toMatch(/^dVersum/);
    expect(headers['webhook-id']).toBe(eventId);
    expect(Number(headers['webhook-timestamp'])).toBe(Math.floor(h.clock.now() / 1000));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const verified = new Webhook(hook.secret).verify(req.body, headers) as {
      id: string;
      type: string;
      data: unknown;
    };
    expect(verified).toMatchObject({
      id: eventId,
      type: 'task.created',
      data: { id: 'tsk_1', title: 'Call Ada' },
    });
    expect(eventSchema.safeParse(JSON.parse(req.body)).success).toBe(true);

    await h.core.dispatcher.idle();
    expect(receiver.received).toHaveLength(11);
    const log = await h.call('log.list', {});
    expect(log.items.find((d: { eventId: string }) => d.eventId === eventId)).toMatchObject({
      eventId,
      status: 'success',
      attempt: 1,
      responseCode: 200,
      nextAttemptAt: null,
    });
  });

  it('during a rotation sends both signatures, each verifying with its own secret; the custom header rides along', async () => {
    receiver = await Receiver.start();
    h = openHarness({ clock: new ManualClock(Date.now()) });
    const hook = await h.call('webhooks.create', {
      name: 'n8n',
      url: receiver.url,
      events: ['*'],
      headerName: 'X-N8N-Auth',
      headerValue: 'let-me-in',
    });
    const { secret } = await h.call('webhooks.rotateSecret', { id: hook.id });
    h.record('invoice.paid', { id: 'inv_1' });
    await h.core.dispatcher.runDue();

    const headers = headersOf(receiver, 0);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(headers['x-n8n-auth']).toBe('let-me-in');
    const body = receiver.received[0].body;
    expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(hook.secret).verify(body, headers)).not.toThrow();
    expect(() =>
      new Webhook('whsec_' + Buffer.alloc(32, 7).toString('base64')).verify(body, headers),
    ).toThrow();

    // The log shows that the header was sent, not its value.
    const [item] = (await h.call('log.list', {})).items;
    const detail = await h.call('log.get', { id: item.id });
    expect(detail.requestHeaders['X-N8N-Auth']).toBe('(hidden)');
    expect(detail.requestHeaders['webhook-id']).toBe(item.eventId);
  });

  it('a retry hours later carries the same webhook-id and a fresh timestamp that still verifies', async () => {
    receiver = await Receiver.start();
    const clock = new ManualClock(Date.now() - 2 * 60_000);
    h = openHarness({ clock });
    const hook = await h.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    receiver.respond = answer(500, 'boom');
    const eventId = h.record('task.created');
    await h.core.dispatcher.runDue();
    clock.set(Date.now());
    receiver.respond = answer(204);
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(2);
    const [first, second] = [headersOf(receiver, 0), headersOf(receiver, 1)];
    expect(first['webhook-id']).toBe(eventId);
    expect(second['webhook-id']).toBe(eventId);
    expect(Number(second['webhook-timestamp']) - Number(first['webhook-timestamp'])).toBeGreaterThanOrEqual(
      60,
    );
    expect(() => new Webhook(hook.secret).verify(receiver.received[1].body, second)).not.toThrow();
    expect(receiver.received[1].body).toBe(receiver.received[0].body);
  });

  it('sendTest sends a realistic sample of each event type, delivered like any other', async () => {
    receiver = await Receiver.start();
    h = openHarness();
    const hook = await h.call('webhooks.create', {
      name: 'Zapier',
      url: receiver.url,
      events: ['invoice.paid'],
    });
    const { deliveryId } = await h.call('webhooks.sendTest', { id: hook.id });
    for (const type of EVENT_TYPES.filter((t) => t !== 'webhook.test'))
      await h.call('webhooks.sendTest', { id: hook.id, eventType: type });
    await h.core.dispatcher.runDue();
    const bodies = receiver.bodies();
    expect(bodies).toHaveLength(EVENT_TYPES.length);
    expect(bodies[0]).toMatchObject({
      type: 'webhook.test',
      data: { webhookId: hook.id, webhookName: 'Zapier' },
    });
    const schemas: Record<string, { safeParse(v: unknown): { success: boolean } }> = {
      // Each object's events carry the object as its get answers it.
      ...Object.fromEntries(
        RESOURCE_LIST.map((r) => [r.event, operations[`${r.list}.get` as keyof typeof operations].output]),
      ),
      // The webhook health events' samples (webhook.failing|disabled|recovered).
      webhook: healthEventData,
    };
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['invoice', 'quote', 'time_entry']));
    for (const body of bodies.slice(1)) {
      expect(eventSchema.safeParse(body).success).toBe(true);
      expect(schemas[body.type.split('.')[0]].safeParse(body.data)).toEqual(
        expect.objectContaining({ success: true }),
      );
    }
    expect((await h.call('log.get', { id: deliveryId })).status).toBe('success');
    // Only this webhook hears a test: it is not fanned out to the others.
    expect((await h.call('log.list', {})).items).toHaveLength(EVENT_TYPES.length);
  });

  it('with the global bound reached, every webhook still gets its turn', async () => {
    receiver = await Receiver.start();
    receiver.respond = delayed(20, answer(200, 'ok'));
    h = openHarness({ dispatcher: { maxInFlightPerWebhook: 1, maxInFlight: 1 } });
    for (const name of ['a', 'b', 'c']) {
      await h.call('webhooks.create', { name, url: `${receiver.url}?${name}`, events: ['*'] });
      h.clock.advance(1);
    }
    for (let i = 0; i < 6; i++) h.record('task.created', { n: i });
    const run = h.core.dispatcher.runDue();
    await receiver.waitFor(6);
    // All three webhooks were served among the first six requests, not one drained before the next.
    expect(new Set(receiver.received.slice(0, 6).map((r) => r.path)).size).toBe(3);
    await run;
    expect(receiver.received).toHaveLength(18);
  });

  it('one slow receiver does not hold up another webhook', async () => {
    receiver = await Receiver.start();
    const slow = await Receiver.start();
    h = openHarness({ dispatcher: { maxInFlightPerWebhook: 2 } });
    slow.respond = silent;
    await h.call('settings.update', { deliveryTimeoutMs: 1000 });
    await h.call('webhooks.create', { name: 'slow', url: slow.url, events: ['*'] });
    await h.call('webhooks.create', { name: 'fast', url: receiver.url, events: ['*'] });
    for (let i = 0; i < 10; i++) h.record('task.created', { n: i });
    const run = h.core.dispatcher.runDue();
    await receiver.waitFor(10, 900);
    expect(slow.received.length).toBe(2); // bounded in flight per webhook
    await slow.close(); // the rest fail fast (connection refused) and are retried later
    await run;
    expect((await h.call('log.list', { status: 'retrying' })).items).toHaveLength(10);
  });
});
