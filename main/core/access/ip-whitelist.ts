/**
 * IP rules for API keys and trusted proxies: IPv4 and IPv6 addresses and
 * CIDRs (ipaddr.js). IPv4-mapped IPv6 addresses (`::ffff:10.0.0.5`, what a
 * dual-stack socket reports) are compared as the IPv4 address they carry.
 */
import ipaddr from 'ipaddr.js';
import { invalid, type FieldIssue } from '../errors.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type IpRange = [Address, number];

/** What a wrong entry is told; the field's label ("IP Whitelist, line 3") goes before it. */
const notAnIpRule = (rule: string): string =>
  `${JSON.stringify(rule.length > 64 ? `${rule.slice(0, 64)}…` : rule)} is not an IP address or range: ` +
  'write an address such as 203.0.113.7 or a range such as 10.0.0.0/8';

/** Unwraps `::ffff:a.b.c.d` to a.b.c.d; everything else unchanged. */
function normalize(address: Address): Address {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (address as ipaddr.IPv6).toIPv4Address();
  }
  return address;
}

/** Strict parsing: four-part decimal IPv4 only (ipaddr.js would also take `0x7f.1`). */
function parseAddress(text: string): Address | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (ipaddr.IPv6.isValid(text)) return normalize(ipaddr.IPv6.parse(text));
  return null;
}

/** One rule as a range: an address is a CIDR of its full length. Null when it is neither. */
export function parseIpRule(rule: string): IpRange | null {
  const text = rule.trim();
  const slash = text.indexOf('/');
  if (slash === -1) {
    const address = parseAddress(text);
    return address ? [address, address.kind() === 'ipv4' ? 32 : 128] : null;
  }
  const base = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bitsText)) return null;
  const bits = Number(bitsText);
  if (ipaddr.IPv4.isValidFourPartDecimal(base)) return bits <= 32 ? [ipaddr.IPv4.parse(base), bits] : null;
  if (!ipaddr.IPv6.isValid(base) || bits > 128) return null;
  const v6 = ipaddr.IPv6.parse(base);
  // ::ffff:10.0.0.0/104 is 10.0.0.0/8 written the IPv6 way.
  if (v6.isIPv4MappedAddress() && bits >= 96) return [v6.toIPv4Address(), bits - 96];
  return [v6, bits];
}

/** The rules, trimmed, or a 422 naming each bad entry (`IP Whitelist, line 3: "x" is not an IP address or range…`). */
export function validateIpRules(rules: readonly string[], field = 'ipWhitelist'): string[] {
  const issues: FieldIssue[] = [];
  rules.forEach((rule, index) => {
    if (!parseIpRule(rule)) issues.push({ path: `${field}.${index}`, message: notAnIpRule(rule.trim()) });
  });
  if (issues.length > 0) throw invalid(issues);
  return rules.map((rule) => rule.trim());
}

export function parseIp(ip: string): Address | null {
  // Node may report a zone (`fe80::1%eth0`); the zone plays no part in matching.
  const bare = ip.includes('%') ? ip.slice(0, ip.indexOf('%')) : ip;
  return parseAddress(bare);
}

/** True when the address falls in any of the ranges; an empty list matches nothing. */
export function ipMatchesAny(ip: string, ranges: readonly IpRange[]): boolean {
  const address = parseIp(ip);
  if (!address) return false;
  return ranges.some(([base, bits]) => base.kind() === address.kind() && address.match(base, bits));
}

/** Compiles rules once; invalid rules (only possible in hand-edited data) are skipped. */
export function compileIpRules(rules: readonly string[]): IpRange[] {
  return rules.map(parseIpRule).filter((range): range is IpRange => range !== null);
}

/**
 * Addresses already shown (a pure function's memo, no request state): every API call shows its
 * address for the incoming log, calls come from few addresses, and parsing one costs more than
 * the rest of the log line. Bounded, so a flood from many addresses only empties it.
 */
const displayed = new Map<string, string>();
const DISPLAYED_MAX = 1024;
/** The longest address text (IPv6 with an IPv4 tail); anything longer is not an address. */
const MEMO_LENGTH_MAX = 45;

/** The canonical text of an address (IPv4-mapped IPv6 shown as IPv4), for logs and messages. */
export function displayIp(ip: string): string {
  let shown = displayed.get(ip);
  if (shown === undefined) {
    const address = parseIp(ip);
    shown = address ? address.toString() : ip;
    if (ip.length > MEMO_LENGTH_MAX) return shown;
    if (displayed.size >= DISPLAYED_MAX) displayed.clear();
    displayed.set(ip, shown);
  }
  return shown;
}

