/**
 * References between objects: a `clientId`, `projectId` or `taskId` in an
 * input must name an existing row (422 naming the field), and a row others
 * refer to is not deleted (409 saying what refers to it, in the referrers'
 * `noun`/`plural`). Who refers to whom is the resource entries' `references`;
 * the rows and the counts come from the repositories
 * (`store/repositories/references.ts`).
 */
import { conflict, invalid } from '../errors.js';
import type { ObjectRepositories } from '../store/repositories/objects.js';
import type { Referenced } from '../store/repositories/references.js';
import { RESOURCES, singularLabel, type Resource } from '../../../contract/resources.js';
import type { StoredRowOf } from './object-rows.js';

type TableOf<K extends Referenced> = Resource<K>['list'];

/** The repositories the reference rules read: those of every object another one names. */
export type ReferenceTables = Pick<ObjectRepositories, TableOf<Referenced>>;

/** The referenced row, or a 422 naming `path`: `{path: 'clientId', message: 'no client with id cli_…'}`. */
export function requireReference<K extends Referenced>(
  tables: Pick<ObjectRepositories, TableOf<K>>,
  kind: K,
  id: string,
  path: string,
): StoredRowOf<K> {
  const table = (tables as Partial<ReferenceTables>)[RESOURCES[kind].list]!;
  const row = table.find(id) as StoredRowOf<K> | undefined;
  if (!row) throw invalid([{ path, message: `no ${kind} with id ${id}` }]);
  return row;
}

/**
 * A project on a quote or invoice must belong to its client (when the project
 * has one), so an invoice never mixes one client's project with another client.
 */
export function requireProjectOfClient(
  tables: Pick<ObjectRepositories, 'projects'>,
  projectId: string,
  clientId: string,
): void {
  const project = requireReference(tables, 'project', projectId, 'projectId');
  if (project.clientId && project.clientId !== clientId) {
    throw invalid([
      {
        path: 'projectId',
        message: `project ${projectId} belongs to client ${project.clientId}, not ${clientId}`,
      },
    ]);
  }
}

/** The client of a quote or invoice must exist, and its project (if any) must exist and be that client's. */
export function requireClientAndProject(
  tables: Pick<ObjectRepositories, 'clients' | 'projects'>,
  clientId: string,
  projectId: string | null,
): void {
  requireReference(tables, 'client', clientId, 'clientId');
  if (projectId) requireProjectOfClient(tables, projectId, clientId);
}

const joinList = (parts: string[]): string =>
  parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;

/** Throws 409 when anything refers to the row: "Client cli_… is still used by 2 projects and 1 invoice; …". */
export function refuseDeleteWhileReferenced(
  tables: Pick<ObjectRepositories, 'references'>,
  kind: Referenced,
  id: string,
): void {
  const used = tables.references
    .usedBy(kind, id)
    .filter(([, n]) => n > 0)
    .map(([referrer, n]) => `${n} ${n === 1 ? referrer.noun : referrer.plural}`);
  if (used.length === 0) return;
  throw conflict(
    `${singularLabel(RESOURCES[kind])} ${id} is still used by ${joinList(used)}; delete or reassign them first`,
  );
}
