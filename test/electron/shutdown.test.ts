import Fastify from 'fastify';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/core/clock.js';
import { openCore } from '../support/core.js';
import type { Core } from '../../main/core/core.js';
import { QuitSequence, shutdownSteps, stopAcceptingRequests } from '../../main/electron/shutdown.js';
import { Receiver } from '../support/receiver.js';
import { storeOf } from '../../main/core/store/database.js';

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

  it('names the steps: requests, deliveries, the database, then the window', () => {
    const steps = shutdownSteps({
      server: null,
      deliveries: { idle: async () => undefined },
      core: { close: async () => undefined },
      ui: () => undefined,
    });
    expect(steps.map((s) => s.name)).toEqual([
      'stop accepting requests',
      'let deliveries in flight finish',
      'park what is left for retry and close the database',
      'close the window and tray',
    ]);
  });
});

describe('stopping the server', () => {
  it('a request that never ends is cut after the grace, so Quit cannot hang', async () => {
    const server = Fastify();
    let began!: () => void;
    const started = new Promise<void>((r) => (began = r));
    server.get('/forever', () => {
      began();
      return new Promise(() => undefined);
    });
    await server.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    const forever = fetch(`${base}/forever`).then(
      () => 'answered',
      () => 'cut',
    );
    await started;
    await stopAcceptingRequests(server, 100);
    expect(await forever).toBe('cut');
    expect(server.server.listening).toBe(false);
  });
});

describe('quitting with a request and a delivery in flight', () => {
  const dirs: string[] = [];
  const cores: Core[] = [];
  const receivers: Receiver[] = [];
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.close();
    for (const r of receivers.splice(0)) await r.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  /** A started core whose one webhook points at a receiver that holds each request until told. */
  async function deliveryInFlight() {
    const dataDir = mkdtempSync(join(tmpdir(), 'dversum-quit-'));
    dirs.push(dataDir);
    const core = openCore({ dataDir, clock: systemClock }).core;
    await core.start();
    const held: ServerResponse[] = [];
    const receiver = await Receiver.start();
    receiver.respond = (_req, res) => void held.push(res);
    receivers.push(receiver);
    const hook = core.webhooks.create({ name: 'n8n', url: receiver.url, events: ['*'] });
    const { deliveryId } = core.dispatcher.sendTest(hook.id);
    await receiver.waitFor(1, 15_000);
    const reopen = () => {
      const again = openCore({ dataDir, clock: systemClock }).core;
      cores.push(again);
      return again;
    };
    return { core, held, deliveryId, reopen };
  }

  it('answers the request in progress, refuses new ones, parks a delivery that outlasts the grace, closes the database, then exits', async () => {
    const { core, deliveryId, reopen } = await deliveryInFlight();

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
    const slow = fetch(`${base}/slow`).then((r) => r.json());
    await slowBegan;

    const order: string[] = [];
    const quit = new QuitSequence({
      steps: shutdownSteps(
        {
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
          deliveries: core.dispatcher,
          core: {
            close: async () => {
              order.push('core closing');
              await core.close();
              order.push(`database open: ${storeOf(core.store).sqlite.open}`);
            },
          },
          ui: () => void order.push('ui'),
        },
        100,
      ),
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

    // The receiver never answered: after a restart the delivery is still due, not failed.
    expect(reopen().deliveryLog.get(deliveryId)).toMatchObject({ status: 'pending', attempt: 0 });
  });

  it('a delivery that finishes within the grace is recorded before the database closes', async () => {
    const { core, held, deliveryId, reopen } = await deliveryInFlight();
    const quit = new QuitSequence({
      steps: shutdownSteps(
        {
          server: null,
          deliveries: {
            idle: () => {
              // The receiver answers while the app waits for it.
              held[0].writeHead(200).end('ok');
              return core.dispatcher.idle();
            },
          },
          core,
          ui: () => undefined,
        },
        30_000,
      ),
      exit: () => undefined,
    });
    await quit.run();
    expect(storeOf(core.store).sqlite.open).toBe(false);
    expect(reopen().deliveryLog.get(deliveryId)).toMatchObject({
      status: 'success',
      attempt: 1,
      responseCode: 200,
    });
  });
});
