import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors.js';
import {
  compileIpRules,
  displayIp,
  ipMatchesAny,
  parseIpRule,
  validateIpRules,
} from '../../../main/core/access/ip-whitelist.js';

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
      expect(error.message).toBe(
        'Invalid input: ipWhitelist.2: not an IP address or CIDR; ipWhitelist.4: not an IP address or CIDR',
      );
      expect(error.details).toEqual({
        fields: [
          { path: 'ipWhitelist.2', message: 'not an IP address or CIDR' },
          { path: 'ipWhitelist.4', message: 'not an IP address or CIDR' },
        ],
      });
    }
    expect(validateIpRules([' 192.168.0.0/16 '])).toEqual(['192.168.0.0/16']);
  });
});
