import { describe, expect, it } from 'vitest';
import { useLiveDversum } from '../../../test/support/live-dversum.js';
import { App, appTester, failureOf } from './dversum.js';

const d = useLiveDversum({ start: true });

const trigger = App.triggers.task_created.operation;

/** A task made through dVersum's own API, as another integration would make it. */
async function createTask(title: string): Promise<{ id: string; title: string }> {
  const res = await d.h.call(d.h.key(['tasks:write']), {
    method: 'POST',
    url: '/api/v1/webhooks/incoming/tasks',
    payload: { title },
  });
  expect(res.statusCode).toBe(201);
  return res.json();
}

const listed = async (apiKey: string) => {
  const res = await d.h.call(apiKey, { method: 'GET', url: '/api/v1/webhooks' });
  expect(res.statusCode).toBe(200);
  return (res.json() as { items: { id: string; url: string; events: string[] }[] }).items;
};

describe('REST-hook triggers: subscribe, deliver, perform, unsubscribe', () => {
  it('turning the Zap on subscribes its target URL; a task made through the API is delivered there and perform returns it; off removes it', async () => {
    const authData = d.connection(['webhooks:manage', 'tasks:read']);
    const target = d.receiver.endpoint('zap-task-created');

    const subscribeData = await appTester(trigger.performSubscribe, { authData, targetUrl: target.url });
    expect(subscribeData).toMatchObject({
      url: target.url,
      events: ['task.created'],
      name: 'Zapier: Task Created',
    });
    expect(await listed(authData.apiKey)).toMatchObject([{ id: subscribeData.id, url: target.url }]);

    // The delivery is signed at dVersum's (test) clock; perform checks it against the real one, as Zapier does.
    d.h.clock.set(Date.now());
    const task = await createTask('Call Anna back');
    const delivery = await target.waitFor((event) => event.body.data.id === task.id);
    expect(delivery.body).toMatchObject({ type: 'task.created', data: task });

    expect(subscribeData.secret).toMatch(/^whsec_/);
    // As Zapier hands a hook to perform: the raw body and the headers (custom ones as Http-…).
    const raw = d.receiver.received.find((r) => r.headers['webhook-id'] === delivery.headers['webhook-id']);
    const rawRequest = {
      method: 'POST',
      content: raw!.body,
      headers: {
        'Content-Type': 'application/json',
        'Http-Webhook-Id': String(delivery.headers['webhook-id']),
        'Http-Webhook-Timestamp': String(delivery.headers['webhook-timestamp']),
        'Http-Webhook-Signature': String(delivery.headers['webhook-signature']),
      },
    };
    const events = await appTester(trigger.perform, {
      authData,
      subscribeData,
      rawRequest,
      cleanedRequest: delivery.body,
    });
    expect(events).toEqual([delivery.body]);

    const removed = await appTester(trigger.performUnsubscribe, { authData, subscribeData });
    expect(removed).toEqual({ id: subscribeData.id });
    expect(await listed(authData.apiKey)).toEqual([]);
  });

  it('turning the Zap off after the subscription was deleted in dVersum still succeeds', async () => {
    const authData = d.connection(['webhooks:manage', 'tasks:read']);
    const subscribeData = await appTester(trigger.performSubscribe, {
      authData,
      targetUrl: d.receiver.endpoint('zap-gone').url,
    });
    d.h.core.webhooks.delete(subscribeData.id);
    expect(await listed(authData.apiKey)).toEqual([]);
    expect(await appTester(trigger.performUnsubscribe, { authData, subscribeData })).toEqual({
      id: subscribeData.id,
    });
  });

  it('turning the Zap off with a key that lost webhooks:manage is a 403, the subscription kept', async () => {
    const { id, key } = d.h.core.keys.create({
      name: 'zapier',
      permissions: ['webhooks:manage', 'tasks:read'],
    });
    const authData = { baseUrl: d.baseUrl, apiKey: key };
    const subscribeData = await appTester(trigger.performSubscribe, {
      authData,
      targetUrl: d.receiver.endpoint('zap-kept').url,
    });
    d.h.core.keys.update({ id, permissions: ['tasks:read'] });
    const failure = await failureOf(appTester(trigger.performUnsubscribe, { authData, subscribeData }));
    expect(failure).toMatchObject({
      code: 'Forbidden',
      status: 403,
      message: 'dVersum refused this: This key may not Manage webhook subscriptions (webhooks:manage)',
    });
    expect(d.h.core.webhooks.listForKey(id).map((w) => w.id)).toEqual([subscribeData.id]);
  });

  it('each event type has its own trigger, subscribing to that type alone', async () => {
    const authData = d.connection(['webhooks:manage', 'invoices:read']);
    const subscribeData = await appTester(App.triggers.invoice_paid.operation.performSubscribe, {
      authData,
      targetUrl: d.receiver.endpoint('zap-invoice-paid').url,
    });
    expect(subscribeData.events).toEqual(['invoice.paid']);
  });

  it('performList reads the feed newest first, only the trigger’s type, so Zapier de-duplicates by id', async () => {
    const authData = d.connection(['tasks:read']);
    const made = [];
    for (const title of ['First', 'Second', 'Third']) {
      made.push(await createTask(title));
      d.h.clock.advance(1000);
    }
    const completed = await d.h.call(d.h.key(['tasks:write']), {
      method: 'PATCH',
      url: `/api/v1/webhooks/incoming/tasks/${made[0].id}`,
      payload: { status: 'done' },
    });
    expect(completed.statusCode).toBe(200);

    const events = await appTester(trigger.performList, { authData });
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'task.created',
      'task.created',
      'task.created',
    ]);
    expect(events.map((e: { data: { title: string } }) => e.data.title)).toEqual([
      'Third',
      'Second',
      'First',
    ]);
    expect(new Set(events.map((e: { id: string }) => e.id)).size).toBe(3);
  });

  it('a key without the event’s read permission cannot subscribe: 403 naming the permission, nothing subscribed', async () => {
    const authData = d.connection(['webhooks:manage', 'clients:read']);
    const failure = await failureOf(
      appTester(trigger.performSubscribe, { authData, targetUrl: d.receiver.endpoint('zap-refused').url }),
    );
    expect(failure).toMatchObject({ code: 'Forbidden', status: 403 });
    expect(failure.message).toBe(
      'dVersum refused this: This key may not receive task.created: it needs the permission tasks:read. ' +
        'Add it to the key in Settings > Integrations, or subscribe to fewer events',
    );
    expect(await listed(authData.apiKey)).toEqual([]);
  });

  it('a key without webhooks:manage cannot subscribe: 403 naming webhooks:manage', async () => {
    const authData = d.connection(['tasks:read']);
    const failure = await failureOf(
      appTester(trigger.performSubscribe, { authData, targetUrl: d.receiver.endpoint('zap-no-manage').url }),
    );
    expect(failure).toMatchObject({ code: 'Forbidden', status: 403 });
    expect(failure.message).toBe(
      'dVersum refused this: This key may not Manage webhook subscriptions (webhooks:manage)',
    );
  });

  it('performList for a type the key may not read is a 403 naming the permission, not an empty list', async () => {
    await createTask('Hidden from this key');
    const failure = await failureOf(
      appTester(trigger.performList, { authData: d.connection(['clients:read']) }),
    );
    expect(failure).toMatchObject({ code: 'Forbidden', status: 403 });
    expect(failure.message).toBe(
      'This key may not receive task.created: it needs the permission tasks:read. Add it to the key in Settings > Integrations',
    );
  });

  it('performList with no events yet is an empty list for a key that may read them', async () => {
    expect(await appTester(trigger.performList, { authData: d.connection(['tasks:read']) })).toEqual([]);
  });
});
