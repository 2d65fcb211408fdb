/**
 * `GET /admin/events` (headless): the core's notices as Server-Sent Events,
 * registered inside `adminRoutes`, so the same Host check and admin token
 * guard it as /admin/rpc (and refuse with the same status and message).
 *
 * - `text/event-stream`: one `data: <notice JSON>` per notice (already
 *   coalesced by `core.notices`), a `: heartbeat` comment every ~25 s so
 *   proxies and browsers keep an idle stream open, and `retry:` telling an
 *   EventSource how soon to come back.
 * - Closed cleanly when the server closes (`preClose`, before Fastify waits
 *   for requests in progress: an open stream never holds a shutdown), and
 *   dropped when the client goes or stops reading (a stalled reader is cut
 *   past `MAX_BUFFERED_BYTES` rather than buffered without end).
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { NOTICES_PATH } from '../../../../contract/notices.js';
import type { Notices } from '../../notices.js';

export const HEARTBEAT_MS = 25_000;
/** How soon an EventSource reconnects after the stream ends. */
const RETRY_MS = 3_000;
const MAX_BUFFERED_BYTES = 1 << 20;

export interface AdminEventsOptions {
  notices: Pick<Notices, 'on'>;
  heartbeatMs?: number;
}

export function adminEventRoutes(app: FastifyInstance, options: AdminEventsOptions): void {
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const open = new Set<ServerResponse>();

  app.addHook('preClose', async () => {
    for (const response of open) response.end();
  });

  app.get(NOTICES_PATH, { schema: { hide: true }, exposeHeadRoute: false }, (request, reply) => {
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // A reverse proxy (nginx) would otherwise hold the events back in its buffer.
      'x-accel-buffering': 'no',
    });
    const send = (text: string): void => {
      if (response.writableEnded) return;
      if (response.writableLength > MAX_BUFFERED_BYTES) {
        response.destroy();
        return;
      }
      response.write(text);
    };
    send(`retry: ${RETRY_MS}\n: connected\n\n`);
    const stop = options.notices.on((notice) => send(`data: ${JSON.stringify(notice)}\n\n`));
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs);
    open.add(response);
    response.on('close', () => {
      stop();
      clearInterval(heartbeat);
      open.delete(response);
    });
  });
}
