/**
 * The bridge the preload exposes on `window.dversum`: the contract's operation
 * names, `call` and `on` — never ipcRenderer, its events or its senders. Built
 * from an injected ipcRenderer-like object so it is tested under plain Node.
 *
 * A failed call rejects with the contract's error shape as a plain object
 * (`{status, code, message, details?}`): an Error crossing contextBridge keeps
 * only its message, a plain object arrives whole.
 *
 * `on` listens on the one notice channel and hands the page only what parses
 * as a notice of the closed list (`contract/notices.ts`), never the IPC event.
 */
import { ipcChannel, type BridgeErrorShape, type DversumBridge, type IpcResult } from '../contract/bridge.js';
import { NOTICE_CHANNEL, parseNotice } from '../contract/notices.js';
import { isOperationName, OPERATION_NAMES } from '../contract/operations.js';

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
    on(listener) {
      if (typeof listener !== 'function') throw new TypeError('on(listener) needs a function');
      // The first argument is the IpcRendererEvent (it carries `sender`, the ipcRenderer): never passed on.
      const forward = (_event: unknown, payload: unknown) => {
        const notice = parseNotice(payload);
        if (notice) listener(notice);
      };
      ipc.on(NOTICE_CHANNEL, forward as (...args: unknown[]) => void);
      return () => void ipc.removeListener(NOTICE_CHANNEL, forward as (...args: unknown[]) => void);
    },
  } satisfies DversumBridge);
}
