/**
 * Every failure a transport can meet becomes a ContractError, so the screens
 * handle one shape: `status`, `code`, `message` and `fields` for the form.
 */
import { ContractError } from '../../../contract/operations.js';

interface ErrorShape {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  details?: unknown;
}

/** Turns the contract's `{ error: { code, message, details } }` body (or a bare shape) into a ContractError. */
export function contractErrorFrom(status: number, body: unknown): ContractError {
  const shape = ((body as { error?: ErrorShape } | null)?.error ?? body ?? {}) as ErrorShape;
  const code = typeof shape.code === 'string' ? shape.code : 'error';
  const message = typeof shape.message === 'string' ? shape.message : `The call failed (status ${status})`;
  return new ContractError(status, code, message, shape.details);
}

/** Whatever a bridge or fetch threw, as a ContractError. */
export function toContractError(err: unknown): ContractError {
  if (err instanceof ContractError) return err;
  if (err && typeof err === 'object') {
    const shape = err as ErrorShape;
    if (typeof shape.status === 'number' && typeof shape.code === 'string') {
      return contractErrorFrom(shape.status, shape);
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ContractError(0, 'network', message);
}

/** The field messages of a failed call, by dotted path (empty when it was not a validation error). */
export function fieldErrors(err: unknown): Record<string, string> {
  return err instanceof ContractError ? err.fields : {};
}

/** The message for one field: its own path or any path below it (`ipWhitelist.2`). */
export function fieldError(fields: Record<string, string>, name: string): string | undefined {
  if (fields[name]) return fields[name];
  const nested = Object.keys(fields).find((path) => path.startsWith(`${name}.`));
  return nested ? fields[nested] : undefined;
}

export { ContractError };
