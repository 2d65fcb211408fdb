/**
 * One POST to a receiver, with undici and keep-alive per origin. Redirects are
 * not followed (a 3xx is a failure, as for Stripe and GitHub); only the first
 * KiB of the response body is read, then the body is destroyed, so a receiver
 * answering 100 MiB costs nothing; the whole exchange has one timeout.
 */
import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { performance } from 'node:perf_hooks';
import { Agent, request } from './undici-lean.js';
import { isLoopbackName, isPublicAddress } from './url-policy.js';

export const RESPONSE_BODY_LIMIT = 1024;
export const USER_AGENT = 'dVersum-Webhooks/1.0 (+https://dversum.com)';

export interface SendResult {
  statusCode: number | null;
  /** The first KiB of the response body, as text. */
  body: string | null;
  /** Why the attempt failed at the network level (refused, timed out, …); null when an answer came. */
  error: string | null;
  retryAfter: string | null;
  location: string | null;
  durationMs: number;
  /** Never made, and never can be (the event's data is unreadable): the delivery fails at once. */
  unsendable?: true;
}

/** `node:dns`'s `lookup` (the default); tests give one whose answers they choose. */
export type DnsLookup = typeof lookup;

export interface SenderOptions {
  /** Connections kept per origin (keep-alive). */
  connectionsPerOrigin?: number;
  /** How names are resolved for a key's subscription (node:dns `lookup` unless given). */
  dnsLookup?: DnsLookup;
}

async function readFirstBytes(
  body: AsyncIterable<Buffer> & { destroy(): void },
  limit: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break; // leaving the loop destroys the body: the rest is never read
  }
  body.destroy();
  return Buffer.concat(chunks).subarray(0, limit);
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

const LOOPBACK: LookupAddress[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
];

/**
 * A DNS lookup that refuses names resolving to this machine or the local
 * network: a REST-hook subscription was checked as a public name, and this
 * keeps a DNS answer from turning it into a request to the owner's LAN. A
 * `localhost` name (`localhost.`, `foo.localhost`) was checked as the caller's
 * own loopback address: it is answered with the loopback addresses without
 * asking DNS (RFC 6761), so no DNS answer can point it anywhere else.
 */
const publicOnlyLookup =
  (resolve: DnsLookup) =>
  (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    if (isLoopbackName(hostname)) {
      const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
      const loopback = LOOPBACK.filter((a) => !family || a.family === family);
      if (options.all) return callback(null, loopback);
      return callback(null, loopback[0].address, loopback[0].family);
    }
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const refused = addresses.find((a) => !isPublicAddress(a.address));
      if (refused) {
        const error: NodeJS.ErrnoException = new Error(
          `${hostname} resolves to ${refused.address}, which is not a public address; ` +
            'a subscription made with an API key may not reach this machine or the local network',
        );
        error.code = 'ENOTPUBLIC';
        return callback(error, []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };

function describeError(err: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `timed out after ${timeoutMs} ms`;
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code;
  const message = e.cause?.message ?? e.message ?? String(err);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

export class HttpSender {
  private readonly agent: Agent;
  /** For REST-hook subscriptions to a name: connects to public addresses only. */
  private readonly publicOnlyAgent: Agent;

  constructor(options: SenderOptions = {}) {
    this.agent = new Agent({
      connections: options.connectionsPerOrigin ?? 8,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 300_000,
    });
    this.publicOnlyAgent = new Agent({
      connections: options.connectionsPerOrigin ?? 8,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 300_000,
      connect: { lookup: publicOnlyLookup(options.dnsLookup ?? lookup) },
    });
  }

  async post(
    url: string,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
    stop?: AbortSignal,
    publicOnly = false,
  ): Promise<SendResult> {
    const started = performance.now();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onStop = () => controller.abort();
    stop?.addEventListener('abort', onStop, { once: true });
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await request(url, {
        method: 'POST',
        headers,
        body,
        dispatcher: publicOnly ? this.publicOnlyAgent : this.agent,
        signal: controller.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const first = await readFirstBytes(response.body, RESPONSE_BODY_LIMIT);
      const header = (name: string) => {
        const value = response.headers[name];
        return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
      };
      return {
        statusCode: response.statusCode,
        body: first.length > 0 ? first.toString('utf8') : null,
        error: null,
        retryAfter: header('retry-after'),
        location: header('location'),
        durationMs: elapsed(),
      };
    } catch (err) {
      return {
        statusCode: null,
        body: null,
        error: describeError(err, timedOut, timeoutMs),
        retryAfter: null,
        location: null,
        durationMs: elapsed(),
      };
    } finally {
      clearTimeout(timer);
      stop?.removeEventListener('abort', onStop);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.agent.destroy(), this.publicOnlyAgent.destroy()]);
  }
}
