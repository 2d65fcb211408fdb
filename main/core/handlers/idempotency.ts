/**
 * The Idempotency-Key's first answers: the store side of the `idempotent`
 * commit policy (policy.ts), and the only way above `store/` to the
 * `idempotency_keys` table. One per core (`Core.idempotency`), so the keys
 * whose first request is running are known to every app built on it.
 *
 * - `claim` (before the change, no transaction): the stored answer to replay,
 *   or this request's claim on the key; the same key with another request is
 *   a 422, one still running in this process a 409. A row past the 24 h, or a
 *   reservation row an earlier version committed before its create (status 0,
 *   left by a process that died mid-request), counts as no row.
 * - `save` (inside the change's savepoint, called by the policy): the answer
 *   replaces any row `claim` did not count (an upsert), so a crash keeps both
 *   or neither; the expired rows are dropped in the same savepoint, at most
 *   once a minute (`FORGET_EVERY_MS`: `claim` counts none of them anyway, and
 *   a delete per call cost a statement per call).
 * - `saveSent`: a route declared idempotent whose change did not run under
 *   the policy (one a later feature adds on its own) still gets its success
 *   replayed: the answer is written in a transaction of its own as it is
 *   sent, after its change committed.
 *
 * Only a success is kept: a refused request created nothing, so the caller
 * may fix it and send it again under the same key.
 *
 * When this process owns the file (`ownsFile`: the data folder's instance
 * lock held, or a database in memory), no other writes `idempotency_keys`:
 * the keys with an answer in the window are then kept in memory (loaded on
 * the first claim, added by `save`, dropped with the expired rows), so a new
 * key, the usual case, is claimed without a read; a key in memory is read
 * from the table for its answer. Beyond `MAX_KNOWN` keys, or without owning
 * the file (two cores on one file, in tests), every claim reads the table.
 */
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { IdempotencyKeysTable, IdempotencyRow } from '../store/repositories/idempotency-keys.js';
import type { UnitOfWork } from '../store/unit-of-work.js';

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60_000;
/** The expired answers are deleted at most this often (a save that runs the delete then rolls back waits a minute more). */
export const FORGET_EVERY_MS = 60_000;
/** The most keys kept in memory; past it the table is read on every claim until the window empties enough. */
export const MAX_KNOWN = 100_000;
/** The status of a reservation row older versions committed before the change. */
const ABANDONED = 0;

/** A request's hold on its Idempotency-Key while it runs. */
export interface IdempotencyClaim {
  readonly scope: string;
  readonly key: string;
  readonly requestHash: string;
  readonly createdAt: number;
  /** The answer is written (in the change's savepoint, committed with it or not at all). */
  saved: boolean;
  /** The change is queued in a group commit, which frees the key once committed. */
  committing: boolean;
  /** Frees the key for the next request (only this claim's own hold). */
  release(): void;
}

export type IdempotencyLookup =
  | { replay: { status: number; response: string }; claim?: undefined }
  | { claim: IdempotencyClaim; replay?: undefined };

/** What the server asks: before a change, the answer to replay or the claim to commit under; after it, `saveSent`. */
export interface IdempotencyClaims {
  claim(scope: string, key: string, requestHash: string): IdempotencyLookup;
  saveSent(claim: IdempotencyClaim, status: number, response: string): void;
}

const differentRequest = (key: string) =>
  new AppError(
    'validation_failed',
    `Idempotency-Key "${key}" was already used with a different request; use a new key for a new request`,
    { fields: [{ path: 'Idempotency-Key', message: 'already used with a different request' }] },
  );

/** The stored answer that still counts: none past the window, nor a reservation an older version left. */
function liveAnswer(row: IdempotencyRow | undefined, now: number): IdempotencyRow | undefined {
  if (!row || row.status === ABANDONED || row.createdAt < now - IDEMPOTENCY_WINDOW_MS) return undefined;
  return row;
}

