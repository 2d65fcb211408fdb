/**
 * The commit policy of an operation, chosen once where its handler is
 * registered, so the window (IPC), `/admin/rpc` and `/api/v1` run it alike —
 * the way Actual Budget wraps its handlers (`mutator(undoable(fn))`):
 *
 * - `read`: runs at once; it writes nothing.
 * - `change`: joins this event-loop turn's group commit
 *   (`work.commitWithOthers`): one savepoint of the turn's one transaction,
 *   answered only once that transaction has committed. The service's own
 *   `work.transaction` joins the savepoint rather than opening another.
 * - `direct`: a change that commits on its own, at once, because it also moves
 *   state held in memory or wakes the dispatcher itself (pause, settings, test
 *   events, redeliver and replay): inside a group its memory would run ahead of
 *   a commit that may yet fail, and the dispatcher would read rows not yet
 *   committed. It joins `change` once its wake goes through `work.wake()`.
 *
 * While a restore runs (`availability.ts`), `change` and `direct` are refused with
 * its 503; `read` goes on until the core closes.
 */
import type { Availability } from '../availability.js';
import type { UnitOfWork } from '../store/unit-of-work.js';

export type CommitPolicy = 'read' | 'change' | 'direct';

type Run<I, O> = (input: I) => O;

export interface CommitPolicies {
  read<I, O>(run: Run<I, O>): Run<I, O>;
  change<I, O>(run: Run<I, O>): Run<I, Promise<O>>;
  direct<I, O>(run: Run<I, O>): Run<I, O>;
}

export function commitPolicies(
  work: Pick<UnitOfWork, 'commitWithOthers'>,
  availability: Pick<Availability, 'assertReadable' | 'assertWritable'>,
): CommitPolicies {
  return {
    read: (run) => (input) => {
      availability.assertReadable();
      return run(input);
    },
    change: (run) => (input) => {
      availability.assertWritable();
      return work.commitWithOthers(() => run(input));
    },
    direct: (run) => (input) => {
      availability.assertWritable();
      return run(input);
    },
  };
}
