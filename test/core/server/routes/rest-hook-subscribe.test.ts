/**
 * What a key may subscribe to through POST /api/v1/webhooks: only the events
 * it may read, only targets that are public or truly the caller's own, never
 * dVersum's own port, and at most `maxSubscriptionsPerKey` subscriptions.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../../../contract/index.js';
import { isPublicAddress } from '../../../../main/core/dispatcher/url-policy.js';
import { Receiver } from '../../../support/receiver.js';
import { openRestHookClient, type RestHookClient } from '../../../support/rest-hook-client.js';

let c: RestHookClient | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const urlRefusal = (message: string) => ({
  error: {
    code: 'validation_failed',
    message: `URL: ${message}`,
    details: { fields: [{ path: 'url', message: `URL: ${message}` }] },
  },
});

describe('a subscription carries only the events its key may read', () => {
  it('"*" with only webhooks:manage is a 403 naming every missing read permission', async () => {
    c = openRestHookClient();
    const { key } = c.key(['webhooks:manage']);
    const res = await c.subscribe({ key }, { url: 'https://hooks.example.com/x', events: ['*'] });
    expect(res.statusCode).toBe(403);
    // Every read permission, in the contract's order (test/contract/resources.test.ts pins that list).
    const EVERY_READ = PERMISSIONS.map((p) => p.id).filter((id) => id.endsWith(':read'));
    expect(EVERY_READ.slice(0, 3)).toEqual(['tasks:read', 'projects:read', 'clients:read']);
    expect(res.json()).toEqual({
      error: {
        code: 'forbidden',
        message:
          `This key may not receive every event ("*"): it needs the permissions ${EVERY_READ.join(', ')}. ` +
          'Add them to the key in Settings > Integrations, or subscribe to fewer events',
        details: { missingPermissions: EVERY_READ },
      },
    });
    expect((await c.h.call('webhooks.list')).items).toEqual([]);
  });

  it('names the events refused and the one permission they need', async () => {
    c = openRestHookClient();
    const { key } = c.key(['webhooks:manage', 'clients:read']);
    const one = await c.subscribe({ key }, { url: 'https://hooks.example.com/x', events: ['task.created'] });
    expect(one.statusCode).toBe(403);
    expect(one.json().error).toEqual({
      code: 'forbidden',
      message:
        'This key may not receive task.created: it needs the permission tasks:read. ' +
        'Add it to the key in Settings > Integrations, or subscribe to fewer events',
      details: { missingPermissions: ['tasks:read'] },
    });
    const some = await c.subscribe(
      { key },
      { url: 'https://hooks.example.com/x', events: ['invoice.paid', 'client.created', 'task.completed'] },
    );
    expect(some.statusCode).toBe(403);
    expect(some.json().error.message).toBe(
      'This key may not receive invoice.paid, task.completed: it needs the permissions tasks:read, invoices:read. ' +
        'Add them to the key in Settings > Integrations, or subscribe to fewer events',
    );
    const allowed = await c.subscribe(
      { key },
      { url: 'https://hooks.example.com/x', events: ['client.created', 'client.updated', 'webhook.test'] },
    );
    expect(allowed.statusCode).toBe(201);
  });
});

describe('"the caller’s own address" is not a way into this machine', () => {
  it('never allows dVersum’s own port, however the loopback address is written', async () => {
    c = openRestHookClient({ port: 4317 });
    const { key } = c.key();
    const message =
      'a subscription made with an API key may not target port 4317, where dVersum itself listens: give the port your receiver listens on';
    for (const url of [
      'http://127.0.0.1:4317/api/v1/webhooks/incoming/tasks',
      'http://[::ffff:127.0.0.1]:4317/api/v1/webhooks/incoming/tasks',
      'http://localhost:4317/admin/rpc/keys.create',
      'https://127.0.0.1:4317/x',
    ]) {
      const res = await c.subscribe({ key, from: '127.0.0.1' }, { url, events: ['task.created'] });
      expect({ url, status: res.statusCode, body: res.json() }).toEqual({
        url,
        status: 422,
        body: urlRefusal(message),
      });
    }
    const v6 = await c.subscribe(
      { key, from: '::1' },
      { url: 'http://[::1]:4317/api/v1/webhooks/incoming/tasks', events: ['task.created'] },
    );
    expect(v6.json()).toEqual(urlRefusal(message));
    // The scheme's default port counts too when dVersum listens there.
    const c80 = openRestHookClient({ port: 80 });
    try {
      const res = await c80.subscribe(
        { key: c80.key().key, from: '127.0.0.1' },
        { url: 'http://127.0.0.1/x', events: ['task.created'] },
      );
      expect(res.json().error.message).toBe(
        'URL: a subscription made with an API key may not target port 80, where dVersum itself listens: give the port your receiver listens on',
      );
    } finally {
      await c80.close();
    }
  });

  it('knows the port it is really bound to (a real socket)', async () => {
    c = openRestHookClient();
    await c.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (c.app.server.address() as AddressInfo).port;
    const { key } = c.key();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `http://127.0.0.1:${port}/api/v1/webhooks/incoming/tasks`, events: ['*'] }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(
      urlRefusal(
        `a subscription made with an API key may not target port ${port}, where dVersum itself listens: give the port your receiver listens on`,
      ),
    );
  });

  it('does not apply to a request with proxy headers from a peer that is not a trusted proxy', async () => {
    c = openRestHookClient();
    const { key } = c.key();
    for (const [header, headers] of [
      ['X-Forwarded-For', { 'x-forwarded-for': '198.51.100.20' }],
      ['Forwarded', { forwarded: 'for=198.51.100.20;proto=https' }],
      ['CF-Connecting-IP', { 'cf-connecting-ip': '198.51.100.20' }],
    ] as const) {
      const res = await c.subscribe(
        { key, from: '127.0.0.1', headers },
        { url: 'http://127.0.0.1:5678/webhook/x', events: ['task.created'] },
      );
      expect({ header, status: res.statusCode, body: res.json() }).toEqual({
        header,
        status: 422,
        body: urlRefusal(
          'a subscription made with an API key must target a public https:// URL; your own address does not count, ' +
            `since this request came through a proxy whose client address dVersum cannot confirm (it carries ${header}; ` +
            'only X-Forwarded-For from a proxy in the setting trustedProxies is believed). 127.0.0.1:5678 is not a public https:// URL',
        ),
      });
    }
    // A trusted proxy that says who the client is only in CF-Connecting-IP: the client is still unconfirmed.
    await c.h.call('settings.update', { trustedProxies: ['127.0.0.1'] });
    const cf = await c.subscribe(
      { key, from: '127.0.0.1', headers: { 'cf-connecting-ip': '127.0.0.1' } },
      { url: 'http://127.0.0.1:5678/webhook/x', events: ['task.created'] },
    );
    expect(cf.statusCode).toBe(422);
    expect((await c.h.call('webhooks.list')).items).toEqual([]);
  });

  it('behind a trusted proxy, the own address is the forwarded client’s', async () => {
    c = openRestHookClient();
    await c.h.call('settings.update', { trustedProxies: ['127.0.0.1'] });
    const { key } = c.key();
    const via = { key, from: '127.0.0.1', headers: { 'x-forwarded-for': '192.168.1.50' } };
    const own = await c.subscribe(via, {
      url: 'http://192.168.1.50:5678/webhook/x',
      events: ['task.created'],
    });
    expect(own.statusCode).toBe(201);
    const proxy = await c.subscribe(via, {
      url: 'http://127.0.0.1:5678/webhook/x',
      events: ['task.created'],
    });
    expect(proxy.statusCode).toBe(422);
    expect(proxy.json().error.message).toBe(
      'URL: a subscription made with an API key must target a public https:// URL or your own address (192.168.1.50); 127.0.0.1:5678 is neither',
    );
  });

  it('counts IPv4-compatible IPv6 (::/96) as not public', async () => {
    c = openRestHookClient();
    const { key } = c.key();
    for (const [url, host] of [
      ['http://[::7f00:1]/', '[::7f00:1]'],
      ['https://[::7f00:1]:8443/x', '[::7f00:1]:8443'],
      ['https://[::808:808]/x', '[::808:808]'],
    ]) {
      const res = await c.subscribe({ key, from: '127.0.0.1' }, { url, events: ['task.created'] });
      expect({ url, status: res.statusCode, body: res.json() }).toEqual({
        url,
        status: 422,
        body: urlRefusal(
          `a subscription made with an API key must target a public https:// URL or your own address (127.0.0.1); ${host} is neither`,
        ),
      });
    }
    // The same rule guards what a name resolves to when sending.
    expect(isPublicAddress('::7f00:1')).toBe(false);
    expect(isPublicAddress('::808:808')).toBe(false);
    expect(isPublicAddress('8.8.8.8')).toBe(true);
  });

  it('keeps the local n8n case: loopback, no proxy headers, another port', async () => {
    c = openRestHookClient({ port: 4317 });
    const { key } = c.key();
    for (const [from, url] of [
      ['127.0.0.1', 'http://127.0.0.1:5678/webhook/dversum'],
      ['::ffff:127.0.0.1', 'http://127.0.0.1:5679/webhook/dversum'],
      ['::1', 'http://[::1]:5678/webhook/dversum'],
    ]) {
      const res = await c.subscribe({ key, from }, { url, events: ['task.created'] });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 201 });
    }
  });
});

describe('localhost names are loopback, like 127.0.0.1', () => {
  const spellings = (port: number) => [
    `https://localhost.:${port}/webhook/x`,
    `http://localhost:${port}/webhook/x`,
    `http://LOCALHOST:${port}/webhook/x`,
    `http://foo.localhost:${port}/webhook/x`,
    `https://foo.localhost.:${port}/webhook/x`,
  ];

  it('never dVersum’s own port, however the name is written', async () => {
    c = openRestHookClient({ port: 4317 });
    const { key } = c.key();
    for (const url of spellings(4317)) {
      const res = await c.subscribe({ key, from: '127.0.0.1' }, { url, events: ['task.created'] });
      expect({ url, status: res.statusCode, body: res.json() }).toEqual({
        url,
        status: 422,
        body: urlRefusal(
          'a subscription made with an API key may not target port 4317, where dVersum itself listens: give the port your receiver listens on',
        ),
      });
    }
    expect((await c.h.call('webhooks.list')).items).toEqual([]);
  });

  it('the caller’s own address when the caller is on loopback, on another port', async () => {
    c = openRestHookClient({ port: 4317 });
    const { key } = c.key();
    for (const [n, spelling] of spellings(5678).entries()) {
      const url = `${spelling}-${n}`; // each its own subscription (LOCALHOST is localhost)
      const from = n % 2 === 0 ? '127.0.0.1' : '::1';
      const res = await c.subscribe({ key, from }, { url, events: ['task.created'] });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 201 });
      expect(res.json().url).toBe(new URL(url).toString());
    }
  });

  it('nobody else’s address: refused from another machine, and through an unconfirmed proxy', async () => {
    c = openRestHookClient({ port: 4317 });
    const { key } = c.key();
    for (const url of spellings(5678)) {
      const host = new URL(url).host;
      const res = await c.subscribe({ key, from: '203.0.113.7' }, { url, events: ['task.created'] });
      expect({ url, status: res.statusCode, body: res.json() }).toEqual({
        url,
        status: 422,
        body: urlRefusal(
          `a subscription made with an API key must target a public https:// URL or your own address (203.0.113.7); ${host} is neither`,
        ),
      });
      const proxied = await c.subscribe(
        { key, from: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.20' } },
        { url, events: ['task.created'] },
      );
      expect({ url, status: proxied.statusCode, body: proxied.json() }).toEqual({
        url,
        status: 422,
        body: urlRefusal(
          'a subscription made with an API key must target a public https:// URL; your own address does not count, ' +
            'since this request came through a proxy whose client address dVersum cannot confirm (it carries X-Forwarded-For; ' +
            `only X-Forwarded-For from a proxy in the setting trustedProxies is believed). ${host} is not a public https:// URL`,
        ),
      });
    }
    expect((await c.h.call('webhooks.list')).items).toEqual([]);
  });

  it('the owner’s own webhook may use plain http:// to a localhost name written with a trailing dot', async () => {
    c = openRestHookClient();
    const created = await c.h.call('webhooks.create', {
      name: 'Local n8n',
      url: 'http://localhost.:5678/webhook/x',
      events: ['*'],
    });
    expect(created.url).toBe('http://localhost.:5678/webhook/x');
  });

  it('a key’s subscription to a localhost name is delivered to this machine, never through DNS', async () => {
    c = openRestHookClient();
    const receiver = await Receiver.start();
    try {
      const port = new URL(receiver.origin).port;
      const { key } = c.key();
      const urls = [`http://localhost:${port}/hook/a`, `http://localhost.:${port}/hook/b`];
      for (const url of urls) {
        const res = await c.subscribe({ key, from: '127.0.0.1' }, { url, events: ['task.created'] });
        expect(res.statusCode).toBe(201);
      }
      c.h.record('task.created', { id: 'tsk_local' });
      await c.h.core.dispatcher.runDue();
      expect(
        receiver
          .deliveries()
          .map((d) => d.path)
          .sort(),
      ).toEqual(['/hook/a', '/hook/b']);
    } finally {
      await receiver.close();
    }
  });
});

describe('at most maxSubscriptionsPerKey subscriptions per key', () => {
  it('refuses the 26th with a 409 naming the setting; the same subscription again is still answered', async () => {
    c = openRestHookClient();
    const { key } = c.key();
    const other = c.key();
    const urls = Array.from({ length: 26 }, (_, i) => `https://hooks.example.com/${i}`);
    for (const url of urls.slice(0, 25)) {
      expect((await c.subscribe({ key }, { url, events: ['task.created'] })).statusCode).toBe(201);
    }
    const refused = await c.subscribe({ key }, { url: urls[25], events: ['task.created'] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({
      error: {
        code: 'conflict',
        message:
          'This API key already has 25 subscriptions, the most one key may hold (the setting maxSubscriptionsPerKey): ' +
          'delete one with DELETE /api/v1/webhooks/{id} first',
      },
    });
    expect((await c.subscribe({ key }, { url: urls[0], events: ['task.created'] })).statusCode).toBe(200);
    expect(
      (await c.subscribe({ key: other.key }, { url: urls[25], events: ['task.created'] })).statusCode,
    ).toBe(201);

    const first = (await c.call('GET', '/api/v1/webhooks', { key })).json().items[0].id;
    expect((await c.call('DELETE', `/api/v1/webhooks/${first}`, { key })).statusCode).toBe(204);
    expect((await c.subscribe({ key }, { url: urls[25], events: ['task.created'] })).statusCode).toBe(201);
  });

  it('follows the setting', async () => {
    c = openRestHookClient();
    await c.h.call('settings.update', { maxSubscriptionsPerKey: 1 });
    const { key } = c.key();
    expect((await c.subscribe({ key }, { url: 'https://a.example.com/', events: ['*'] })).statusCode).toBe(
      201,
    );
    const refused = await c.subscribe({ key }, { url: 'https://b.example.com/', events: ['*'] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/^This API key already has 1 subscription, the most/);
  });
});
