/**
 * `settings.trustedProxies`: the proxies whose X-Forwarded-For is believed. A
 * list that covers every IPv4 or every IPv6 address (`0.0.0.0/0`, `::/0`,
 * `::ffff:0:0/96`, or ranges that add up to it such as `0.0.0.0/1` with
 * `128.0.0.0/1`) makes every client a proxy: each could then claim any
 * address and pass an IP whitelist. It is refused, citing the doc's section.
 */
import { invalid, type FieldIssue } from '../errors.js';
import { parseIpRule, validateIpRules, type IpRange } from './ip-whitelist.js';

export const TRUSTED_PROXIES_DOC = 'docs/remote-access.md, section "Trusted proxies: addresses, not ranges"';

const remedy =
  'every client could then claim any address through X-Forwarded-For and pass an IP whitelist. ' +
  `List only the address your tunnel or proxy connects from, such as 127.0.0.1 (${TRUSTED_PROXIES_DOC})`;

type Family = 'IPv4' | 'IPv6';
const WIDTH: Record<Family, number> = { IPv4: 32, IPv6: 128 };

/** A range as [first, last] numbers in its family. */
function span([base, bits]: IpRange): { family: Family; first: bigint; last: bigint } {
  const family: Family = base.kind() === 'ipv4' ? 'IPv4' : 'IPv6';
  const value = base.toByteArray().reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
  const hostBits = BigInt(WIDTH[family] - bits);
  const first = (value >> hostBits) << hostBits;
  return { family, first, last: first + (1n << hostBits) - 1n };
}

/**
 * IPv4-mapped IPv6 addresses (::ffff:0:0/96) never reach a rule as IPv6 (they are
 * compared as IPv4), so an IPv6 list that leaves only them out still covers every client.
 */
const MAPPED = { first: 0xffffn << 32n, last: (0xffffn << 32n) | 0xffffffffn };

function coversAll(ranges: { first: bigint; last: bigint }[], family: Family): boolean {
  const sorted = [...ranges, ...(family === 'IPv6' ? [MAPPED] : [])].sort((a, b) =>
    a.first < b.first ? -1 : a.first > b.first ? 1 : 0,
  );
  let next = 0n;
  for (const range of sorted) {
    if (range.first > next) return false;
    if (range.last + 1n > next) next = range.last + 1n;
  }
  return next >= 1n << BigInt(WIDTH[family]);
}

/** The rules, trimmed, or a 422: an entry that is no address, one that covers a whole family, or a list that does. */
export function validateTrustedProxies(rules: readonly string[]): string[] {
  const trimmed = validateIpRules(rules, 'trustedProxies');
  const spans = trimmed.map((rule) => span(parseIpRule(rule)!));
  const issues: FieldIssue[] = [];
  spans.forEach((s, index) => {
    if (coversAll([s], s.family)) {
      issues.push({
        path: `trustedProxies.${index}`,
        message: `${trimmed[index]} covers every ${s.family} address: ${remedy}`,
      });
    }
  });
  if (issues.length === 0) {
    for (const family of ['IPv4', 'IPv6'] as const) {
      if (
        coversAll(
          spans.filter((s) => s.family === family),
          family,
        )
      ) {
        issues.push({
          path: 'trustedProxies',
          message: `These ranges together cover every ${family} address: ${remedy}`,
        });
      }
    }
  }
  if (issues.length > 0) throw invalid(issues);
  return trimmed;
}
