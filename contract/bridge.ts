/**
 * What the Electron preload exposes on `window.dversum`: the contract's
 * operation names, one call function and one notice subscription, nothing
 * else (never ipcRenderer).
 * A failed call rejects with an error carrying the contract's error shape.
 */
import type { Notice } from './notices.js';
import type { OperationName } from './operations.js';

export interface BridgeErrorShape {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

/** What ipcMain.handle returns for every operation; the preload unwraps it. */
export type IpcResult = { ok: true; value: unknown } | { ok: false; error: BridgeErrorShape };

export interface DversumBridge {
  readonly operations: readonly OperationName[];
  call(name: OperationName, input: unknown): Promise<unknown>;
  /** Main → window notices (`contract/notices.ts`), each checked against the list; returns the unsubscribe function. */
  on(listener: (notice: Notice) => void): () => void;
}

/** The IPC channel of an operation: the operation's own name, prefixed. */
export const ipcChannel = (name: OperationName): string => `contract:${name}`;
