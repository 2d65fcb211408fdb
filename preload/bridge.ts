/**
 * The bridge the preload exposes on `window.dversum`: the contract's operation
 * names, `call` and `on` — never ipcRenderer, its events or its senders. Built
 * from an injected ipcRenderer-like object so it is tested under plain Node.
 *
 * A failed call rejects with the contract's error shape as a plain object
 * (`{status, code, message, details?}`): an Error crossing contextBridge keeps
 * only its message, a plain object arrives whole.
 */
import { ipcChannel, type BridgeErrorShape, type DversumBridge, type IpcResult } from '../contract/bridge.js';
import { isOperationName, OPERATION_NAMES } from '../contract/operations.js';

/** Notices main may send to the window. */
export const NOTICE_CHANNELS = ['dispatch.changed'] as const;

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (...args: unknown[]) => void): unknown;
}

const refusal = (status: number, code: string, message: string): BridgeErrorShape => ({
  status,
  code,
  message,
});

export function createBridge(ipc: IpcRendererLike): DversumBridge {
  const operations = Object.freeze([...OPERATION_NAMES]);
  return Object.freeze({
    operations,
    async call(name, input) {
      if (typeof name !== 'string' || !isOperationName(name)) {
        throw refusal(404, 'not_found', `Unknown operation ${String(name)}`);
      }
      const result = (await ipc.invoke(ipcChannel(name), input)) as IpcResult;
      if (result.ok) return result.value;
      throw result.error;
    },
    on(channel, listener) {
      if (!(NOTICE_CHANNELS as readonly string[]).includes(channel)) {
        throw new Error(`Unknown notice channel ${String(channel)}`);
      }
      // The page's listener never sees the IpcRendererEvent (it carries `sender`, the ipcRenderer).
      const forward = () => listener();
      ipc.on(channel, forward);
      return () => void ipc.removeListener(channel, forward);
    },
  } satisfies DversumBridge);
}