export class IdempotentAnswers implements IdempotencyClaims {
  /** Keys whose first request is running in this process (`scope \n key`). */
  private readonly inFlight = new Map<string, IdempotencyClaim>();
  /** When `save` last dropped the expired answers. */
  private forgotAt = -Infinity;

  /**
   * Every key with a row that may still count (`scope \n key` → its row's time), or
   * undefined when not known (not loaded yet, not owning the file, or too many).
   */
  private known: Map<string, number> | undefined;
  private loaded = false;

  constructor(
    private readonly deps: {
      table: IdempotencyKeysTable;
      clock: Clock;
      work: Pick<UnitOfWork, 'transaction'>;
      /** No other process writes the file (see above). */
      ownsFile?: boolean;
    },
  ) {}

  /** The answer stored for the key, if any may be: from the table unless memory says there is none. */
  private stored(scope: string, key: string, id: string, now: number): IdempotencyRow | undefined {
    const known = this.knownKeys(now);
    if (known && !known.has(id)) return undefined;
    return this.deps.table.find(scope, key);
  }

  private knownKeys(now: number): Map<string, number> | undefined {
    if (!this.loaded && this.deps.ownsFile) {
      this.loaded = true;
      const rows = this.deps.table.keysSince(now - IDEMPOTENCY_WINDOW_MS);
      if (rows.length <= MAX_KNOWN)
        this.known = new Map(rows.map((row) => [`${row.scope}\n${row.key}`, row.createdAt]));
    }
    return this.known;
  }

  claim(scope: string, key: string, requestHash: string): IdempotencyLookup {
    const id = `${scope}\n${key}`;
    const running = this.inFlight.get(id);
    if (running) {
      if (running.requestHash !== requestHash) throw differentRequest(key);
      throw new AppError(
        'conflict',
        `A request with Idempotency-Key "${key}" is still being processed; retry shortly`,
      );
    }
    const now = this.deps.clock.now();
    const replay = liveAnswer(this.stored(scope, key, id, now), now);
    if (replay && replay.requestHash !== requestHash) throw differentRequest(key);
    if (replay) return { replay: { status: replay.status, response: replay.response } };

    const claim: IdempotencyClaim = {
      scope,
      key,
      requestHash,
      createdAt: now,
      saved: false,
      committing: false,
      // Only its own entry: a later request may hold the key by now.
      release: () => {
        if (this.inFlight.get(id) === claim) this.inFlight.delete(id);
      },
    };
    this.inFlight.set(id, claim);
    return { claim };
  }

  /** Writes the answer over any row `claim` did not count, and (once a minute) drops the keys past the window. */
  save(claim: IdempotencyClaim, status: number, response: string): void {
    const { table } = this.deps;
    if (claim.createdAt - this.forgotAt >= FORGET_EVERY_MS) {
      const before = claim.createdAt - IDEMPOTENCY_WINDOW_MS;
      table.forgetBefore(before);
      this.forgotAt = claim.createdAt;
      if (this.known) for (const [id, at] of this.known) if (at < before) this.known.delete(id);
      // Too many to keep: read them again from the table once the window has emptied enough.
      if (!this.known && this.loaded) this.loaded = false;
    }
    table.save({
      scope: claim.scope,
      key: claim.key,
      requestHash: claim.requestHash,
      status,
      response,
      createdAt: claim.createdAt,
    });
    // Kept even if the savepoint then rolls back: a key in memory is only read from the table.
    if (this.known) {
      this.known.set(`${claim.scope}\n${claim.key}`, claim.createdAt);
      if (this.known.size > MAX_KNOWN) this.known = undefined;
    }
    claim.saved = true;
  }

  /** The answer of a change committed without the policy, written on its own as it is sent. */
  saveSent(claim: IdempotencyClaim, status: number, response: string): void {
    if (claim.saved) return;
    this.deps.work.transaction(() => this.save(claim, status, response));
  }
}
