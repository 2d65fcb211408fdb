/**
 * Helpers every service uses to change rows: one transaction per change (the
 * outbox row is written inside it), and patch handling where `undefined`
 * leaves a field alone and `null` clears it.
 */
import type { CoreContext } from '../context.js';

/**
 * Runs `change` in one IMMEDIATE transaction (joining the enclosing unit of
 * work when there is one), so the change and its outbox row are written
 * together or not at all.
 */
export function inTransaction<T>(ctx: CoreContext, change: () => T): T {
  return ctx.work.transaction(change);
}

/** The fields of a patch that were given (null included, undefined dropped). */
export function givenFields<P extends object>(patch: P): Partial<P> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<P>;
}

/** The subset of `values` that differs from `row`; compares scalars and JSON text. */
export function changedFields<V extends object>(row: object, values: V): Partial<V> {
  const current = row as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(values).filter(([key, value]) => value !== undefined && current[key] !== value),
  ) as Partial<V>;
}

export const hasKeys = (value: object): boolean => Object.keys(value).length > 0;
