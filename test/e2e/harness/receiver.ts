/**
 * A loopback webhook receiver that records every POST it gets. One serves a
 * whole test file; `endpoint(name)` gives a test its own path, so what other
 * tests' webhooks deliver never satisfies (or spoils) its waits.
 */
import { createServer, type Server } from 'node:http';

export interface Received {
  /** The request path, e.g. `/hook/disable`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: { id: string; type: string; timestamp: string; data: Record<string, unknown> };
}

export interface Endpoint {
  url: string;
  /** What reached this endpoint so far, in order. */
  received(): Received[];
  /** Resolves with the first delivery to this endpoint matching `match`, polling up to `timeoutMs`. */
  waitFor(match?: (r: Received) => boolean, timeoutMs?: number): Promise<Received>;
}

export interface Receiver extends Endpoint {
  /** Every delivery, whatever its path. */
  all: Received[];
  /** `/hook/<name>` on the same server. */
  endpoint(name: string): Endpoint;
  close(): Promise<void>;
}

async function poll(
  all: Received[],
  match: (r: Received) => boolean,
  timeoutMs: number,
  where: string,
): Promise<Received> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = all.find(match);
    if (found) return found;
    if (Date.now() > deadline) {
      const got = all.map((r) => `${r.body.type} at ${r.path}`).join(', ') || 'none';
      throw new Error(`No matching delivery to ${where} within ${timeoutMs} ms; got: ${got}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startReceiver(): Promise<Receiver> {
  const all: Received[] = [];
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      try {
        const path = new URL(request.url ?? '/', 'http://receiver').pathname;
        all.push({ path, headers: request.headers, body: JSON.parse(raw) as Received['body'] });
      } catch {
        // not JSON: not a delivery
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const endpointAt = (path: string): Endpoint => ({
    url: `http://127.0.0.1:${port}${path}`,
    received: () => all.filter((r) => r.path === path),
    waitFor: (match = () => true, timeoutMs = 20_000) =>
      poll(all, (r) => r.path === path && match(r), timeoutMs, path),
  });
  return {
    ...endpointAt('/hook'),
    all,
    endpoint: (name) => endpointAt(`/hook/${encodeURIComponent(name)}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
