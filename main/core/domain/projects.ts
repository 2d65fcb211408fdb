/** Projects, optionally for a client. Events project.created and project.updated. */
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ListInput, Project, projectCreate, projectPatch } from '../../../contract/index.js';
import { toIso } from '../clock.js';
import type { CoreContext } from '../context.js';
import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import { projects } from '../store/schema.js';
import { listPage, type Page } from './list.js';
import { changedFields, givenFields, hasKeys, inTransaction } from './mutation.js';
import { refuseDeleteWhileReferenced, requireReference, type ProjectRow } from './references.js';
import { findById, insertRow, updateRow } from './statements.js';

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

export class ProjectsService {
  constructor(private readonly ctx: CoreContext) {}

  list(input: ListInput): Page<Project> {
    return listPage(
      this.ctx.db,
      { table: projects, searchIn: [projects.name, projects.description], toApi: toProject },
      input,
    );
  }

  get(id: string): Project {
    return toProject(this.row(id));
  }

  create(input: ProjectCreate): Project {
    return inTransaction(this.ctx, () => {
      if (input.clientId) requireReference(this.ctx.db, 'client', input.clientId, 'clientId');
      const now = this.ctx.clock.now();
      const row = insertRow(this.ctx.db, projects, {
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
    return inTransaction(this.ctx, () => {
      const current = this.row(id);
      const changes = changedFields(current, givenFields(patch));
      if (changes.clientId) requireReference(this.ctx.db, 'client', changes.clientId, 'clientId');
      if (!hasKeys(changes)) return toProject(current);
      const row = updateRow(this.ctx.db, projects, {
        ...current,
        ...changes,
        updatedAt: this.ctx.clock.now(),
      });
      const project = toProject(row);
      this.ctx.outbox.record('project.updated', project);
      return project;
    });
  }

  delete(id: string): void {
    inTransaction(this.ctx, () => {
      this.row(id);
      refuseDeleteWhileReferenced(this.ctx.db, 'project', id);
      this.ctx.db.delete(projects).where(eq(projects.id, id)).run();
    });
  }

  private row(id: string): ProjectRow {
    const row = findById(this.ctx.db, projects, id);
    if (!row) throw notFound('project', id);
    return row;
  }
}
