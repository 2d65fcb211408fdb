/**
 * The one way the core runs a change, and the one end-of-turn flush.
 *
 * - `transaction(change)`: one IMMEDIATE transaction, committed before it
 *   returns. Called inside a unit of work already (a group's change, or
 *   another transaction), it joins it: the enclosing savepoint already makes
 *   the change all-or-nothing, so no second savepoint is opened.
 * - `commitWithOthers(change)`: the change joins this event-loop turn's
 *   group: many changes share one IMMEDIATE transaction, each in a savepoint
 *   of its own, and each caller is answered only once that transaction has
 *   committed (one commit and one WAL append serve many calls). A change that
 *   throws is rolled back to its savepoint and only its caller gets the error;
 *   a failed BEGIN or COMMIT, or an error that made SQLite abandon the
 *   transaction (a full disk, a read-only file), fails every change of the
 *   group: none of them was written.
 * - Turn writers (`addWriter`): queued rows (the incoming log) are written in
 *   the same end-of-turn transaction, after the group's changes, each writer
 *   in a savepoint of its own, so a failing writer never undoes a change.
 *   A writer is asked `pending()` before the transaction (whether one is needed
 *   at all) and, if it had nothing then, again after the group's changes: what
 *   they made (the fan-out's new events) is written in the same commit. A writer
 *   `afterEvents` is asked only when an event was recorded (`wake()`) since the
 *   last time it was asked.
 * - `afterCommit` listeners (the dispatcher) are woken once at the end of a
 *   turn in which `wake()` was called (an event was recorded), after the
 *   flush's commit, never before. A listener that started a send returns
 *   true: the group's callers are then answered one loop turn later
 *   (`setImmediate`), after the sends. undici writes a request on a kept-alive
 *   connection only after a `setImmediate` of its own (it first lets the event
 *   loop read whatever the idle socket received); answered at once, every
 *   reply — its serialization, its write, which wakes the caller on loopback,
 *   the incoming log's hooks — went out before the delivery the call caused.
 *   `onCommit` (the checkpoint thread's wake-up) waits for the sends too.
 */
import type { Sqlite } from './database.js';

/** Queued work written at the end of a turn. */
export interface TurnWriter {
  /** Whether anything is queued. */
  pending(): boolean;
  /** Writes what is queued (inside the flush's transaction). */
  write(): void;
  /** The flush could not write (the transaction failed): what was queued is gone. */
  failed?(error: unknown): void;
  /** Has work only when an event was recorded (`wake()`) since it was last asked: not asked otherwise. */
  afterEvents?: boolean;
}

export interface UnitOfWork {
  transaction<T>(change: () => T): T;
  commitWithOthers<T>(change: () => T): Promise<T>;
  /** Asks for the end-of-turn flush (a writer queued something). */
  requestFlush(): void;
  addWriter(writer: TurnWriter): () => void;
  /** Wakes the `afterCommit` listeners at the end of this turn, after its flush. */
  wake(): void;
  /** `listener` returns true when it started a send: the callers are answered after it. */
  afterCommit(listener: AfterCommitListener): () => void;
}

/** Called after a commit that recorded events; true when it started a send (see above). */
export type AfterCommitListener = () => boolean | void;

interface Pending {
  change: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Outcome {
  pending: Pending;
  ok: boolean;
  value: unknown;
}

export class SqliteUnitOfWork implements UnitOfWork {
  private group: Pending[] = [];
  private readonly writers = new Set<TurnWriter>();
  private readonly listeners = new Set<AfterCommitListener>();
  private scheduled = false;
  private flushing = false;
  private wakeRequested = false;
  /** `wake()` was called (an event recorded) since the writers were last asked. */
  private eventsRecorded = false;
  /** Nested inside `flushAll`, a SAVEPOINT of it. */
  private readonly savepoint;
  private readonly immediate;
  private readonly flushAll;

  /** `onCommit`: told after each commit (the WAL checkpointer's `written`). */
  constructor(
    private readonly sqlite: Sqlite,
    private readonly onCommit: () => void = () => {},
  ) {
    const run = sqlite.transaction((change: () => unknown) => change());
    this.savepoint = run;
    this.immediate = run.immediate;
    this.flushAll = sqlite.transaction((group: Pending[], writers: TurnWriter[]): Outcome[] => {
      const outcomes = group.map((pending) => this.attempt(pending));
      // What the changes queued for a writer that had nothing before them.
      if (group.length > 0) {
        const events = this.takeEvents();
        for (const writer of this.writers)
          if (!writers.includes(writer) && this.asks(writer, events)) writers.push(writer);
      }
      for (const writer of writers) {
        try {
          this.savepoint(() => writer.write());
        } catch (error) {
          if (!sqlite.inTransaction) throw error;
          writer.failed?.(error);
        }
      }
      return outcomes;
    }).immediate;
  }

  transaction<T>(change: () => T): T {
    if (this.sqlite.inTransaction) return change();
    const value = this.immediate(change) as T;
    this.onCommit();
    return value;
  }

  commitWithOthers<T>(change: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.group.push({ change, resolve: resolve as (value: unknown) => void, reject });
      this.requestFlush();
    });
  }

  requestFlush(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  addWriter(writer: TurnWriter): () => void {
    this.writers.add(writer);
    return () => void this.writers.delete(writer);
  }

  wake(): void {
    this.eventsRecorded = true;
    if (this.listeners.size === 0) return;
    this.wakeRequested = true;
    // A wake during the flush is answered at its end, after the commit.
    if (!this.flushing) this.requestFlush();
  }

  afterCommit(listener: AfterCommitListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private takeEvents(): boolean {
    const recorded = this.eventsRecorded;
    this.eventsRecorded = false;
    return recorded;
  }

  private asks(writer: TurnWriter, eventsRecorded: boolean): boolean {
    return (eventsRecorded || writer.afterEvents !== true) && writer.pending();
  }

  private attempt(pending: Pending): Outcome {
    try {
      return { pending, ok: true, value: this.savepoint(pending.change) };
    } catch (error) {
      // Some errors (a full disk) make SQLite roll back the whole transaction: then nothing
      // of the group was written, and every call must say so.
      if (!this.sqlite.inTransaction) throw error;
      return { pending, ok: false, value: error };
    }
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const group = this.group;
    this.group = [];
    const events = this.takeEvents();
    const writers = [...this.writers].filter((writer) => this.asks(writer, events));
    let outcomes: Outcome[] = [];
    let committed = false;
    if (group.length > 0 || writers.length > 0) {
      this.flushing = true;
      try {
        outcomes = this.flushAll(group, writers);
        committed = true;
      } catch (error) {
        for (const pending of group) pending.reject(error);
        for (const writer of writers) writer.failed?.(error);
      } finally {
        this.flushing = false;
      }
    }
    let sending = false;
    try {
      if (this.wakeRequested) {
        this.wakeRequested = false;
        for (const listener of this.listeners) if (listener() === true) sending = true;
      }
    } finally {
      // Queued after the listeners' own immediates (undici's), so the sends are written first; the
      // checkpoint thread is told of the commit then too (waking it costs the loop 0.1–0.3 ms).
      const after = (): void => {
        if (committed) this.onCommit();
        answer(outcomes);
      };
      if (sending) setImmediate(after);
      else after();
    }
  };
}

function answer(outcomes: Outcome[]): void {
  for (const { pending, ok, value } of outcomes) {
    if (ok) pending.resolve(value);
    else pending.reject(value);
  }
}
