/**
 * Group commit for the incoming creates: the changes that arrive in the same
 * event-loop turn are written in one IMMEDIATE transaction, each in a
 * savepoint of its own, and each caller is answered only once that
 * transaction has committed. A call is still "saved" before its 201; one
 * commit (and one WAL append) serves many calls instead of one each.
 *
 * A change that throws is rolled back to its savepoint and only its caller
 * gets the error; a failed BEGIN or COMMIT, or an error that made SQLite
 * abandon the transaction (a read-only or full disk), fails every call of the
 * group with that error: none of them was written.
 */
import type { CoreContext } from '../context.js';

type Sqlite = CoreContext['sqlite'];

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

class Group {
  private queue: Pending[] = [];
  /** The whole group; nested, `savepoint` is a SAVEPOINT of it. */
  private readonly writeAll;
  private readonly savepoint;

  constructor(sqlite: Sqlite) {
    this.savepoint = sqlite.transaction((change: () => unknown) => change());
    this.writeAll = sqlite.transaction((group: Pending[]): Outcome[] =>
      group.map((pending) => {
        try {
          return { pending, ok: true, value: this.savepoint(pending.change) };
        } catch (error) {
          // Some errors (a full disk) make SQLite roll back the whole transaction: then nothing
          // of the group was written, and every call must say so.
          if (!sqlite.inTransaction) throw error;
          return { pending, ok: false, value: error };
        }
      }),
    ).immediate;
  }

  add<T>(change: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ change, resolve: resolve as (value: unknown) => void, reject });
      if (this.queue.length === 1) setImmediate(this.commit);
    });
  }

  private readonly commit = (): void => {
    const group = this.queue;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.writeAll(group);
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    for (const { pending, ok, value } of outcomes) {
      if (ok) pending.resolve(value);
      else pending.reject(value);
    }
  };
}

const groups = new WeakMap<Sqlite, Group>();

/** Runs `change` in the transaction of this turn's group; resolves once it is committed. */
export function commitWithOthers<T>(sqlite: Sqlite, change: () => T): Promise<T> {
  let group = groups.get(sqlite);
  if (!group) groups.set(sqlite, (group = new Group(sqlite)));
  return group.add(change);
}
