/**
 * The unit of work: one transaction per change, or one group commit per
 * event-loop turn shared by many changes, each answered after the commit;
 * turn writers in the same flush; dispatcher wake-ups only after it.
 * A second connection to the same file is the witness of what is committed.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteUnitOfWork, type TurnWriter } from '../../../main/core/store/unit-of-work.js';

let dir: string;
let sqlite: Database.Database;
let witness: Database.Database;
let work: SqliteUnitOfWork;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dversum-uow-'));
  const file = join(dir, 'test.db');
  sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('CREATE TABLE t (v TEXT NOT NULL UNIQUE)');
  witness = new Database(file, { readonly: true });
  work = new SqliteUnitOfWork(sqlite);
});

afterEach(() => {
  witness.close();
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (v: string) => sqlite.prepare('INSERT INTO t (v) VALUES (?)').run(v);
const committed = (): string[] =>
  (witness.prepare('SELECT v FROM t ORDER BY v').all() as { v: string }[]).map((r) => r.v);

describe('transaction', () => {
  it('commits before it returns', () => {
    work.transaction(() => insert('a'));
    expect(committed()).toEqual(['a']);
  });

  it('writes nothing when the change throws', () => {
    expect(() =>
      work.transaction(() => {
        insert('a');
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(committed()).toEqual([]);
  });

  it('inside a group change joins the group: nothing is committed until the group is', async () => {
    let seenInside: string[] = [];
    await work.commitWithOthers(() => {
      work.transaction(() => insert('a'));
      seenInside = committed();
    });
    expect(seenInside).toEqual([]);
    expect(committed()).toEqual(['a']);
  });
});

describe('commitWithOthers', () => {
  it('changes of one turn share one transaction, each answered after the commit', async () => {
    const seen: string[][] = [];
    const answers = ['a', 'b', 'c'].map((v) =>
      work.commitWithOthers(() => {
        seen.push(committed());
        insert(v);
        return v;
      }),
    );
    const afterEach = answers.map((answer) => answer.then((v) => ({ v, committed: committed() })));
    const results = await Promise.all(afterEach);
    // Neither b nor c saw a committed: the three ran in one transaction.
    expect(seen).toEqual([[], [], []]);
    for (const result of results) expect(result.committed).toEqual(['a', 'b', 'c']);
    expect(results.map((r) => r.v)).toEqual(['a', 'b', 'c']);
  });

  it('a change that throws is rolled back alone and only its caller gets the error', async () => {
    const results = await Promise.allSettled([
      work.commitWithOthers(() => insert('a')),
      work.commitWithOthers(() => {
        insert('b');
        insert('a'); // UNIQUE fails: b is rolled back with it
      }),
      work.commitWithOthers(() => insert('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toContain('UNIQUE constraint failed');
    expect(committed()).toEqual(['a', 'c']);
  });

  it('an error that ends the transaction fails every change of the group, and none is written', async () => {
    const results = await Promise.allSettled([
      work.commitWithOthers(() => insert('a')),
      work.commitWithOthers(() => {
        sqlite.prepare('ROLLBACK').run();
        throw new Error('the disk is full');
      }),
      work.commitWithOthers(() => insert('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(committed()).toEqual([]);
    // The next turn commits normally.
    await work.commitWithOthers(() => insert('d'));
    expect(committed()).toEqual(['d']);
  });
});

describe('the end-of-turn flush', () => {
  const queueWriter = (rows: string[], onFail?: (error: unknown) => void): TurnWriter => ({
    pending: () => rows.length > 0,
    write: () => {
      for (const v of rows.splice(0)) insert(v);
    },
    failed: onFail,
  });

  it('writes queued rows in the same transaction as the turn’s changes, after them', async () => {
    const rows = ['log1', 'log2'];
    work.addWriter(queueWriter(rows));
    const seen = await work.commitWithOthers(() => {
      insert('a');
      return committed();
    });
    expect(seen).toEqual([]);
    expect(committed()).toEqual(['a', 'log1', 'log2']);
  });

  it('asks a writer that had nothing again after the changes, and writes what they queued in the same commit', async () => {
    let commits = 0;
    work = new SqliteUnitOfWork(sqlite, () => commits++);
    const rows: string[] = [];
    work.addWriter(queueWriter(rows));
    let seenAfterFirst: string[] = [];
    await Promise.all([
      work.commitWithOthers(() => {
        insert('a');
        rows.push('made-by-a');
      }),
      work.commitWithOthers(() => {
        seenAfterFirst = committed();
        insert('b');
      }),
    ]);
    expect(seenAfterFirst).toEqual([]);
    // One commit: the changes and what they queued.
    expect(committed()).toEqual(['a', 'b', 'made-by-a']);
    expect(rows).toEqual([]);
    expect(commits).toBe(1);
  });

  it('asks a writer afterEvents only in a flush after an event was recorded (wake), then in its commit', async () => {
    let asked = 0;
    const written: string[][] = [];
    work.addWriter({
      afterEvents: true,
      pending: () => {
        asked++;
        return true;
      },
      write: () => void written.push(['seen', ...committed()]),
    });
    await work.commitWithOthers(() => insert('a'));
    expect(asked).toBe(0);
    await Promise.all([
      work.commitWithOthers(() => insert('b')),
      work.commitWithOthers(() => {
        insert('c');
        work.wake();
      }),
    ]);
    // Asked once, after the changes, and written before their commit (the witness saw only 'a').
    expect(asked).toBe(1);
    expect(written).toEqual([['seen', 'a']]);
    expect(committed()).toEqual(['a', 'b', 'c']);
    await work.commitWithOthers(() => insert('d'));
    expect(asked).toBe(1);
    // An event recorded outside a flush: the next flush asks it, in a transaction of its own if need be.
    work.transaction(() => {
      insert('e');
      work.wake();
    });
    work.requestFlush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toBe(2);
    expect(written).toHaveLength(2);
  });

  it('a writer that fails loses only its rows: the changes are kept', async () => {
    const failures: unknown[] = [];
    work.addWriter(queueWriter(['a'], (error) => failures.push(error)));
    await work.commitWithOthers(() => insert('a'));
    expect(committed()).toEqual(['a']);
    expect(String(failures[0])).toContain('UNIQUE constraint failed');
  });

  it('runs for writers alone when asked, and not at all when nothing is queued', async () => {
    const rows: string[] = [];
    work.addWriter(queueWriter(rows));
    rows.push('x');
    work.requestFlush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(committed()).toEqual(['x']);
  });

  it('wakes the listeners once per turn, after the commit of the change that asked', async () => {
    const wakes: string[][] = [];
    work.afterCommit(() => {
      wakes.push(committed());
    });
    await Promise.all(
      ['a', 'b'].map((v) =>
        work.commitWithOthers(() => {
          insert(v);
          work.wake();
        }),
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(wakes).toEqual([['a', 'b']]);

    work.transaction(() => {
      insert('c');
      work.wake();
    });
    work.wake();
    await new Promise((resolve) => setImmediate(resolve));
    expect(wakes).toEqual([
      ['a', 'b'],
      ['a', 'b', 'c'],
    ]);
  });

  it('answers the callers after the sends a listener started (its own setImmediate first)', async () => {
    const order: string[] = [];
    // As undici does on a kept-alive connection: the request is written in a setImmediate.
    work.afterCommit(() => {
      setImmediate(() => order.push('send written'));
      return true;
    });
    await work.commitWithOthers(() => {
      insert('a');
      work.wake();
    });
    order.push('caller answered');
    expect(order).toEqual(['send written', 'caller answered']);
    expect(committed()).toEqual(['a']);
  });

  it('tells the checkpoint thread of the commit after the sends a listener started, before the callers', async () => {
    const order: string[] = [];
    work = new SqliteUnitOfWork(sqlite, () => order.push('checkpointer told'));
    work.afterCommit(() => {
      setImmediate(() => order.push('send written'));
      return true;
    });
    await work.commitWithOthers(() => {
      insert('a');
      work.wake();
    });
    order.push('caller answered');
    expect(order).toEqual(['send written', 'checkpointer told', 'caller answered']);
  });

  it('answers the callers at once when no listener started a send', async () => {
    const order: string[] = [];
    work.afterCommit(() => {
      setImmediate(() => order.push('listener’s immediate'));
    });
    await work.commitWithOthers(() => {
      insert('a');
      work.wake();
    });
    order.push('caller answered');
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['caller answered', 'listener’s immediate']);
  });

  it('answers the callers even when a listener throws after starting a send', async () => {
    const errors: unknown[] = [];
    const onUncaught = (error: unknown) => errors.push(error);
    process.prependListener('uncaughtException', onUncaught);
    try {
      work.afterCommit(() => true);
      work.afterCommit(() => {
        throw new Error('listener failed');
      });
      const answered = work.commitWithOthers(() => {
        insert('a');
        work.wake();
        return 'done';
      });
      await expect(answered).resolves.toBe('done');
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
    expect(committed()).toEqual(['a']);
  });

  it('removed writers and listeners are not called', async () => {
    const rows = ['x'];
    const removeWriter = work.addWriter(queueWriter(rows));
    let woken = 0;
    const removeListener = work.afterCommit(() => {
      woken++;
    });
    removeWriter();
    removeListener();
    work.wake();
    await work.commitWithOthers(() => insert('a'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(committed()).toEqual(['a']);
    expect(woken).toBe(0);
  });
});
