/**
 * The one loopback webhook receiver every suite uses: a real HTTP server on
 * 127.0.0.1 (port 0 unless asked). It records every request (`received`,
 * raw; `deliveries()`, the JSON bodies) and answers with whatever `respond`
 * does: `answer(status)`, `delayed(ms, …)`, `silent` (never answers), `holding`
 * (held until released, bounded, counting how many at once), or the test's
 * own function. `endpoint(name)` gives a test its own path on a shared
 * receiver, so what other tests' webhooks deliver never satisfies (or spoils)
 * its waits. Waits resolve on arrival, never poll.
 *
 * Every event it receives is checked against the event catalog
 * (contract/event-catalog.ts): a payload its type's schema refuses makes the
 * next wait reject and `close()` throw, so the test that sent it fails. Events
 * a test records by hand with made-up data (`markHandMade`, as the core
 * harness's `record` does) are exempt; so is a receiver with `checkEvents` off.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { catalogEntry } from '../../contract/index.js';

/** Ids of events a test recorded with made-up data: their payloads are not checked. */
const handMade = new Set<string>();
export const markHandMade = (eventId: string): void => void handMade.add(eventId);

/** Why this body is no event the catalog describes, or undefined when it is one (or is exempt). */
function catalogMismatch(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined; // not an event at all
  const { id, type } = body as { id?: unknown; type?: unknown };
  if (typeof id === 'string' && handMade.has(id)) return undefined;
  const entry = catalogEntry(String(type));
  if (!entry) return `event ${String(id)}: type ${JSON.stringify(type)} is not in the catalog`;
  const result = entry.payload.safeParse(body);
  if (result.success) return undefined;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`);
  return `event ${String(id)} (${entry.type}) does not match the catalog: ${issues.join('; ')}`;
}

/** A request as it arrived; `path` is the URL with its query. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request whose body is an event (JSON); `path` is the path alone, e.g. `/hook/disable`. */
export interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: { id: string; type: string; timestamp: string; data: Record<string, unknown> };
}

export interface Endpoint {
  url: string;
  /** What reached this endpoint so far, in order. */
  received(): Delivery[];
  /** Resolves with the first delivery to this endpoint matching `match`, waiting up to `timeoutMs`. */
  waitFor(match?: (d: Delivery) => boolean, timeoutMs?: number): Promise<Delivery>;
}

export type Responder = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export const answer =
  (status: number, body = '', headers: Record<string, string> = {}): Responder =>
  (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };

/** Answers as `responder` does, `ms` later (on the real clock: the receiver is another party). */
export const delayed =
  (ms: number, responder: Responder): Responder =>
  (req, res, body) =>
    void setTimeout(() => responder(req, res, body), ms);

/** Never answers: the sender's timeout or abort must end the request. */
export const silent: Responder = () => {};

/** A responder that holds its answers (`holding`), and how many it holds right now and at most so far. */
export interface Holding {
  responder: Responder;
  /** Requests held right now: arrived, not answered, not given up by the sender. */
  readonly held: number;
  /** The most held at once so far: how many the sender had in flight here together. */
  readonly peak: number;
  /** Answers every held request now. */
  release(): void;
}

/**
 * Holds each answer until `release()` or at most `maxMs` (a receiver slow to answer,
 * bounded), then answers as `then` does; counts the requests held at once, so a test
 * reads the sender's concurrency from the receiver's side, not from the sender's internals.
 */
export function holding(maxMs: number, then: Responder = answer(200, 'ok')): Holding {
  const pending = new Set<() => void>();
  let held = 0;
  let peak = 0;
  const responder: Responder = (req, res, body) => {
    held++;
    peak = Math.max(peak, held);
    const done = (answerIt: boolean) => {
      if (!pending.delete(finish)) return;
      clearTimeout(timer);
      res.off('close', gaveUp);
      held--;
      if (answerIt) then(req, res, body);
    };
    const finish = () => done(true);
    const gaveUp = () => done(false);
    const timer = setTimeout(finish, maxMs);
    pending.add(finish);
    res.on('close', gaveUp);
  };
  return {
    responder,
    get held() {
      return held;
    },
    get peak() {
      return peak;
    },
    release: () => {
      for (const finish of [...pending]) finish();
    },
  };
}

/**
 * An address of this machine that is not loopback but on the local network (private IPv4, IPv6
 * unique-local), so plain http:// to it is allowed: for the tests of what is held while offline.
 */
export function lanAddress(): string | undefined {
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  const local = all.filter((a) => !a.internal);
  const v4 = local.find(
    (a) => a.family === 'IPv4' && /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a.address),
  );
  const v6 = local.find((a) => a.family === 'IPv6' && /^f[cd]/i.test(a.address));
  return (v4 ?? v6)?.address;
}

function asDelivery(r: Received): Delivery | undefined {
  try {
    return {
      path: new URL(r.path, 'http://receiver').pathname,
      headers: r.headers,
      body: JSON.parse(r.body) as Delivery['body'],
    };
  } catch {
    return undefined; // not JSON: not a delivery
  }
}

export class Receiver {
  readonly received: Received[] = [];
  /** The requests that carried an event, parsed once (a test may compare them by identity). */
  private readonly events: Delivery[] = [];
  respond: Responder = answer(200, 'ok');
  /** Check each event against the catalog (off only for a child process's hand-made events). */
  checkEvents = true;
  /** The events the catalog refused, each with why. */
  readonly mismatches: string[] = [];
  private waiters: { done: () => boolean; resolve: () => void }[] = [];

  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>` */
    readonly origin: string,
    readonly url: string,
  ) {}

  /** `host`: 127.0.0.1 unless a test needs a receiver off loopback (`lanAddress()`). */
  static async start(path = '/hook', port = 0, host = '127.0.0.1'): Promise<Receiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    const shown = host.includes(':') ? `[${host}]` : host;
    const origin = `http://${shown}:${(server.address() as AddressInfo).port}`;
    const receiver = new Receiver(server, origin, `${origin}${path}`);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
        receiver.received.push(request);
        const delivery = asDelivery(request);
        if (delivery) {
          receiver.events.push(delivery);
          const mismatch = receiver.checkEvents ? catalogMismatch(delivery.body) : undefined;
          if (mismatch) receiver.mismatches.push(mismatch);
        }
        receiver.respond(req, res, body);
        receiver.notify();
      });
    });
    return receiver;
  }

  private notify(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.done()) return true;
      w.resolve();
      return false;
    });
  }

  private mismatchError(): Error | undefined {
    return this.mismatches.length > 0
      ? new Error(`The receiver got payloads the event catalog refuses:\n${this.mismatches.join('\n')}`)
      : undefined;
  }

  private until(done: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
    const refused = this.mismatchError();
    if (refused) return Promise.reject(refused);
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        done,
        resolve: () => {
          clearTimeout(timer);
          const late = this.mismatchError();
          if (late) reject(late);
          else resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(describe()));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Resolves once `n` requests have arrived in all. */
  waitFor(n: number, timeoutMs = 5000): Promise<void> {
    return this.until(
      () => this.received.length >= n,
      timeoutMs,
      () => `receiver saw ${this.received.length} of ${n} requests`,
    );
  }

  bodies(): { id: string; type: string; data: Record<string, unknown> }[] {
    return this.received.map(
      (r) => JSON.parse(r.body) as { id: string; type: string; data: Record<string, unknown> },
    );
  }

  /** Every request that carried an event, whatever its path. */
  deliveries(): Delivery[] {
    return this.events;
  }

  /** `/hook/<name>` on this receiver. */
  endpoint(name: string): Endpoint {
    const path = `/hook/${encodeURIComponent(name)}`;
    const here = () => this.deliveries().filter((d) => d.path === path);
    return {
      url: `${this.origin}${path}`,
      received: here,
      waitFor: async (match = () => true, timeoutMs = 20_000) => {
        await this.until(
          () => here().some(match),
          timeoutMs,
          () => {
            const got =
              this.deliveries()
                .map((d) => `${d.body.type} at ${d.path}`)
                .join(', ') || 'none';
            return `No matching delivery to ${path} within ${timeoutMs} ms; got: ${got}`;
          },
        );
        return here().find(match)!;
      },
    };
  }

  /** Closes the server; throws if any event it received did not match the catalog. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    const refused = this.mismatchError();
    if (refused) throw refused;
  }
}

/**
 * A receiver for a whole e2e file: every delivery is answered 200 with a small JSON body,
 * as a workflow tool such as n8n answers.
 */
export async function startReceiver(): Promise<Receiver> {
  const receiver = await Receiver.start();
  receiver.respond = answer(200, '{"ok":true}', { 'content-type': 'application/json' });
  return receiver;
}
