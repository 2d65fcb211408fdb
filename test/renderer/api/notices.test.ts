/**
 * The window's notice feed over both transports, against the real core: the
 * preload bridge fed by the desktop's forwarding (as Electron does it), and
 * fetch reading a listening /admin/events. Plus the SSE parser and which
 * cached reads each notice makes stale.
 */
import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NOTICE_CHANNEL, type Notice } from '../../../contract/index.js';
import { systemClock } from '../../../main/core/clock.js';
import type { Core } from '../../../main/core/core.js';
import { createHandlers } from '../../../main/core/handlers/index.js';
import { buildServer } from '../../../main/core/server/app.js';
import { createBridge } from '../../../preload/bridge.js';
import { bridgeFeed, httpFeed, sseParser } from '../../../renderer/src/api/notice-feed.js';
import { isStaleAfter } from '../../../renderer/src/api/notice-queries.js';
import { openCore } from '../../support/core.js';
import { bareHost } from '../../support/host.js';
import { listen } from '../../support/server.js';

const TOKEN = 'test-admin-token-0123456789abcdef';
const whk = (n: number) => `whk_${String(n).padStart(26, '0')}`;

describe('sseParser', () => {
  it('gives each event’s data, across chunk boundaries, CRLF or LF, skipping comments and other fields', () => {
    const data: string[] = [];
    const push = sseParser((d) => void data.push(d));
    push('retry: 3000\n: connected\n\n');
    push('data: {"a":');
    push('1}\n');
    push('\ndata: x\r\ndata: y\r\n\r\n: heartbeat\n\nevent: other\nid: 4\ndata:z\n\n');
    push('data: incomplete');
    expect(data).toEqual(['{"a":1}', 'x\ny', 'z']);
  });
});

describe('which reads a notice makes stale', () => {
  const keys = [
    ['dispatch.status', {}],
    ['log.list', { limit: 50 }],
    ['logPages', {}],
    ['webhooks.stats', { id: whk(1), days: 14 }],
    ['webhooks.stats', { id: whk(2), days: 14 }],
    ['webhooks.list', {}],
    ['keys.list', {}],
    ['clients.list', {}],
  ] as const;
  const stale = (notice: Notice) =>
    keys.filter((k) => isStaleAfter(notice)(k)).map((k) => `${k[0]} ${JSON.stringify(k[1])}`);

  it('pause: the status; deliveries: log head, counts and the charts of the webhooks named; keys: the list', () => {
    expect(stale({ type: 'dispatch.changed', paused: true })).toEqual(['dispatch.status {}']);
    expect(stale({ type: 'deliveries.recorded', webhookIds: [whk(2)] })).toEqual([
      'dispatch.status {}',
      'log.list {"limit":50}',
      `webhooks.stats {"id":"${whk(2)}","days":14}`,
    ]);
    // New events (no webhooks named): the webhooks too, whose filtered-out counts the fan-out moved.
    expect(stale({ type: 'deliveries.recorded' })).toHaveLength(5);
    expect(stale({ type: 'deliveries.recorded' })).toContain('webhooks.list {}');
    expect(stale({ type: 'webhooks.changed', webhookId: whk(1) })).toEqual([
      'dispatch.status {}',
      'webhooks.list {}',
    ]);
    expect(stale({ type: 'keys.used', keyId: `key_${'0'.repeat(26)}` })).toEqual(['keys.list {}']);
  });
});

describe('the notice feed', () => {
  let core: Core | undefined;
  let server: FastifyInstance | undefined;
  const stops: (() => void)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) stop();
    await server?.close();
    await core?.close();
    server = undefined;
    core = undefined;
  });

  async function listening(c: Core): Promise<string> {
    server = buildServer(c, {
      handlers: createHandlers(
        c,
        bareHost('headless', () => ''),
      ),
      adminToken: TOKEN,
    });
    return listen(server);
  }

  function watch(feed: ReturnType<typeof httpFeed>) {
    const seen: Notice[] = [];
    const live: boolean[] = [];
    stops.push(
      feed.subscribe(
        (n) => void seen.push(n),
        (l) => void live.push(l),
      ),
    );
    return { seen, live };
  }

  it('desktop: the bridge’s notices, live at once', () => {
    const ipc = new EventEmitter();
    const bridge = createBridge({
      invoke: async () => ({ ok: true, value: null }),
      on: (channel, listener) => ipc.on(channel, listener),
      removeListener: (channel, listener) => ipc.removeListener(channel, listener),
    });
    const { seen, live } = watch(bridgeFeed(bridge));
    expect(live).toEqual([true]);
    ipc.emit(NOTICE_CHANNEL, {}, { type: 'dispatch.changed', paused: true });
    expect(seen).toEqual([{ type: 'dispatch.changed', paused: true }]);
  });

  it('headless: /admin/events with the admin token; live, then lost when the server goes, back when it returns', async () => {
    core = openCore({ clock: systemClock }).core;
    const baseUrl = await listening(core);
    const { seen, live } = watch(httpFeed({ token: TOKEN, baseUrl, retryMs: 20, maxRetryMs: 50 }));
    await vi.waitFor(() => expect(live).toEqual([true]));
    core.dispatcher.setPaused(true);
    await vi.waitFor(() => expect(seen).toEqual([{ type: 'dispatch.changed', paused: true }]));

    const port = Number(new URL(baseUrl).port);
    await server!.close();
    await vi.waitFor(() => expect(live).toEqual([true, false]));
    server = buildServer(core, {
      handlers: createHandlers(
        core,
        bareHost('headless', () => ''),
      ),
      adminToken: TOKEN,
    });
    await server.listen({ host: '127.0.0.1', port });
    await vi.waitFor(() => expect(live.at(-1)).toBe(true));
    core.dispatcher.setPaused(false);
    await vi.waitFor(() => expect(seen.at(-1)).toEqual({ type: 'dispatch.changed', paused: false }));
  });

  it('headless with a wrong token: never live, so the screens keep polling', async () => {
    core = openCore({ clock: systemClock }).core;
    const baseUrl = await listening(core);
    let attempts = 0;
    const counting: typeof fetch = (input, init) => {
      attempts++;
      return fetch(input, init);
    };
    const { live } = watch(
      httpFeed({ token: 'wrong', baseUrl, fetch: counting, retryMs: 5, maxRetryMs: 10 }),
    );
    await vi.waitFor(() => expect(attempts).toBeGreaterThanOrEqual(3));
    expect(live.every((l) => l === false)).toBe(true);
  });
});
