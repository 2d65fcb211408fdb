/**
 * A restore of the running headless server, over real sockets: while it runs
 * (a webhook's send hangs, so it takes its grace), API and RPC writes get the
 * restore's 503, reads go on, and /healthz says "not ok"; afterwards the same
 * address serves the restored database and /healthz is ok again.
 */
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startHeadless, type Headless } from '../../main/headless/serve.js';
import { Receiver, silent } from '../support/receiver.js';

let headless: Headless | undefined;
let receiver: Receiver | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await headless?.close();
  headless = undefined;
  await receiver?.close();
  receiver = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const RESTORING =
  'A backup is being restored: nothing was saved. Try again in a few seconds, once the restore is done.';

describe('restore while headless serves', () => {
  it('writes get the 503 over the API and RPC alike, reads go on, /healthz is not ok until the restore is done', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dversum-restore-'));
    dirs.push(dataDir);
    receiver = await Receiver.start();
    receiver.respond = silent;
    headless = await startHeadless({ env: { dataDir, host: '127.0.0.1', port: 0 }, log: () => undefined });
    const url = headless.url;
    const token = readFileSync(headless.tokenFile, 'utf8').trim();
    const rpc = (name: string, body: unknown = {}) =>
      fetch(`${url}/admin/rpc/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const key = (await (
      await rpc('keys.create', { name: 'n8n', permissions: ['clients:write', 'clients:read'] })
    ).json()) as {
      key: string;
    };
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    await rpc('webhooks.create', { name: 'Slow', url: receiver.url, events: ['client.created'] });
    expect((await api('POST', '/webhooks/incoming/clients', { name: 'Ada Lovelace' })).status).toBe(201);
    await receiver.waitFor(1); // in flight, never answered
    const backup = (await (await rpc('backups.create')).json()) as { id: string };

    const restoring = rpc('backups.restore', { id: backup.id });
    await vi.waitFor(() => expect(headless!.core.availability.state).toBe('restoring'), { interval: 10 });

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'not ok', version: expect.any(String) });
    const refusedApi = await api('POST', '/webhooks/incoming/clients', { name: 'Too Late' });
    expect(refusedApi.status).toBe(503);
    expect(refusedApi.headers.get('retry-after')).toBe('5');
    expect(await refusedApi.json()).toEqual({ error: { code: 'unavailable', message: RESTORING } });
    const refusedRpc = await rpc('clients.create', { name: 'Too Late' });
    expect(refusedRpc.status).toBe(503);
    expect(await refusedRpc.json()).toEqual({ error: { code: 'unavailable', message: RESTORING } });
    expect((await api('GET', '/clients')).status).toBe(200);
    expect((await rpc('clients.list')).status).toBe(200);

    expect((await restoring).status).toBe(200);
    const after = await fetch(`${url}/healthz`);
    expect(after.status).toBe(200);
    const names = ((await (await rpc('clients.list')).json()) as { items: { name: string }[] }).items.map(
      (c) => c.name,
    );
    expect(names).toEqual(['Ada Lovelace']);
    expect((await api('POST', '/webhooks/incoming/clients', { name: 'Grace Hopper' })).status).toBe(201);
  });
});
