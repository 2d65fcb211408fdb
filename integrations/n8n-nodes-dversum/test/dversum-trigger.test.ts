/**
 * The dVersum Trigger against a real dVersum on a socket: activation subscribes
 * (POST /api/v1/webhooks), checkExists and delete follow the subscription, and
 * a delivery dVersum really sends to a loopback receiver passes the trigger's
 * signature check, while a tampered, foreign or stale one is answered 401 and
 * starts nothing.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import type { Permission } from '../../../contract/index.js';
import { useLiveDversum } from '../../../test/support/live-dversum.js';
import { DversumTrigger } from '../nodes/DversumTrigger/DversumTrigger.node';
import { n8nContext } from './support/context';

const live = useLiveDversum({ realClock: true });

const trigger = new DversumTrigger();
const hooks = trigger.webhookMethods.default;

function node(events: string[], permissions: Permission[] = ['webhooks:manage', 'tasks:read']) {
  return n8nContext({
    credentials: { baseUrl: live.baseUrl, apiKey: live.h.key(permissions) },
    parameters: { events },
    webhookUrl: live.receiver.url,
  });
}

const subscriptions = (apiKey: string) =>
  fetch(`${live.baseUrl}/api/v1/webhooks`, { headers: { authorization: `Bearer ${apiKey}` } }).then(
    (r) => r.json() as Promise<{ items: { id: string; url: string; events: string[] }[] }>,
  );

async function createTask(title: string) {
  const response = await fetch(`${live.baseUrl}/api/v1/webhooks/incoming/tasks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${live.h.key(['tasks:write'])}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  expect(response.status).toBe(201);
  await live.h.core.dispatcher.runDue();
}

/** The trigger's webhook() on a request as it arrived, with the subscription's static data. */
function call(staticData: object, rawBody: string, headers: Record<string, unknown>) {
  const ctx = n8nContext({
    credentials: { baseUrl: live.baseUrl, apiKey: 'unused' },
    parameters: {},
    staticData: { ...staticData },
    request: { rawBody: Buffer.from(rawBody), headers },
  });
  return trigger.webhook.call(ctx.webhook).then((result) => ({ result, response: ctx.response }));
}

describe('dVersum Trigger: subscription', () => {
  it('activation subscribes the webhook URL to the events and keeps its id and secret in static data', async () => {
    const ctx = node(['task.created']);
    expect(await hooks.checkExists.call(ctx.hook)).toBe(false);
    expect(await hooks.create.call(ctx.hook)).toBe(true);
    expect(ctx.staticData).toEqual({
      subscriptionId: expect.stringMatching(/^whk_/),
      secret: expect.stringMatching(/^whsec_/),
    });
    const apiKey = (await ctx.hook.getCredentials('dversumApi')).apiKey as string;
    expect((await subscriptions(apiKey)).items).toEqual([
      expect.objectContaining({
        id: ctx.staticData.subscriptionId,
        url: live.receiver.url,
        events: ['task.created'],
      }),
    ]);
    expect(await hooks.checkExists.call(ctx.hook)).toBe(true);
  });

  it('deactivation unsubscribes and forgets the subscription; a second delete is harmless', async () => {
    const ctx = node(['task.created']);
    await hooks.create.call(ctx.hook);
    const apiKey = (await ctx.hook.getCredentials('dversumApi')).apiKey as string;
    expect(await hooks.delete.call(ctx.hook)).toBe(true);
    expect(ctx.staticData).toEqual({});
    expect((await subscriptions(apiKey)).items).toEqual([]);
    expect(await hooks.delete.call(ctx.hook)).toBe(true);
  });

  it('a subscription deleted in dVersum meanwhile is not found, so n8n subscribes again', async () => {
    const ctx = node(['task.created']);
    await hooks.create.call(ctx.hook);
    live.h.core.webhooks.delete(ctx.staticData.subscriptionId as string);
    expect(await hooks.checkExists.call(ctx.hook)).toBe(false);
    expect(ctx.staticData).toEqual({});
  });

  it('changed events: the old subscription is removed and checkExists says to create a new one', async () => {
    const ctx = node(['task.created']);
    await hooks.create.call(ctx.hook);
    const apiKey = (await ctx.hook.getCredentials('dversumApi')).apiKey as string;
    const changed = n8nContext({
      credentials: { baseUrl: live.baseUrl, apiKey },
      parameters: { events: ['task.created', 'task.completed'] },
      staticData: ctx.staticData,
      webhookUrl: live.receiver.url,
    });
    expect(await hooks.checkExists.call(changed.hook)).toBe(false);
    expect((await subscriptions(apiKey)).items).toEqual([]);
  });

  it('events the key may not read: 403 naming the permission, nothing stored', async () => {
    const ctx = node(['invoice.paid']);
    await expect(hooks.create.call(ctx.hook)).rejects.toThrow(
      'dVersum answered 403: This key may not receive invoice.paid: it needs the permission invoices:read. ' +
        'Add it to the key in Settings > Integrations, or subscribe to fewer events',
    );
    expect(ctx.staticData).toEqual({});
  });
});

