/**
 * The wiring both hosts share (main/host/compose.ts), under plain Node over a
 * real loopback socket: it starts, serves a request, hands a restore over to
 * the restored core on the same address (the app and everything wired with
 * `eachCore` built again), and stops, the data folder free afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/core.js';
import { HostWiring } from '../../main/host/compose.js';

const TOKEN = 'compose-admin-token-0123456789abcdefghijklmnop';
const dirs: string[] = [];
const wirings: HostWiring[] = [];
afterEach(async () => {
  for (const wiring of wirings.splice(0)) await wiring.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dversum-compose-'));
  dirs.push(dir);
  return dir;
}

/** A wiring as headless makes it, on `dataDir`; `opened` records why each core was opened. */
function wire(dataDir: string, open: (reason: 'start' | 'restore') => Core = () => createCore({ dataDir })) {
  const opened: string[] = [];
  const wiring = new HostWiring({
    mode: 'headless',
    openCore: (reason) => {
      opened.push(reason);
      return open(reason);
    },
    exportLog: async () => ({}),
  });
  wirings.push(wiring);
  return { wiring, opened };
}

async function started(wiring: HostWiring) {
  await wiring.serve({ adminToken: TOKEN, port: 0, logger: false });
  await wiring.start();
  const url = await wiring.listen('127.0.0.1', 0);
  const rpc = async (name: string, body: unknown = {}) => {
    const res = await fetch(`${url}/admin/rpc/${name}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { url, rpc };
}

const names = (page: Record<string, unknown>) => (page.items as { name: string }[]).map((c) => c.name);

describe('the shared host wiring', () => {
  it('starts, serves, hands a restore over to the restored core on the same address, and stops', async () => {
    const dataDir = folder();
    const { wiring, opened } = wire(dataDir);
    const wired: Core[] = [];
    const unwired: Core[] = [];
    wiring.eachCore((core) => {
      wired.push(core);
      return () => unwired.push(core);
    });
    const { url, rpc } = await started(wiring);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(wiring.host.serverUrl()).toBe(url);
    expect(wiring.host.mode).toBe('headless');

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', version: expect.any(String) });
    expect((await rpc('clients.create', { name: 'Ada Lovelace' })).status).toBe(200);
    const backup = await rpc('backups.create');
    expect(backup.status).toBe(200);
    expect((await rpc('clients.create', { name: 'After the backup' })).status).toBe(200);

    const first = wiring.core;
    const firstApp = wiring.app;
    const restored = await rpc('backups.restore', { id: backup.body.id });
    expect(restored.status).toBe(200);

    // The same address now serves the restored database, through an app built on the new core.
    expect(opened).toEqual(['start', 'restore']);
    expect(wiring.core).not.toBe(first);
    expect(first.availability.state).toBe('closed');
    expect(wiring.app).not.toBe(firstApp);
    expect(wired).toEqual([first, wiring.core]);
    expect(unwired).toEqual([first]);
    expect(wiring.url).toBe(url);
    expect(names((await rpc('clients.list')).body)).toEqual(['Ada Lovelace']);
    expect((await rpc('clients.create', { name: 'Grace Hopper' })).status).toBe(200);
    expect(names((await rpc('clients.list')).body)).toEqual(['Grace Hopper', 'Ada Lovelace']);

    const last = wiring.core;
    await wiring.close();
    expect(last.availability.state).toBe('closed');
    expect(wiring.server.listening).toBe(false);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    // The folder's lock went with the core: another host opens it at once.
    const again = wire(dataDir).wiring;
    expect(again.core.clients.list({}).items.map((c) => c.name)).toEqual(['Grace Hopper', 'Ada Lovelace']);
  });

  it('a restored database that does not open: the old one runs again, handed over like any restore', async () => {
    const dataDir = folder();
    let failNext = false;
    const { wiring, opened } = wire(dataDir, (reason) => {
      if (reason === 'restore' && failNext) {
        failNext = false;
        throw new Error('injected open failure');
      }
      return createCore({ dataDir });
    });
    const wired: Core[] = [];
    wiring.eachCore((core) => void wired.push(core));
    const { rpc } = await started(wiring);
    expect((await rpc('clients.create', { name: 'Kept' })).status).toBe(200);
    const backup = await rpc('backups.create');
    expect((await rpc('clients.create', { name: 'Also kept' })).status).toBe(200);

    failNext = true;
    const refused = await rpc('backups.restore', { id: backup.body.id });
    expect(refused.status).toBe(500);
    expect((refused.body.error as { message: string }).message).toMatch(
      /passed its checks but did not open \(injected open failure\): nothing was restored, and dVersum goes on with the database it had\. Try another backup\.$/,
    );
    expect(opened).toEqual(['start', 'restore', 'restore']);
    expect(wired).toHaveLength(2);
    expect(wired[1]).toBe(wiring.core);
    expect(names((await rpc('clients.list')).body)).toEqual(['Also kept', 'Kept']);
  });

  it('serve runs once; a port in use: listen fails with the socket’s error, the url stays the one asked for, close still frees the folder', async () => {
    const dataDir = folder();
    const { wiring: holder } = wire(folder());
    const { url } = await started(holder);
    const port = Number(new URL(url).port);

    const { wiring } = wire(dataDir);
    await wiring.serve({ logger: false });
    await expect(wiring.serve({ logger: false })).rejects.toThrow('HostWiring.serve runs once');
    await expect(wiring.listen('127.0.0.1', port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(wiring.url).toBe(url);
    await Promise.all([wiring.close(), wiring.close()]);
    expect(wiring.core.availability.state).toBe('closed');
    expect(wire(dataDir).wiring.core.availability.state).toBe('open');
  });
});
