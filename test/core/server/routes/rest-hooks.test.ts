import { lookup, type LookupOptions } from 'node:dns';
import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Permission } from '../../../../contract/index.js';
import { ManualClock } from '../../../../main/core/clock.js';
import { buildServer } from '../../../../main/core/server/app.js';
import { openHarness, type Harness } from '../../../support/core.js';
import type { DispatcherOptions } from '../../../../main/core/dispatcher/dispatcher.js';
import type { DnsLookup } from '../../../../main/core/dispatcher/http-sender.js';
import { Receiver } from '../../../support/receiver.js';
import { ALL_READ } from '../../../support/rest-hook-client.js';

let h: Harness;
let app: FastifyInstance;
let receiver: Receiver | undefined;
afterEach(async () => {
  await app?.close();
  await h?.core.close();
  await receiver?.close();
  receiver = undefined;
});

function setup(dispatcher?: DispatcherOptions) {
  h = openHarness({ clock: new ManualClock(Date.now()), ...(dispatcher ? { dispatcher } : {}) });
  app = buildServer(h.core);
  // Subscribing needs the events' read permissions too (rest-hook-subscribe.test.ts); `*` needs them all.
  return (permissions: Permission[] = ALL_READ) => h.core.keys.create({ name: 'zapier', permissions }).key;
}

const as = (key: string, remoteAddress = '203.0.113.7') => ({
  authorization: `Bearer ${key}`,
  remoteAddress,
});

function call(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  auth: { authorization: string; remoteAddress: string },
  payload?: unknown,
) {
  return app.inject({
    method,
    url,
    remoteAddress: auth.remoteAddress,
    headers: {
      authorization: auth.authorization,
      ...(payload ? { 'content-type': 'application/json' } : {}),
    },
    ...(payload ? { payload: JSON.stringify(payload) } : {}),
  });
}

