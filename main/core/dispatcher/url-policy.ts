/**
 * Which URLs may receive webhooks. HTTPS is required, except for receivers on
 * this machine or the local network (a local n8n), where plain http is normal.
 * Subscriptions made through REST hooks by an API key are held to more: a
 * public HTTPS URL or the caller's own address, so a key cannot aim
 * deliveries at other machines on the owner's network.
 */
import ipaddr from 'ipaddr.js';
import { invalid } from '../errors.js';

const LOCAL_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'linkLocal']);

/** The URL's host without IPv6 brackets, lower-cased. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function parseIp(host: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (!ipaddr.isValid(host)) return undefined;
  const parsed = ipaddr.parse(host);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed;
}

/** Loopback, private-LAN (10/8, 172.16/12, 192.168/16, fc00::/7, fe80::/10) or a `.local`/`localhost` name. */
export function isLocalHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true;
  const ip = parseIp(host);
  if (!ip) return false;
  const range = ip.range();
  if (ip.kind() === 'ipv4' && range === 'linkLocal') return false; // 169.254/16 is not on the list
  return LOCAL_RANGES.has(range);
}

/** A public unicast address (not loopback, private, link-local, reserved …). */
export function isPublicAddress(address: string): boolean {
  const ip = parseIp(address);
  return ip !== undefined && ip.range() === 'unicast';
}

/** True when the URL's host is an IP literal rather than a name. */
export function hostIsIpLiteral(url: string): boolean {
  return parseIp(bareHost(new URL(url))) !== undefined;
}

/** The same address, however it is written (::ffff:10.0.0.1 is 10.0.0.1). */
export function sameAddress(a: string, b: string): boolean {
  const ipA = parseIp(a);
  const ipB = parseIp(b);
  return (
    ipA !== undefined && ipB !== undefined && ipA.kind() === ipB.kind() && ipA.toString() === ipB.toString()
  );
}

function refuse(message: string): never {
  throw invalid([{ path: 'url', message }], `url: ${message}`);
}

/** Parses and checks a webhook URL the owner enters; throws a 422 naming `url`. */
export function checkWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    refuse('must be a full URL such as https://example.com/webhooks/dversum');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    refuse(
      `must start with https:// (or http:// for a receiver on this machine or network), not ${url.protocol}//`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    refuse(
      'must not contain a user name or password; remove them and use the custom header (headerName, headerValue) to authenticate',
    );
  }
  if (url.protocol === 'http:' && !isLocalHost(bareHost(url))) {
    refuse(
      `must use https:// for the public host ${url.hostname}; plain http:// is allowed only for localhost, ` +
        'private-network addresses (10.x, 172.16–31.x, 192.168.x, fc00::/7, fe80::/10) and .local names',
    );
  }
  return url;
}

/**
 * REST hooks (an API key subscribing itself): a public HTTPS URL, or any URL
 * on the caller's own address.
 */
export function checkRestHookUrl(raw: string, callerIp: string): URL {
  const url = checkWebhookUrl(raw);
  const host = bareHost(url);
  if (sameAddress(host, callerIp)) return url;
  const ip = parseIp(host);
  const isPublic = !isLocalHost(host) && (ip === undefined || ip.range() === 'unicast');
  if (url.protocol !== 'https:' || !isPublic) {
    refuse(
      `a subscription made with an API key must target a public https:// URL or your own address (${callerIp}); ` +
        `${url.host} is neither`,
    );
  }
  return url;
}
