/**
 * Projects, optionally for a client. Events project.created, project.updated
 * and project.deleted (the project as it was).
 */
import type { z } from 'zod';
import type { ListInput, Project, projectCreate, projectPatch } from '../../../contract/index.js';
import { toIso } from '../clock.js';
import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import { mapPage, type Page } from '../store/repositories/list-page.js';
import type { ObjectRepositories } from '../store/repositories/objects.js';
import { changedFields, givenFields, hasKeys, type ChangeDeps } from './mutation.js';
import { refuseDeleteWhileReferenced, requireReference, type ProjectRow } from './references.js';

export type ProjectCreate = z.output<typeof projectCreate>;
export type ProjectPatch = z.output<typeof projectPatch>;

export function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    clientId: row.clientId,
    status: row.status as Project['status'],
    description: row.description,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

export interface ProjectsDeps extends ChangeDeps {
  tables: Pick<ObjectRepositories, 'projects' | 'clients' | 'references'>;
}

export class ProjectsService {
  constructor(private readonly ctx: ProjectsDeps) {}

  list(input: ListInput): Page<Project> {
    return mapPage(this.ctx.tables.projects.page(input), toProject);
  }

  get(id: string): Project {
    return toProject(this.row(id));
  }

  create(input: ProjectCreate): Project {
    return this.ctx.work.transaction(() => {
      if (input.clientId) requireReference(this.ctx.tables, 'client', input.clientId, 'clientId');
      const now = this.ctx.clock.now();
      const row = this.ctx.tables.projects.insert({
        id: newId('project', now),
        name: input.name,
        clientId: input.clientId ?? null,
        status: input.status ?? 'active',
        description: input.description ?? null,
        createdAt: now,
        updatedAt: now,
      });
      const project = toProject(row);
      this.ctx.outbox.record('project.created', project);
      return project;
    });
  }

  update(id: string, patch: ProjectPatch): Project {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      const changes = changedFields(current, givenFields(patch));
      if (changes.clientId) requireReference(this.ctx.tables, 'client', changes.clientId, 'clientId');
      if (!hasKeys(changes)) return toProject(current);
      const row = this.ctx.tables.projects.update({
        ...current,
        ...changes,
        updatedAt: this.ctx.clock.now(),
      });
      const project = toProject(row);
      this.ctx.outbox.record('project.updated', project);
      return project;
    });
  }

  /** Raises project.deleted with the project as it was. */
  delete(id: string): void {
    this.ctx.work.transaction(() => {
      const current = this.row(id);
      refuseDeleteWhileReferenced(this.ctx.tables, 'project', id);
      this.ctx.tables.projects.delete(id);
      this.ctx.outbox.record('project.deleted', toProject(current));
    });
  }

  private row(id: string): ProjectRow {
    const row = this.ctx.tables.projects.find(id);
    if (!row) throw notFound('project', id);
    return row;
  }
}
