/**
 * Counts the SQL statements a core runs, by their text: every prepared
 * statement's `run`, `get`, `all` and `iterate` on that core's connection
 * (the transactions' own BEGIN, SAVEPOINT and COMMIT are better-sqlite3's and
 * not counted). For tests that pin how many statements a call costs.
 */
import type { Core } from '../../main/core/core.js';
import { storeOf } from '../../main/core/store/database.js';

const METHODS = ['run', 'get', 'all', 'iterate'] as const;

export interface StatementCounter {
  /** Every statement run since the last `reset`, in order. */
  readonly ran: string[];
  /** How many of them match `pattern`. */
  count(pattern: RegExp): number;
  reset(): void;
  /** Puts the statements back as they were. */
  stop(): void;
}

type Method = (this: { source: string; database: unknown }, ...args: unknown[]) => unknown;

export function countStatements(core: Core): StatementCounter {
  const sqlite = storeOf(core.store).sqlite;
  const proto = Object.getPrototypeOf(sqlite.prepare('SELECT 1')) as Record<string, Method>;
  const ran: string[] = [];
  const originals = METHODS.map((name) => [name, proto[name]] as const);
  for (const [name, original] of originals) {
    proto[name] = function (this: { source: string; database: unknown }, ...args: unknown[]) {
      if (this.database === sqlite) ran.push(this.source);
      return original.apply(this, args);
    };
  }
  return {
    ran,
    count: (pattern) => ran.filter((source) => pattern.test(source)).length,
    reset: () => {
      ran.length = 0;
    },
    stop: () => {
      for (const [name, original] of originals) proto[name] = original;
    },
  };
}
