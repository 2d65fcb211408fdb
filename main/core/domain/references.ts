/**
 * References between objects: a `clientId`, `projectId` or `taskId` in an
 * input must name an existing row (422 naming the field), and a row others
 * refer to is not deleted (409 saying what refers to it).
 */
import { count, eq } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { conflict, invalid } from '../errors.js';
import type { Db } from '../store/database.js';
import { clients, invoices, projects, quotes, tasks, timeEntries } from '../store/schema.js';
import { findById } from './statements.js';

export type ClientRow = typeof clients.$inferSelect;
export type ProjectRow = typeof projects.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;

const lookup = {
  client: (db: Db, id: string) => findById(db, clients, id),
  project: (db: Db, id: string) => findById(db, projects, id),
  task: (db: Db, id: string) => findById(db, tasks, id),
};

interface RowOf {
  client: ClientRow;
  project: ProjectRow;
  task: TaskRow;
}

/** The referenced row, or a 422 naming `path`: `{path: 'clientId', message: 'no client with id cli_…'}`. */
export function requireReference<K extends keyof RowOf>(db: Db, kind: K, id: string, path: string): RowOf[K] {
  const row = lookup[kind](db, id) as RowOf[K] | undefined;
  if (!row) throw invalid([{ path, message: `no ${kind} with id ${id}` }]);
  return row;
}

/**
 * A project on a quote or invoice must belong to its client (when the project
 * has one), so an invoice never mixes one client's project with another client.
 */
export function requireProjectOfClient(db: Db, projectId: string, clientId: string): void {
  const project = requireReference(db, 'project', projectId, 'projectId');
  if (project.clientId && project.clientId !== clientId) {
    throw invalid([
      {
        path: 'projectId',
        message: `project ${projectId} belongs to client ${project.clientId}, not ${clientId}`,
      },
    ]);
  }
}

interface Referrer {
  table: SQLiteTable;
  column: SQLiteColumn;
  singular: string;
  plural: string;
}

const referrer = (
  table: SQLiteTable,
  column: SQLiteColumn,
  singular: string,
  plural = `${singular}s`,
): Referrer => ({
  table,
  column,
  singular,
  plural,
});

export const REFERRERS = {
  client: [
    referrer(projects, projects.clientId, 'project'),
    referrer(quotes, quotes.clientId, 'quote'),
    referrer(invoices, invoices.clientId, 'invoice'),
  ],
  project: [
    referrer(tasks, tasks.projectId, 'task'),
    referrer(timeEntries, timeEntries.projectId, 'time entry', 'time entries'),
    referrer(quotes, quotes.projectId, 'quote'),
    referrer(invoices, invoices.projectId, 'invoice'),
  ],
  task: [referrer(timeEntries, timeEntries.taskId, 'time entry', 'time entries')],
} as const;

const joinList = (parts: string[]): string =>
  parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;

/** Throws 409 when anything refers to the row: "Client cli_… is still used by 2 projects and 1 invoice; …". */
export function refuseDeleteWhileReferenced(db: Db, kind: keyof typeof REFERRERS, id: string): void {
  const used: string[] = [];
  for (const ref of REFERRERS[kind]) {
    const n = db.select({ n: count() }).from(ref.table).where(eq(ref.column, id)).get()?.n ?? 0;
    if (n > 0) used.push(`${n} ${n === 1 ? ref.singular : ref.plural}`);
  }
  if (used.length === 0) return;
  const name = kind[0].toUpperCase() + kind.slice(1);
  throw conflict(`${name} ${id} is still used by ${joinList(used)}; delete or reassign them first`);
}

/** The client of a quote or invoice must exist, and its project (if any) must exist and be that client's. */
export function requireClientAndProject(db: Db, clientId: string, projectId: string | null): void {
  requireReference(db, 'client', clientId, 'clientId');
  if (projectId) requireProjectOfClient(db, projectId, clientId);
}
