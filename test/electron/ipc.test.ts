import type { IpcMainInvokeEvent } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { ipcChannel, OPERATION_NAMES, type IpcResult } from '../../contract/index.js';
import { systemClock } from '../../main/core/clock.js';
import type { Core } from '../../main/core/core.js';
import { AppError } from '../../main/core/errors.js';
import { createHandlers } from '../../main/core/handlers/index.js';
import { isAppUrl } from '../../main/electron/app-protocol.js';
import { registerContractIpc, type IpcMainLike } from '../../main/electron/ipc.js';
import { openCore } from '../support/core.js';
import { bareHost } from '../support/host.js';

type Listener = (event: IpcMainInvokeEvent, input: unknown) => Promise<IpcResult>;

/** ipcMain's handle/removeHandler registry, as Electron keeps it: one handler per channel. */
class HandlerRegistry implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener) {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  invoke(channel: string, input: unknown, frame: { url: string; parent: unknown } | null = ownFrame) {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener({ senderFrame: frame } as unknown as IpcMainInvokeEvent, input);
  }
}

const ownFrame = { url: 'app://dversum/index.html#/settings/integrations', parent: null };

const host = bareHost('desktop', () => 'http://127.0.0.1:4317');

describe('IPC from the contract', () => {
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  function setup(extra: Partial<Parameters<typeof registerContractIpc>[0]> = {}) {
    core = openCore({ clock: systemClock }).core;
    const ipcMain = new HandlerRegistry();
    const errors: string[] = [];
    const unregister = registerContractIpc({
      ipcMain,
      handlers: createHandlers(core, host),
      isAppUrl: (url) => isAppUrl(url),
      logError: (name, err) => errors.push(`${name}: ${(err as Error).message}`),
      ...extra,
    });
    return { ipcMain, unregister, errors };
  }

  it('registers every operation of the contract, each on its own channel, and removes them all', () => {
    const { ipcMain, unregister } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(OPERATION_NAMES.map((n) => ipcChannel(n)).sort());
    expect(ipcMain.handlers.size).toBe(OPERATION_NAMES.length);
    expect(ipcMain.handlers.has('contract:dispatch.setPaused')).toBe(true);
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('runs an operation for our own page and returns its output', async () => {
    const { ipcMain } = setup();
    expect(await ipcMain.invoke('contract:dispatch.setPaused', { paused: true })).toEqual({
      ok: true,
      value: { paused: true, held: 0, failing: 0 },
    });
    expect(await ipcMain.invoke('contract:dispatch.status', undefined)).toEqual({
      ok: true,
      value: { paused: true, held: 0, failing: 0 },
    });
  });

  it('refuses invalid input with the 422 shape, naming each field', async () => {
    const { ipcMain } = setup();
    expect(await ipcMain.invoke('contract:dispatch.setPaused', { paused: 'yes' })).toEqual({
      ok: false,
      error: {
        status: 422,
        code: 'validation_failed',
        message: 'Paused: must be true or false',
        details: {
          fields: [{ path: 'paused', message: 'Paused: must be true or false' }],
        },
      },
    });
    const unknownKey = await ipcMain.invoke('contract:dispatch.status', { sneaky: 1 });
    expect(unknownKey).toMatchObject({ ok: false, error: { status: 422, code: 'validation_failed' } });
    const webhook = await ipcMain.invoke('contract:webhooks.create', {
      name: '',
      url: 'http://127.0.0.1:5678/x',
    });
    expect(webhook.ok).toBe(false);
    const fields = (webhook as { error: { details: { fields: { path: string }[] } } }).error.details.fields;
    expect(fields.map((f) => f.path).sort()).toEqual(['events', 'name']);
    expect(core!.webhooks.list()).toEqual([]);
  });

  it("refuses a sender that is not our page's main frame, before looking at the input", async () => {
    const { ipcMain } = setup();
    const forbidden = {
      ok: false,
      error: {
        status: 403,
        code: 'forbidden',
        message: 'dispatch.setPaused may only be called by the dVersum window',
      },
    };
    expect(
      await ipcMain.invoke(
        'contract:dispatch.setPaused',
        { paused: true },
        { url: 'https://evil.example/', parent: null },
      ),
    ).toEqual(forbidden);
    expect(
      await ipcMain.invoke(
        'contract:dispatch.setPaused',
        { paused: true },
        { url: 'app://dversum/x', parent: {} },
      ),
    ).toEqual(forbidden);
    expect(await ipcMain.invoke('contract:dispatch.setPaused', { paused: true }, null)).toEqual(forbidden);
    expect(
      await ipcMain.invoke('contract:dispatch.setPaused', 'garbage', {
        url: 'file:///tmp/x.html',
        parent: null,
      }),
    ).toEqual(forbidden);
    expect(core!.dispatcher.status().paused).toBe(false);
  });

  it('an AppError keeps its status; anything else is a generic 500, logged but not shown', async () => {
    const { ipcMain, errors } = setup({
      handlers: {
        'dispatch.status': () => {
          throw new AppError('conflict', 'busy');
        },
        'settings.get': () => {
          throw new TypeError('secret internals at /home/owner');
        },
      },
    });
    expect(await ipcMain.invoke('contract:dispatch.status', {})).toEqual({
      ok: false,
      error: { status: 409, code: 'conflict', message: 'busy' },
    });
    expect(await ipcMain.invoke('contract:settings.get', {})).toEqual({
      ok: false,
      error: { status: 500, code: 'internal', message: 'Something went wrong in dVersum' },
    });
    expect(errors).toEqual(['settings.get: secret internals at /home/owner']);
    expect(await ipcMain.invoke('contract:keys.list', {})).toEqual({
      ok: false,
      error: { status: 404, code: 'not_found', message: 'Operation keys.list is not available' },
    });
  });
});
