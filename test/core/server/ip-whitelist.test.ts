import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, errorOf, INCOMING, type Harness } from '../../support/server.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const createTask = (key: string, remoteAddress: string, headers: Record<string, string> = {}) =>
  h.call(key, { method: 'POST', url: `${INCOMING}/tasks`, payload: { title: 'x' }, remoteAddress, headers });

describe('IP whitelist on API keys', () => {
  it('IPv4 address and CIDR: inside is accepted, outside is a 403 naming the address', async () => {
    const key = h.key(['tasks:write'], ['203.0.113.7', '10.0.0.0/8']);
    expect((await createTask(key, '203.0.113.7')).statusCode).toBe(201);
    expect((await createTask(key, '10.20.30.40')).statusCode).toBe(201);
    const outside = await createTask(key, '198.51.100.1');
    expect(outside.statusCode).toBe(403);
    expect(errorOf(outside)).toEqual({
      code: 'forbidden',
      message: "IP address 198.51.100.1 is not on this API key's IP whitelist",
    });
  });

  it('IPv6 address and CIDR, and IPv4-mapped IPv6 from a dual-stack socket', async () => {
    const key = h.key(['tasks:write'], ['2001:db8::/32', '::1', '192.168.1.0/24']);
    expect((await createTask(key, '2001:db8::abcd')).statusCode).toBe(201);
    expect((await createTask(key, '::1')).statusCode).toBe(201);
    expect((await createTask(key, '::ffff:192.168.1.9')).statusCode).toBe(201);
    const outside = await createTask(key, '2001:db9::1');
    expect(outside.statusCode).toBe(403);
    expect(errorOf(outside).message).toBe("IP address 2001:db9::1 is not on this API key's IP whitelist");
    const mappedOutside = await createTask(key, '::ffff:192.168.2.1');
    expect(errorOf(mappedOutside).message).toBe(
      "IP address 192.168.2.1 is not on this API key's IP whitelist",
    );
  });

  it('a key without a whitelist is accepted from anywhere', async () => {
    const key = h.key(['tasks:write']);
    expect((await createTask(key, '198.51.100.1')).statusCode).toBe(201);
    expect((await createTask(key, '2001:db8::1')).statusCode).toBe(201);
  });

  it('X-Forwarded-For is believed only from a trusted proxy', async () => {
    const key = h.key(['tasks:write'], ['203.0.113.7']);
    // Not trusted yet: the header is ignored, the socket address counts.
    const spoofed = await createTask(key, '198.51.100.1', { 'x-forwarded-for': '203.0.113.7' });
    expect(spoofed.statusCode).toBe(403);
    expect(errorOf(spoofed).message).toContain('198.51.100.1');

    await h.admin('settings.update', { trustedProxies: ['198.51.100.0/24'] });
    const viaProxy = await createTask(key, '198.51.100.1', { 'x-forwarded-for': '203.0.113.7' });
    expect(viaProxy.statusCode).toBe(201);
    // A proxy outside the list still cannot vouch for anyone.
    const otherProxy = await createTask(key, '192.0.2.1', { 'x-forwarded-for': '203.0.113.7' });
    expect(otherProxy.statusCode).toBe(403);
  });

  it('refuses a whitelist entry that is not an address or CIDR, naming it (422)', async () => {
    const res = await h.admin('keys.create', {
      name: 'n8n',
      permissions: ['tasks:write'],
      ipWhitelist: ['10.0.0.1', '2001:db8::/32', 'my-laptop'],
    });
    expect(res.statusCode).toBe(422);
    expect(errorOf(res).message).toBe('Invalid input: ipWhitelist.2: not an IP address or CIDR');
    expect((await h.admin('keys.list', {})).json().items).toEqual([]);

    const key = (await h.admin('keys.create', { name: 'n8n', permissions: ['tasks:write'] })).json();
    const update = await h.admin('keys.update', { id: key.id, ipWhitelist: ['10.0.0.0/40'] });
    expect(update.statusCode).toBe(422);
    expect(errorOf(update).message).toBe('Invalid input: ipWhitelist.0: not an IP address or CIDR');
    const proxies = await h.admin('settings.update', { trustedProxies: ['proxy.local'] });
    expect(proxies.statusCode).toBe(422);
    expect(errorOf(proxies).message).toBe('Invalid input: trustedProxies.0: not an IP address or CIDR');
  });
});
