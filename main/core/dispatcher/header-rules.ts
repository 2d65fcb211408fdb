/**
 * Which static header a webhook may carry (`headerName`, `headerValue`): checked
 * when it is saved (webhooks-service.ts) and again when it is sent (attempt.ts),
 * since a webhook stored by an older version may hold one these rules refuse.
 *
 * The HTTP client (undici, http-sender.ts) writes the connection and the framing
 * itself, so these names are refused, case-insensitively:
 * - undici throws for `Expect` (UND_ERR_NOT_SUPPORTED), `Upgrade`, `Keep-Alive`
 *   and `Transfer-Encoding` (UND_ERR_INVALID_ARG): every delivery would fail;
 * - it takes `Host`, `Content-Length` and `Connection` for itself: `Host` replaces
 *   the URL's host, a `Content-Length` that is not the body's length fails the
 *   request, `Connection` is never sent;
 * - `TE`, `Trailer` and `Proxy-*` are hop-by-hop: they speak to the next hop (a
 *   proxy), not to the receiver, and `TE` must be listed in a `Connection` header
 *   the client writes itself.
 * test/core/dispatcher/header-rules.test.ts shows each against a loopback receiver.
 * dVersum itself sets `content-type`, `user-agent` and the Standard Webhooks headers.
 */

const CLIENT_MANAGED = new Set([
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'host',
  'content-length',
  'transfer-encoding',
]);

const SET_BY_DVERSUM = new Set([
  'content-type',
  'user-agent',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);

/** RFC 9110's token: what a header name may be made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What undici (like Node) accepts in a value: tab, visible ASCII, Latin-1. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export const isClientManagedHeader = (name: string): boolean => {
  const lower = name.toLowerCase();
  return CLIENT_MANAGED.has(lower) || lower.startsWith('proxy-');
};

/** Why this name cannot be a webhook's static header, or null when it can. */
export function headerNameProblem(name: string): string | null {
  if (!TOKEN.test(name)) {
    return (
      `Header ${JSON.stringify(name)} cannot be sent: a header name has only letters, digits and ` +
      'characters such as - and _ (no spaces). Use a name such as X-Api-Key.'
    );
  }
  if (isClientManagedHeader(name)) {
    return `Header "${name}" cannot be set: the HTTP client manages it. Remove it.`;
  }
  if (SET_BY_DVERSUM.has(name.toLowerCase())) {
    return `${name} is set by dVersum itself; choose another name such as X-Api-Key`;
  }
  return null;
}

/** Why this value cannot be sent, or null when it can. */
export function headerValueProblem(value: string): string | null {
  if (/[\r\n]/.test(value)) return 'must be on one line';
  if (FIELD_VALUE.test(value)) return null;
  const bad = [...value].find((char) => !FIELD_VALUE.test(char))!;
  if (bad.codePointAt(0)! < 0x100) {
    const code = `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return `contains a control character (${code}) that HTTP cannot send: remove it`;
  }
  return (
    `contains ${JSON.stringify(bad)}, which an HTTP header cannot carry: ` +
    'use plain ASCII characters (encode the value, for example in Base64, if it needs others)'
  );
}

/** Why a stored header is not sent (the delivery goes without it), or null when it is sent. */
export function unsendableHeader(name: string, value: string): string | null {
  const nameProblem = headerNameProblem(name);
  if (nameProblem) return nameProblem;
  const valueProblem = headerValueProblem(value);
  return valueProblem ? `the value of header "${name}" ${valueProblem}` : null;
}
