/**
 * Projects, optionally for a client. Events project.created, project.updated
 * and project.deleted (the project as it was; refused while another object
 * names it). List, get, delete and the mapping are
 * the generic body's (object-body.ts).
 */
import type { z } from 'zod';
import { RESOURCES, type Project, type projectCreate, type projectPatch } from '../../../contract/index.js';
import type { ObjectRepositories } from '../store/repositories/objects.js';
import { givenFields } from './mutation.js';
import { ObjectBody, type ObjectDeps } from './object-body.js';
import { requireReference } from './references.js';

export type ProjectCreate = z.output<typeof projectCreate>;
export type ProjectPatch = z.output<typeof projectPatch>;

export interface ProjectsDeps extends ObjectDeps<'project'> {
  tables: Pick<ObjectRepositories, 'projects' | 'clients' | 'references'>;
}

export class ProjectsService extends ObjectBody<'project', ProjectsDeps> {
  constructor(ctx: ProjectsDeps) {
    super(RESOURCES.project, ctx);
  }

  create(input: ProjectCreate): Project {
    return this.ctx.work.transaction(() => {
      if (input.clientId) requireReference(this.ctx.tables, 'client', input.clientId, 'clientId');
      return this.insert({
        name: input.name,
        clientId: input.clientId ?? null,
        status: input.status ?? 'active',
        description: input.description ?? null,
      });
    });
  }

  update(id: string, patch: ProjectPatch): Project {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      const changes = this.changes(current, givenFields(patch));
      if (changes.clientId) requireReference(this.ctx.tables, 'client', changes.clientId, 'clientId');
      return this.edit(current, changes);
    });
  }
}
