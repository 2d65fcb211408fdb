/**
 * What every service that changes rows is built from, and the patch helpers
 * it uses: `undefined` leaves a field alone and `null` clears it. What an
 * update changes is decided by the generic body (`object-body.ts` `changes`),
 * which compares JSON columns as stored.
 *
 * A change runs in `work.transaction` (one IMMEDIATE transaction, or the
 * enclosing unit of work it joins), so the change and its outbox row are
 * written together or not at all.
 */
import type { Clock } from '../clock.js';
import type { Outbox } from '../store/outbox.js';
import type { UnitOfWork } from '../store/unit-of-work.js';

/** The unit of work, the clock and the outbox: what each change needs besides its repositories. */
export interface ChangeDeps {
  work: Pick<UnitOfWork, 'transaction'>;
  clock: Clock;
  outbox: Pick<Outbox, 'record'>;
}

/** The fields of a patch that were given (null included, undefined dropped). */
export function givenFields<P extends object>(patch: P): Partial<P> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<P>;
}

export const hasKeys = (value: object): boolean => Object.keys(value).length > 0;
