/**
 * The IP whitelist: its rules (`access/ip-whitelist.ts`), then a key's whitelist
 * gating real incoming calls (through fastify.inject from a given address).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors.js';
import {
  compileIpRules,
  displayIp,
  ipMatchesAny,
  parseIpRule,
  validateIpRules,
} from '../../../main/core/access/ip-whitelist.js';
import { createHarness, errorOf, INCOMING, type Harness } from '../../support/server.js';

const WHAT_TO_DO = 'write an address such as 203.0.113.7 or a range such as 10.0.0.0/8';

const allows = (rules: string[], ip: string) => ipMatchesAny(ip, compileIpRules(rules));

describe('IP rules', () => {
  it('match IPv4 addresses and CIDRs', () => {
    expect(allows(['203.0.113.7'], '203.0.113.7')).toBe(true);
    expect(allows(['203.0.113.7'], '203.0.113.8')).toBe(false);
    expect(allows(['10.0.0.0/8'], '10.255.1.2')).toBe(true);
    expect(allows(['10.0.0.0/8'], '11.0.0.1')).toBe(false);
    expect(allows(['192.168.1.0/24', '203.0.113.7'], '192.168.1.200')).toBe(true);
    expect(allows(['0.0.0.0/0'], '8.8.8.8')).toBe(true);
  });

  it('match IPv6 addresses and CIDRs, in any spelling', () => {
    expect(allows(['2001:db8::1'], '2001:0db8:0000:0000:0000:0000:0000:0001')).toBe(true);
    expect(allows(['2001:db8::/32'], '2001:db8:abcd::42')).toBe(true);
    expect(allows(['2001:db8::/32'], '2001:db9::1')).toBe(false);
    expect(allows(['::1'], '::1')).toBe(true);
    expect(allows(['fe80::/10'], 'fe80::1%eth0')).toBe(true);
  });

  it('treat IPv4-mapped IPv6 addresses as the IPv4 address they carry', () => {
    expect(allows(['127.0.0.1'], '::ffff:127.0.0.1')).toBe(true);
    expect(allows(['10.0.0.0/8'], '::ffff:10.1.2.3')).toBe(true);
    expect(allows(['::ffff:10.0.0.0/104'], '10.9.9.9')).toBe(true);
    expect(allows(['::ffff:192.168.0.5'], '192.168.0.5')).toBe(true);
    expect(displayIp('::ffff:10.1.2.3')).toBe('10.1.2.3');
  });

  it('never match across families or match garbage', () => {
    expect(allows(['10.0.0.1'], '::a00:1')).toBe(false);
    expect(allows(['10.0.0.1'], 'not-an-ip')).toBe(false);
    expect(allows([], '10.0.0.1')).toBe(false);
  });

  it('refuse entries that are not addresses or CIDRs, naming each', () => {
    for (const bad of [
      '10.0.0',
      '10.0.0.256',
      '0x7f.1',
      '10.0.0.0/33',
      '2001:db8::/129',
      'localhost',
      '10.0.0.0/',
      '1.2.3.4/a',
    ]) {
      expect(parseIpRule(bad), bad).toBeNull();
    }
    try {
      validateIpRules(['10.0.0.1', '2001:db8::/32', 'example.com', ' 192.168.0.0/16 ', '300.1.1.1']);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      const error = err as AppError;
      expect(error.status).toBe(422);
      const line3 = `IP Whitelist, line 3: "example.com" is not an IP address or range: ${WHAT_TO_DO}`;
      const line5 = `IP Whitelist, line 5: "300.1.1.1" is not an IP address or range: ${WHAT_TO_DO}`;
      expect(error.message).toBe(`${line3}; ${line5}`);
      expect(error.details).toEqual({
        fields: [
          { path: 'ipWhitelist.2', message: line3 },
          { path: 'ipWhitelist.4', message: line5 },
        ],
      });
    }
    expect(validateIpRules([' 192.168.0.0/16 '])).toEqual(['192.168.0.0/16']);
  });
});

describe('IP whitelist on API keys', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  const createTask = (key: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    h.call(key, {
      method: 'POST',
      url: `${INCOMING}/tasks`,
      payload: { title: 'x' },
      remoteAddress,
      headers,
    });

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
    expect(errorOf(res).message).toBe(
      `IP Whitelist, line 3: "my-laptop" is not an IP address or range: ${WHAT_TO_DO}`,
    );
    expect((await h.admin('keys.list', {})).json().items).toEqual([]);

    const key = (await h.admin('keys.create', { name: 'n8n', permissions: ['tasks:write'] })).json();
    const update = await h.admin('keys.update', { id: key.id, ipWhitelist: ['10.0.0.0/40'] });
    expect(update.statusCode).toBe(422);
    expect(errorOf(update).message).toBe(
      `IP Whitelist, line 1: "10.0.0.0/40" is not an IP address or range: ${WHAT_TO_DO}`,
    );
    const proxies = await h.admin('settings.update', { trustedProxies: ['proxy.local'] });
    expect(proxies.statusCode).toBe(422);
    expect(errorOf(proxies).message).toBe(
      `Trusted proxies, line 1: "proxy.local" is not an IP address or range: ${WHAT_TO_DO}`,
    );
  });
});
