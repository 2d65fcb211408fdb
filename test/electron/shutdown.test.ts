import Fastify from 'fastify';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/core.js';
import { QuitSequence, shutdownSteps } from '../../main/electron/shutdown.js';

describe('the quit sequence', () => {
  it('runs the steps in order, once, then exits; a failing step does not stop the others', async () => {
    const calls: string[] = [];
    let release!: () => void;
    const quit = new QuitSequence({
      steps: [
        {
          name: 'server',
          run: () => new Promise<void>((r) => (release = () => (calls.push('server'), r()))),
        },
        {
          name: 'core',
          run: () => {
            calls.push('core');
            throw new Error('disk gone');
          },
        },
        { name: 'ui', run: () => void calls.push('ui') },
      ],
      exit: (code) => void calls.push(`exit ${code}`),
      logError: (step, err) => void calls.push(`error in ${step}: ${(err as Error).message}`),
    });
    const first = quit.run();
    const second = quit.run();
    expect(second).toBe(first);
    expect(quit.started).toBe(true);
    expect(calls).toEqual([]);
    release();
    await first;
    expect(calls).toEqual(['server', 'core', 'error in core: disk gone', 'ui', 'exit 1']);
  });

  it('names the steps: stop accepting requests, then deliveries and the database, then the window', () => {
    const steps = shutdownSteps({
      server: null,
      core: { close: async () => undefined },
      ui: () => undefined,
    });
    expect(steps.map((s) => s.name)).toEqual([
      'stop accepting requests',
      'finish deliveries and close the database',
      'close the window and tray',
    ]);
  });
});

describe('quitting with a request and a delivery in flight', () => {
  const dirs: string[] = [];
  const cores: Core[] = [];
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('answers the request in progress, refuses new ones, parks the delivery for retry, closes the database, then exits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dversum-quit-'));
    dirs.push(dataDir);
    const core = createCore({ dataDir });
    await core.start();

    // A receiver that holds the delivery's request open.
    const held: ServerResponse[] = [];
    let delivered!: () => void;
    const arrived = new Promise<void>((r) => (delivered = r));
    const receiver = createServer((_req: IncomingMessage, res) => {
      held.push(res);
      delivered();
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const receiverPort = (receiver.address() as AddressInfo).port;

    // The app's server, with one request that answers only when told.
    let answerSlow!: () => void;
    let slowStarted!: () => void;
    const slowBegan = new Promise<void>((r) => (slowStarted = r));
    const server = Fastify({ keepAliveTimeout: 60_000 });
    server.get('/slow', async () => {
      slowStarted();
      await new Promise<void>((r) => (answerSlow = r));
      return { answered: true };
    });
    server.get('/healthz', async () => ({ ok: true }));
    await server.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;

    const hook = core.webhooks.create({
      name: 'n8n',
      url: `http://127.0.0.1:${receiverPort}/hook`,
      events: ['*'],
    });
    const { deliveryId } = core.dispatcher.sendTest(hook.id);
    await arrived;
    const slow = fetch(`${base}/slow`).then((r) => r.json());
    await slowBegan;

    const order: string[] = [];
    const quit = new QuitSequence({
      steps: shutdownSteps({
        server: {
          server: server.server,
          close: () => {
            order.push('server closing');
            const closing = server.close();
            // Listening stops at once: a new request is refused while the slow one is still open.
            void fetch(`${base}/healthz`).then(
              () => order.push('a new request was answered'),
              () => {
                order.push('new requests refused');
                answerSlow();
              },
            );
            return closing.then(() => void order.push('server closed'));
          },
        },
        core: {
          close: async () => {
            order.push('core closing');
            await core.close();
            order.push(`database open: ${core.sqlite.open}`);
          },
        },
        ui: () => void order.push('ui'),
      }),
      exit: (code) => void order.push(`exit ${code}`),
    });
    await quit.run();
    expect(await slow).toEqual({ answered: true });
    expect(order).toEqual([
      'server closing',
      'new requests refused',
      'server closed',
      'core closing',
      'database open: false',
      'ui',
      'exit 0',
    ]);

    for (const res of held) res.destroy();
    await new Promise<void>((r) => receiver.close(() => r()));

    // The delivery in flight was not lost: after a restart it is still due, not failed.
    const again = createCore({ dataDir });
    cores.push(again);
    const row = again.deliveryLog.get(deliveryId);
    expect(row.status).toBe('pending');
    expect(row.attempt).toBe(0);
  });
});