describe('dVersum Trigger: deliveries', () => {
  async function subscribedDelivery() {
    const ctx = node(['task.created']);
    await hooks.create.call(ctx.hook);
    await createTask('From the API');
    await live.receiver.waitFor(1);
    const [delivery] = live.receiver.received;
    return {
      staticData: ctx.staticData,
      raw: delivery.body,
      headers: delivery.headers as Record<string, unknown>,
    };
  }

  it('a delivery dVersum sent passes the signature check and is the workflow’s output', async () => {
    const { staticData, raw, headers } = await subscribedDelivery();
    const { result } = await call(staticData, raw, headers);
    expect(result.workflowData).toEqual([[{ json: JSON.parse(raw) }]]);
    expect(result.workflowData?.[0][0].json).toMatchObject({
      type: 'task.created',
      data: { title: 'From the API' },
    });
  });

  it('a tampered body is answered 401 and passes nothing on', async () => {
    const { staticData, raw, headers } = await subscribedDelivery();
    const { result, response } = await call(
      staticData,
      raw.replace('From the API', 'From someone else'),
      headers,
    );
    expect(result).toEqual({ noWebhookResponse: true });
    expect(response).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'Signature refused: no signature matches' } },
    });
  });

  it('a call signed with another secret is answered 401 and passes nothing on', async () => {
    const { staticData, raw } = await subscribedDelivery();
    const other = new Webhook(`whsec_${Buffer.from('someone-elses-secret-24-bytes').toString('base64')}`);
    const now = new Date();
    const headers = {
      'webhook-id': 'msg_x',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': other.sign('msg_x', now, raw),
    };
    const { result, response } = await call(staticData, raw, headers);
    expect(result).toEqual({ noWebhookResponse: true });
    expect(response.status).toBe(401);
  });

  it('a call signed with the right secret 6 minutes ago is answered 401 and passes nothing on', async () => {
    const { staticData, raw } = await subscribedDelivery();
    const then = new Date(Date.now() - 6 * 60_000);
    const headers = {
      'webhook-id': 'msg_old',
      'webhook-timestamp': String(Math.floor(then.getTime() / 1000)),
      'webhook-signature': new Webhook(staticData.secret as string).sign('msg_old', then, raw),
    };
    const { result, response } = await call(staticData, raw, headers);
    expect(result).toEqual({ noWebhookResponse: true });
    expect(response).toEqual({
      status: 401,
      body: {
        error: {
          code: 'unauthorized',
          message: 'Signature refused: webhook-timestamp is more than 5 minutes away from now',
        },
      },
    });
  });

  it('a trigger that holds no secret refuses every call with 401', async () => {
    const { raw, headers } = await subscribedDelivery();
    const { result, response } = await call({}, raw, headers);
    expect(result).toEqual({ noWebhookResponse: true });
    expect(response.status).toBe(401);
  });
});
