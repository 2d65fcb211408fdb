/**
 * Registers every contract operation on ipcMain from the same table headless
 * mode serves: `ipcMain.handle(ipcChannel(name))`. Each call is refused unless
 * it comes from our own page's main frame; its input is validated by the
 * operation's zod schema (invokeOperation); the answer is always an IpcResult,
 * so the preload turns failures into ContractErrors with the HTTP statuses.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { ipcChannel, OPERATION_NAMES, type IpcResult, type OperationName } from '../../contract/index.js';
import { AppError } from '../core/errors.js';
import { invokeOperation } from '../core/handlers/invoke.js';
import type { Handlers } from '../core/handlers/types.js';

type Listener = (event: IpcMainInvokeEvent, input: unknown) => Promise<IpcResult>;

export interface IpcMainLike {
  handle(channel: string, listener: Listener): void;
  removeHandler(channel: string): void;
}

/** The frame of a call: only its URL and whether it is the top frame matter. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

export interface ContractIpcOptions {
  ipcMain: IpcMainLike;
  handlers: Partial<Handlers>;
  /** Our own page (see isAppUrl in app-protocol.ts). */
  isAppUrl(url: string): boolean;
  /** Unexpected errors (not AppErrors) are logged here; the page gets a generic 500. */
  logError?(name: OperationName, err: unknown): void;
}

export function toIpcError(err: unknown): IpcResult {
  if (err instanceof AppError) {
    return {
      ok: false,
      error: {
        status: err.status,
        code: err.code,
        message: err.message,
        ...(err.details === undefined ? {} : { details: err.details }),
      },
    };
  }
  return { ok: false, error: { status: 500, code: 'internal', message: 'Something went wrong in dVersum' } };
}

export function isTrustedSender(
  frame: SenderFrame | null | undefined,
  isAppUrl: (url: string) => boolean,
): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

/** Registers every operation; returns a function that removes them all. */
export function registerContractIpc(options: ContractIpcOptions): () => void {
  const { ipcMain, handlers, isAppUrl, logError } = options;
  for (const name of OPERATION_NAMES) {
    ipcMain.handle(ipcChannel(name), async (event, input) => {
      if (!isTrustedSender(event.senderFrame as SenderFrame | null, isAppUrl)) {
        return toIpcError(new AppError('forbidden', `${name} may only be called by the dVersum window`));
      }
      try {
        return { ok: true, value: await invokeOperation(handlers, name, input) };
      } catch (err) {
        if (!(err instanceof AppError)) logError?.(name, err);
        return toIpcError(err);
      }
    });
  }
  return () => {
    for (const name of OPERATION_NAMES) ipcMain.removeHandler(ipcChannel(name));
  };
}
