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
 * - `idempotent`: `change`, and when the caller holds an Idempotency-Key
 *   (`IdempotentAnswers.claim`, idempotency.ts) its answer is written in the
 *   same savepoint as the change, so a crash keeps both or neither. Without a
 *   key it is exactly `change`. The REST creates use it; the window's calls,
 *   which send no key, run the same runner.
 *
 * While a restore runs (`availability.ts`), `change` and `direct` are refused with
 * its 503; `read` goes on until the core closes.
 */
import type { Availability } from '../availability.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import type { IdempotencyClaim, IdempotentAnswers } from './idempotency.js';

export type CommitPolicy = 'read' | 'change' | 'direct' | 'idempotent';

type Run<I, O> = (input: I) => O;

/** The caller's Idempotency-Key and how its answer reads, as the transport will send it. */
export interface IdempotentAnswer<O> {
  claim: IdempotencyClaim;
  status: number;
  /** The body exactly as the transport serialises `result`: what a replay answers. */
  serialise(result: O): string;
}

/** A change that may carry an Idempotency-Key's answer (`undefined`: no key, a plain `change`). */
export type IdempotentRun<I, O> = (input: I, answer?: IdempotentAnswer<O>) => Promise<O>;

export interface CommitPolicies {
  read<I, O>(run: Run<I, O>): Run<I, O>;
  change<I, O>(run: Run<I, O>): Run<I, Promise<O>>;
  direct<I, O>(run: Run<I, O>): Run<I, O>;
  idempotent<I, O>(run: Run<I, O>): IdempotentRun<I, O>;
}

/** What the policies use of the core. */
export interface PolicyServices {
  work: Pick<UnitOfWork, 'commitWithOthers'>;
  availability: Pick<Availability, 'assertReadable' | 'assertWritable'>;
  idempotency: Pick<IdempotentAnswers, 'save'>;
}

export function commitPolicies({ work, availability, idempotency }: PolicyServices): CommitPolicies {
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
    idempotent: (run) => (input, answer) => {
      availability.assertWritable();
      if (!answer) return work.commitWithOthers(() => run(input));
      const { claim } = answer;
      claim.committing = true;
      return work
        .commitWithOthers(() => {
          const result = run(input);
          idempotency.save(claim, answer.status, answer.serialise(result));
          return result;
        })
        .finally(() => claim.release());
    },
  };
}