describe('REST hooks (/api/v1/webhooks)', () => {
  it('needs a key with webhooks:manage', async () => {
    const key = setup();
    const none = await app.inject({ method: 'GET', url: '/api/v1/webhooks' });
    expect(none.statusCode).toBe(401);
    const writer = await call('GET', '/api/v1/webhooks', as(key(['tasks:write'])));
    expect(writer.statusCode).toBe(403);
    expect(writer.json()).toEqual({
      error: {
        code: 'forbidden',
        message: 'This key may not Manage webhook subscriptions (webhooks:manage)',
      },
    });
  });

  it('subscribes a public HTTPS URL (201), returns the same subscription for the same URL and events (200), unsubscribes (204)', async () => {
    const key = setup();
    const auth = as(key());
    const body = {
      url: 'https://hooks.zapier.com/hooks/catch/123/abc',
      events: ['task.created', 'task.completed'],
    };
    const first = await call('POST', '/api/v1/webhooks', auth, body);
    expect(first.statusCode).toBe(201);
    const created = first.json();
    expect(created).toMatchObject({
      name: 'REST hook: hooks.zapier.com',
      source: 'api',
      enabled: true,
      events: body.events,
    });
    expect(created.secret).toMatch(/^whsec_/);

    const again = await call('POST', '/api/v1/webhooks', auth, {
      ...body,
      events: ['task.completed', 'task.created'],
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(created.id);
    const other = await call('POST', '/api/v1/webhooks', auth, { ...body, events: ['task.created'] });
    expect(other.statusCode).toBe(201);

    const list = await call('GET', '/api/v1/webhooks', auth);
    expect(
      list
        .json()
        .items.map((w: { id: string }) => w.id)
        .sort(),
    ).toEqual([created.id, other.json().id].sort());
    expect((await call('GET', `/api/v1/webhooks/${created.id}`, auth)).json().id).toBe(created.id);

    expect((await call('DELETE', `/api/v1/webhooks/${created.id}`, auth)).statusCode).toBe(204);
    const gone = await call('DELETE', `/api/v1/webhooks/${created.id}`, auth);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.message).toBe(`No webhook subscription with id ${created.id}`);
  });

  it('refuses targets on the owner’s network or plain http, except the caller’s own address', async () => {
    const key = setup();
    const lanCaller = as(key(), '192.168.1.50');
    const refused = await call('POST', '/api/v1/webhooks', lanCaller, {
      url: 'http://192.168.1.51:5678/webhook/x',
      events: ['*'],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toEqual({
      code: 'validation_failed',
      message:
        'URL: a subscription made with an API key must target a public https:// URL or your own address (192.168.1.50); 192.168.1.51:5678 is neither',
      details: {
        fields: [
          {
            path: 'url',
            message:
              'URL: a subscription made with an API key must target a public https:// URL or your own address (192.168.1.50); 192.168.1.51:5678 is neither',
          },
        ],
      },
    });
    for (const url of [
      'https://10.0.0.5/x',
      'https://localhost/x',
      'https://[::1]/x',
      'https://169.254.169.254/x',
    ]) {
      expect((await call('POST', '/api/v1/webhooks', lanCaller, { url, events: ['*'] })).statusCode).toBe(
        422,
      );
    }
    const publicHttp = await call('POST', '/api/v1/webhooks', as(key()), {
      url: 'http://hooks.example.com/x',
      events: ['*'],
    });
    expect(publicHttp.statusCode).toBe(422);
    expect(publicHttp.json().error.message).toMatch(
      /^URL: must use https:\/\/ for the public host hooks\.example\.com/,
    );

    const own = await call('POST', '/api/v1/webhooks', lanCaller, {
      url: 'http://192.168.1.50:5678/webhook/x',
      events: ['*'],
    });
    expect(own.statusCode).toBe(201);

    const badEvent = await call('POST', '/api/v1/webhooks', lanCaller, {
      url: 'https://e.example.com/x',
      events: ['nope'],
    });
    expect(badEvent.statusCode).toBe(422);
    expect(badEvent.json().error.details.fields[0].path).toBe('events.0');
    const empty = await call('POST', '/api/v1/webhooks', lanCaller, {
      url: 'https://e.example.com/x',
      events: [],
    });
    expect(empty.statusCode).toBe(422);
  });

  it('a key sees and deletes only its own subscriptions, never the owner’s webhooks', async () => {
    const key = setup();
    const owners = await h.call('webhooks.create', {
      name: 'Owner',
      url: 'https://example.com/owner',
      events: ['*'],
    });
    const auth = as(key());
    expect((await call('GET', '/api/v1/webhooks', auth)).json()).toEqual({ items: [] });
    expect((await call('GET', `/api/v1/webhooks/${owners.id}`, auth)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/webhooks/${owners.id}`, auth)).statusCode).toBe(404);
    expect((await h.call('webhooks.list')).items).toHaveLength(1);
  });

  it('a subscription to a name that resolves to this machine is refused when sending (no DNS tricks)', async () => {
    // The name's DNS answer changed to point at this machine after the subscription was checked.
    const toThisMachine = ((_name: string, options: LookupOptions, callback: never) =>
      lookup('127.0.0.1', options, callback)) as unknown as DnsLookup;
    const key = setup({ dnsLookup: toThisMachine });
    receiver = await Receiver.start();
    const port = new URL(receiver.url).port;
    const res = await call('POST', '/api/v1/webhooks', as(key()), {
      url: `https://hooks.example.com:${port}/hook`,
      events: ['*'],
    });
    expect(res.statusCode).toBe(201);
    h.record('task.created');
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(0);
    const [item] = (await h.call('log.list', {})).items;
    expect((await h.call('log.get', { id: item.id })).lastError).toBe(
      'ENOTPUBLIC: hooks.example.com resolves to 127.0.0.1, which is not a public address; a subscription made with an API key may not reach this machine or the local network',
    );
  });

  it('a subscription to the caller’s own receiver gets the events, signed', async () => {
    const key = setup();
    receiver = await Receiver.start();
    const res = await call('POST', '/api/v1/webhooks', as(key(), '127.0.0.1'), {
      url: receiver.url,
      events: ['task.created'],
    });
    expect(res.statusCode).toBe(201);
    h.record('task.created', { id: 'tsk_x' });
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);
    expect(() =>
      new Webhook(res.json().secret).verify(
        receiver!.received[0].body,
        receiver!.received[0].headers as Record<string, string>,
      ),
    ).not.toThrow();
  });
});
