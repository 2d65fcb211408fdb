/**
 * Who refers to a client, project or task: one prepared count per
 * referring column (`prepared.ts`), so a delete can be refused while anything still uses the row.
 */
import { count, eq, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../database.js';
import { invoices, projects, quotes, tasks, timeEntries } from '../schema.js';
import { onFirstUse } from './prepared.js';

/** The tables that refer to another, by the name the domain words them with. */
export type Referrer = 'projects' | 'tasks' | 'timeEntries' | 'quotes' | 'invoices';
export type Referenced = 'client' | 'project' | 'task';

const REFERRING: Record<Referenced, [Referrer, SQLiteTable, SQLiteColumn][]> = {
  client: [
    ['projects', projects, projects.clientId],
    ['quotes', quotes, quotes.clientId],
    ['invoices', invoices, invoices.clientId],
  ],
  project: [
    ['tasks', tasks, tasks.projectId],
    ['timeEntries', timeEntries, timeEntries.projectId],
    ['quotes', quotes, quotes.projectId],
    ['invoices', invoices, invoices.projectId],
  ],
  task: [['timeEntries', timeEntries, timeEntries.taskId]],
};

interface CountStatement {
  get(values: { id: string }): { n: number } | undefined;
}

export class ReferenceCounts {
  private readonly counts: Record<Referenced, (readonly [Referrer, () => CountStatement])[]>;

  constructor(db: Db) {
    this.counts = Object.fromEntries(
      Object.entries(REFERRING).map(([kind, referring]) => [
        kind,
        referring.map(
          ([name, table, column]) =>
            [
              name,
              onFirstUse(() =>
                db
                  .select({ n: count() })
                  .from(table)
                  .where(eq(column, sql.placeholder('id')))
                  .prepare(),
              ),
            ] as const,
        ),
      ]),
    ) as unknown as typeof this.counts;
  }

  /** How many rows of each referring table name the row, in a fixed order (zeros included). */
  usedBy(kind: Referenced, id: string): [Referrer, number][] {
    return this.counts[kind].map(([name, statement]) => [name, statement().get({ id })?.n ?? 0]);
  }
}
