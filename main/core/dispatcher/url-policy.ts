/**
 * Which URLs may receive webhooks. HTTPS is required, except for receivers on
 * this machine or the local network (a local n8n), where plain http is normal.
 * Subscriptions made through REST hooks by an API key are held to more: a
 * public HTTPS URL or the caller's own address (never dVersum's own port), so
 * a key cannot aim deliveries at other machines on the owner's network or at
 * dVersum itself.
 *
 * Names are read as DNS reads them: a trailing dot is the same name
 * (`localhost.` is `localhost`), and every `localhost` name (`foo.localhost`,
 * any case) is this machine (RFC 6761): a loopback address for every rule here,
 * so a key on loopback may subscribe `https://localhost:5678` as its own address,
 * never dVersum's own port, and nobody else may.
 */
import type ipaddr from 'ipaddr.js';
import { parseIp as parseAddress } from '../access/ip-whitelist.js';
import { invalid } from '../errors.js';

const LOCAL_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'linkLocal']);

/** The URL's host without IPv6 brackets, lower-cased. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** A name as DNS reads it: lower-cased, without the one trailing dot of a fully qualified name. */
const asName = (host: string): string => host.toLowerCase().replace(/\.$/, '');

/** `localhost` and every name under it, however written (`LOCALHOST`, `localhost.`, `foo.localhost`). */
export function isLoopbackName(host: string): boolean {
  const name = asName(host);
  return name === 'localhost' || name.endsWith('.localhost');
}

/** An IP literal as the IP rules read it (`access/ip-whitelist.ts`): ::ffff:a.b.c.d as IPv4, no zone. */
const parseIp = (host: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined => parseAddress(host) ?? undefined;

/** Loopback, private-LAN (10/8, 172.16/12, 192.168/16, fc00::/7, fe80::/10) or a `.local`/`localhost` name. */
export function isLocalHost(host: string): boolean {
  if (isLoopbackName(host) || asName(host).endsWith('.local')) return true;
  const ip = parseIp(host);
  if (!ip) return false;
  const range = ip.range();
  if (ip.kind() === 'ipv4' && range === 'linkLocal') return false; // 169.254/16 is not on the list
  return LOCAL_RANGES.has(range);
}

/**
 * ipaddr.js calls IPv4-compatible IPv6 (`::a.b.c.d`, ::/96, deprecated) plain unicast; it is not
 * public: it embeds an IPv4 address (`[::7f00:1]` is 127.0.0.1) that a stack may still route.
 */
function rangeOf(ip: ipaddr.IPv4 | ipaddr.IPv6): string {
  if (ip.kind() === 'ipv6') {
    const parts = (ip as ipaddr.IPv6).parts;
    const inV4Compatible = parts.slice(0, 6).every((p) => p === 0);
    if (inV4Compatible && !(parts[6] === 0 && parts[7] <= 1)) return 'ipv4Compatible'; // :: and ::1 keep theirs
  }
  return ip.range();
}

/** A public unicast address (not loopback, private, link-local, reserved, ::/96 …). */
export function isPublicAddress(address: string): boolean {
  const ip = parseIp(address);
  return ip !== undefined && rangeOf(ip) === 'unicast';
}

/** A receiver on this machine (a local n8n): never held while the network is away. */
export function isLoopbackUrl(url: string): boolean {
  return isLoopbackHost(bareHost(new URL(url)));
}

/** localhost names and loopback addresses, however written (::ffff:127.0.0.1 too). */
function isLoopbackHost(host: string): boolean {
  if (isLoopbackName(host)) return true;
  return parseIp(host)?.range() === 'loopback';
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
  throw invalid([{ path: 'url', message }]);
}

/** A full http(s) URL without credentials; throws a 422 naming `url`. */
function parseWebhookUrl(raw: string): URL {
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
  return url;
}

function refuseHttpToPublicHost(url: URL): never {
  refuse(
    `must use https:// for the public host ${url.hostname}; plain http:// is allowed only for localhost, ` +
      'private-network addresses (10.x, 172.16–31.x, 192.168.x, fc00::/7, fe80::/10) and .local names',
  );
}

/** Parses and checks a webhook URL the owner enters; throws a 422 naming `url`. */
export function checkWebhookUrl(raw: string): URL {
  const url = parseWebhookUrl(raw);
  if (url.protocol === 'http:' && !isLocalHost(bareHost(url))) refuseHttpToPublicHost(url);
  return url;
}

/** Who subscribes through REST hooks, as far as the server can tell. */
export interface RestHookCaller {
  /** The caller's address (behind a trusted proxy, the client it forwarded for). */
  ip: string;
  /**
   * The proxy header (X-Forwarded-For, Forwarded, CF-Connecting-IP) of a request whose client
   * address cannot be confirmed: then the caller's own address is unknown, and the rule is off.
   */
  unconfirmedProxyHeader?: string;
  /** The ports dVersum listens on: never a target of the own-address rule. */
  ownPorts: readonly number[];
}

const portOf = (url: URL): number =>
  url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;

/**
 * REST hooks (an API key subscribing itself): a public HTTPS URL, or any URL
 * on the caller's own address but dVersum's own port. Behind a tunnel or a
 * local reverse proxy every caller is 127.0.0.1, so a request with proxy
 * headers whose client cannot be confirmed has no own address.
 */
export function checkRestHookUrl(raw: string, caller: RestHookCaller): URL {
  const url = parseWebhookUrl(raw);
  const host = bareHost(url);
  // A localhost name is the caller's own address exactly when the caller is on loopback, as 127.0.0.1 is.
  const own = sameAddress(host, caller.ip) || (isLoopbackName(host) && isLoopbackHost(caller.ip));
  const ownAddress = caller.unconfirmedProxyHeader === undefined && own;
  const port = portOf(url);
  if ((ownAddress || isLoopbackHost(host)) && caller.ownPorts.includes(port)) {
    refuse(
      `a subscription made with an API key may not target port ${port}, where dVersum itself listens: ` +
        'give the port your receiver listens on',
    );
  }
  if (ownAddress) return url;
  const ip = parseIp(host);
  const isPublic = !isLocalHost(host) && (ip === undefined || rangeOf(ip) === 'unicast');
  if (url.protocol === 'http:' && isPublic) refuseHttpToPublicHost(url);
  if (url.protocol === 'https:' && isPublic) return url;
  if (caller.unconfirmedProxyHeader !== undefined) {
    refuse(
      'a subscription made with an API key must target a public https:// URL; your own address does not count, ' +
        `since this request came through a proxy whose client address dVersum cannot confirm (it carries ${caller.unconfirmedProxyHeader}; ` +
        `only X-Forwarded-For from a proxy in the setting trustedProxies is believed). ${url.host} is not a public https:// URL`,
    );
  }
  refuse(
    `a subscription made with an API key must target a public https:// URL or your own address (${caller.ip}); ` +
      `${url.host} is neither`,
  );
}
