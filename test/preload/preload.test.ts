import { describe, expect, it, vi } from 'vitest';
import { NOTICE_CHANNEL, OPERATION_NAMES, type IpcResult, type Notice } from '../../contract/index.js';
import { createBridge, type IpcRendererLike } from '../../preload/bridge.js';

/** ipcRenderer's invoke/on/removeListener, answering from a table. */
class ScriptedIpc implements IpcRendererLike {
  invoked: { channel: string; args: unknown[] }[] = [];
  listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  constructor(private readonly answer: (channel: string, input: unknown) => IpcResult) {}
  async invoke(channel: string, ...args: unknown[]) {
    this.invoked.push({ channel, args });
    return this.answer(channel, args[0]);
  }
  on(channel: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
  }
  removeListener(channel: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(
      channel,
      (this.listeners.get(channel) ?? []).filter((l) => l !== listener),
    );
  }
  emit(channel: string, ...args: unknown[]) {
    for (const l of this.listeners.get(channel) ?? []) l(...args);
  }
}

describe('the preload bridge', () => {
  it('exposes exactly operations, call and on — the operations being the contract’s names', () => {
    const ipc = new ScriptedIpc(() => ({ ok: true, value: null }));
    const bridge = createBridge(ipc);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on', 'operations']);
    expect(Object.values(bridge)).not.toContain(ipc);
    expect([...bridge.operations]).toEqual(OPERATION_NAMES);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.isFrozen(bridge.operations)).toBe(true);
  });

  it('call sends the input on the operation’s channel and unwraps the result', async () => {
    const ipc = new ScriptedIpc(() => ({ ok: true, value: { paused: true, held: 2, failing: 0 } }));
    const bridge = createBridge(ipc);
    expect(await bridge.call('dispatch.setPaused', { paused: true })).toEqual({
      paused: true,
      held: 2,
      failing: 0,
    });
    expect(ipc.invoked).toEqual([{ channel: 'contract:dispatch.setPaused', args: [{ paused: true }] }]);
  });

  it('a failed call rejects with the contract’s error shape as a plain object (it survives contextBridge)', async () => {
    const error = {
      status: 422,
      code: 'validation_failed',
      message: 'URL is required',
      details: { fields: [] },
    };
    const bridge = createBridge(new ScriptedIpc(() => ({ ok: false, error })));
    const rejection = await bridge.call('webhooks.create', {}).catch((e: unknown) => e);
    expect(rejection).toEqual(error);
    expect(Object.getPrototypeOf(rejection)).toBe(Object.prototype);
  });

  it('an unknown operation is refused without reaching main', async () => {
    const ipc = new ScriptedIpc(() => ({ ok: true, value: null }));
    const bridge = createBridge(ipc);
    await expect(bridge.call('shell.openPath' as never, {})).rejects.toEqual({
      status: 404,
      code: 'not_found',
      message: 'Unknown operation shell.openPath',
    });
    await expect(bridge.call('__proto__' as never, {})).rejects.toMatchObject({ status: 404 });
    expect(ipc.invoked).toEqual([]);
  });

  it('on forwards notices without the IPC event, and returns the unsubscribe', () => {
    const ipc = new ScriptedIpc(() => ({ ok: true, value: null }));
    const bridge = createBridge(ipc);
    const calls: unknown[][] = [];
    const off = bridge.on((...args: unknown[]) => void calls.push(args));
    const paused: Notice = { type: 'dispatch.changed', paused: true };
    ipc.emit(NOTICE_CHANNEL, { sender: 'the ipcRenderer itself' }, paused);
    expect(calls).toEqual([[paused]]);
    off();
    ipc.emit(NOTICE_CHANNEL, {}, paused);
    expect(calls).toHaveLength(1);
    expect(NOTICE_CHANNEL).toBe('notice');
    expect(() => bridge.on('dispatch.changed' as never)).toThrow('on(listener) needs a function');
  });

  it('on hands the page only notices of the closed list, whatever else arrives on the channel', () => {
    const ipc = new ScriptedIpc(() => ({ ok: true, value: null }));
    const bridge = createBridge(ipc);
    const seen: Notice[] = [];
    bridge.on((notice) => void seen.push(notice));
    ipc.emit(NOTICE_CHANNEL, {}, { type: 'shell.openPath', path: '/' });
    ipc.emit(NOTICE_CHANNEL, {}, { type: 'keys.used', keyId: 'key_01abcdefghjkmnpqrstvwxyz00', extra: 1 });
    ipc.emit(NOTICE_CHANNEL, {}, undefined);
    const used: Notice = { type: 'keys.used', keyId: 'key_01abcdefghjkmnpqrstvwxyz00' };
    ipc.emit(NOTICE_CHANNEL, {}, used);
    expect(seen).toEqual([used]);
  });
});

const exposed: { key: string; api: unknown }[] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void exposed.push({ key, api }) },
  ipcRenderer: {
    invoke: async () => ({ ok: true, value: null }),
    on: () => undefined,
    removeListener: () => undefined,
  },
}));

describe('preload/index.ts', () => {
  it('exposes one thing, window.dversum, and it is the bridge (never ipcRenderer)', async () => {
    await import('../../preload/index.js');
    expect(exposed.map((e) => e.key)).toEqual(['dversum']);
    expect(Object.keys(exposed[0].api as object).sort()).toEqual(['call', 'on', 'operations']);
  });
});
