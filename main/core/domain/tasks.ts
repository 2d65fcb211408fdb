/**
 * Tasks: open, in_progress, done. Becoming done sets `completedAt` and raises
 * task.completed, whether through `complete`, an update, or a task created
 * done; leaving done clears `completedAt`. Events task.created, task.updated,
 * task.completed and task.deleted (which carries the task as it was). List,
 * get, delete and the mapping are the generic body's (object-body.ts).
 */
import type { z } from 'zod';
import { RESOURCES, type Task, type taskCreate, type taskPatch } from '../../../contract/index.js';
import type { ObjectRepositories } from '../store/repositories/objects.js';
import { givenFields, hasKeys } from './mutation.js';
import { ObjectBody, type ObjectDeps } from './object-body.js';
import { requireReference } from './references.js';

export type TaskCreate = z.output<typeof taskCreate>;
export type TaskPatch = z.output<typeof taskPatch>;

export interface TasksDeps extends ObjectDeps<'task'> {
  tables: Pick<ObjectRepositories, 'tasks' | 'projects' | 'references'>;
}

export class TasksService extends ObjectBody<'task', TasksDeps> {
  constructor(ctx: TasksDeps) {
    super(RESOURCES.task, ctx);
  }

  create(input: TaskCreate): Task {
    return this.ctx.work.transaction(() => {
      if (input.projectId) requireReference(this.ctx.tables, 'project', input.projectId, 'projectId');
      const now = this.ctx.clock.now();
      const status = input.status ?? 'open';
      const task = this.insert(
        {
          ...input,
          description: input.description ?? null,
          status,
          dueDate: input.dueDate ?? null,
          projectId: input.projectId ?? null,
          completedAt: status === 'done' ? now : null,
        },
        now,
      );
      if (status === 'done') this.raise('task.completed', task);
      return task;
    });
  }

  /** task.updated for any change; then task.completed too when the status moved to done. */
  update(id: string, patch: TaskPatch): Task {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      const changes = this.changes(current, givenFields(patch));
      if (changes.projectId) requireReference(this.ctx.tables, 'project', changes.projectId, 'projectId');
      if (!hasKeys(changes)) return this.toItem(current);
      const now = this.ctx.clock.now();
      const completes = changes.status === 'done';
      const completedAt = changes.status === undefined ? current.completedAt : completes ? now : null;
      const task = this.save(current, { ...changes, completedAt, updatedAt: now }, 'task.updated');
      if (completes) this.raise('task.completed', task);
      return task;
    });
  }

  /** Marks the task done. A task that is already done is returned as it is, with no second event. */
  complete(id: string): Task {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      if (current.status === 'done') return this.toItem(current);
      const now = this.ctx.clock.now();
      return this.save(current, { status: 'done', completedAt: now, updatedAt: now }, 'task.completed');
    });
  }
}
