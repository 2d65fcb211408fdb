/**
 * The window's one client over both transports, against the real core: the
 * preload bridge wired to ipcMain-style handlers (as Electron does it), and
 * HTTP to a listening /admin/rpc. The same calls give the same answers and
 * the same ContractErrors, with the fields a form shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../support/core.js';
import { bareHost } from '../../support/host.js';
import { listen } from '../../support/server.js';
import type { FastifyInstance } from 'fastify';
import type { ContractClient } from '../../../contract/operations.js';
import { ContractError } from '../../../contract/operations.js';
import { systemClock } from '../../../main/core/clock.js';
import type { Core } from '../../../main/core/core.js';
import { createHandlers } from '../../../main/core/handlers/index.js';
import { buildServer } from '../../../main/core/server/app.js';
import { registerContractIpc } from '../../../main/electron/ipc.js';
import { createBridge } from '../../../preload/bridge.js';
import { createBridgeClient } from '../../../renderer/src/api/bridge-transport.js';
import { fieldError, toContractError } from '../../../renderer/src/api/errors.js';
import { createHttpClient } from '../../../renderer/src/api/http-transport.js';
import { validateInput } from '../../../renderer/src/api/validate.js';

const TOKEN = 'test-admin-token-0123456789abcdef';
let core: Core;
let server: FastifyInstance;
let baseUrl: string;
let bridgeClient: ContractClient;

beforeAll(async () => {
  core = openCore({ clock: systemClock }).core;
  const handlers = createHandlers(
    core,
    bareHost('headless', () => baseUrl),
  );

  // Electron's side: every operation registered on an ipcMain-like table, called from our page's main frame.
  const registered = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
  registerContractIpc({
    ipcMain: {
      handle: (channel, listener) => void registered.set(channel, listener as never),
      removeHandler: (channel) => void registered.delete(channel),
    },
    handlers,
    isAppUrl: (url) => url === 'app://dversum/index.html',
  });
  const frame = { senderFrame: { url: 'app://dversum/index.html', parent: null } };
  const bridge = createBridge({
    invoke: (channel, input) => registered.get(channel)!(frame, input),
    on: () => undefined,
    removeListener: () => undefined,
  });
  bridgeClient = createBridgeClient(bridge);

  server = buildServer(core, { handlers, adminToken: TOKEN });
  baseUrl = await listen(server);
});

afterAll(async () => {
  await server?.close();
  await core?.close();
});

const transports = () =>
  [
    ['bridge', bridgeClient],
    ['http', createHttpClient({ token: TOKEN, baseUrl })],
  ] as const;

describe('one client, two transports', () => {
  it('creates and reads back the same object through either transport', async () => {
    for (const [name, client] of transports()) {
      const created = await client.call('clients.create', {
        name: `Acme via ${name}`,
        email: 'ops@acme.test',
      });
      expect(created.id).toMatch(/^cli_/);
      const read = await client.call('clients.get', { id: created.id });
      expect(read).toEqual(created);
    }
  });

  it('turns a 422 into a ContractError naming the field, the same through either transport', async () => {
    const errors: ContractError[] = [];
    for (const [, client] of transports()) {
      const err = await client.call('tasks.create', { title: '   ' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ContractError);
      errors.push(err as ContractError);
    }
    for (const err of errors) {
      expect(err.status).toBe(422);
      expect(err.code).toBe('validation_failed');
      expect(err.fields).toEqual({ title: 'Title is required' });
    }
  });

  it('turns an unknown id into a 404 ContractError through either transport', async () => {
    for (const [, client] of transports()) {
      const err = (await client
        .call('clients.get', { id: 'cli_00000000000000000000000000' })
        .catch((e: unknown) => e)) as ContractError;
      expect(err).toBeInstanceOf(ContractError);
      expect(err.status).toBe(404);
      expect(err.code).toBe('not_found');
    }
  });

  it('over HTTP, a wrong token is a 401 that sends the window back to sign-in', async () => {
    let signedOut = 0;
    const client = createHttpClient({ token: 'wrong', baseUrl, onUnauthorized: () => signedOut++ });
    const err = (await client.call('app.info', {}).catch((e: unknown) => e)) as ContractError;
    expect(err).toBeInstanceOf(ContractError);
    expect(err.status).toBe(401);
    expect(err.message).toBe('Wrong admin token');
    expect(signedOut).toBe(1);
  });

  it('over HTTP, a server that cannot be reached is a ContractError with status 0', async () => {
    const client = createHttpClient({ token: TOKEN, baseUrl: 'http://127.0.0.1:9' });
    const err = (await client.call('app.info', {}).catch((e: unknown) => e)) as ContractError;
    expect(err).toBeInstanceOf(ContractError);
    expect(err.status).toBe(0);
    expect(err.code).toBe('network');
  });
});

describe('validation before sending', () => {
  it('gives the messages the contract gives, by field', () => {
    const err = (() => {
      try {
        validateInput('webhooks.create', { name: '', url: '', events: [] });
      } catch (e) {
        return e as ContractError;
      }
    })();
    expect(err).toBeInstanceOf(ContractError);
    expect(err!.status).toBe(422);
    expect(err!.fields).toEqual({
      name: 'Name is required',
      url: 'URL is required',
      events: 'Choose at least one event, or tick All events',
    });
  });

  it('matches what the server answers for the same input', async () => {
    const local = (() => {
      try {
        validateInput('keys.create', { name: 'n8n', permissions: [] });
      } catch (e) {
        return e as ContractError;
      }
    })();
    const remote = (await createHttpClient({ token: TOKEN, baseUrl })
      .call('keys.create', { name: 'n8n', permissions: [] })
      .catch((e: unknown) => e)) as ContractError;
    expect(local!.fields).toEqual(remote.fields);
    expect(local!.fields).toEqual({ permissions: 'Permissions: choose at least one permission' });
  });

  it('names each unknown field as the server does, with the same message', async () => {
    const input = { name: 'n8n', permissions: ['tasks:read'], scope: 'all', items: { nested: 1 } };
    const local = (() => {
      try {
        validateInput('keys.create', input);
      } catch (e) {
        return e as ContractError;
      }
    })();
    const remote = (await createHttpClient({ token: TOKEN, baseUrl })
      .call('keys.create', input as never)
      .catch((e: unknown) => e)) as ContractError;
    expect(remote.status).toBe(422);
    expect(remote.code).toBe('validation_failed');
    expect(remote.message).toBe(
      'Unknown field "scope": leave it out or check its spelling; ' +
        'Unknown field "items": leave it out or check its spelling',
    );
    expect(local!.status).toBe(422);
    expect(local!.message).toBe(remote.message);
    expect(local!.details).toEqual(remote.details);
    expect(local!.fields).toEqual({
      scope: 'Unknown field "scope": leave it out or check its spelling',
      items: 'Unknown field "items": leave it out or check its spelling',
    });
  });

  it('finds a field message below the field (ipWhitelist.1 under IP Whitelist)', () => {
    const fields = { 'ipWhitelist.1': 'IP Whitelist, line 2: "x" is not an IP address or range' };
    expect(fieldError(fields, 'ipWhitelist')).toBe('IP Whitelist, line 2: "x" is not an IP address or range');
    expect(fieldError(fields, 'ip')).toBeUndefined();
  });

  it('keeps the error shape a bridge rejects with', () => {
    const err = toContractError({ status: 409, code: 'conflict', message: 'Only a draft is edited' });
    expect(err).toBeInstanceOf(ContractError);
    expect([err.status, err.code, err.message]).toEqual([409, 'conflict', 'Only a draft is edited']);
  });
});
