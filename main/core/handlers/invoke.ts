/**
 * Runs one contract operation for a transport (ipcMain or /admin/rpc): the
 * name must be known, the input is validated by the operation's zod schema
 * (422 with the fields named), then the handler runs.
 */
import { isOperationName, operations, type OperationName } from '../../../contract/index.js';
import { AppError } from '../errors.js';
import { storageError } from '../store/storage-errors.js';
import { parseOrThrow } from '../validation.js';
import type { Handlers } from './types.js';

export async function invokeOperation(
  handlers: Partial<Handlers>,
  name: string,
  rawInput: unknown,
): Promise<unknown> {
  if (!isOperationName(name)) throw new AppError('not_found', `Unknown operation ${name}`);
  const op = operations[name as OperationName];
  const input = parseOrThrow(op.input, rawInput ?? {});
  const handler = handlers[name] as ((input: unknown) => unknown) | undefined;
  if (!handler) throw new AppError('not_found', `Operation ${name} is not available`);
  try {
    return await handler(input);
  } catch (err) {
    // A full disk or a read-only database file is said plainly (see storage-errors.ts).
    throw storageError(err) ?? err;
  }
}
