/**
 * Tasks: open, in_progress, done. Becoming done sets `completedAt` and raises
 * task.completed, whether through `complete`, an update, or a task created
 * done; leaving done clears `completedAt`. Events task.created, task.updated,
 * task.completed and task.deleted (which carries the task as it was).
 */
import type { z } from 'zod';
import type { ListInput, Task, taskCreate, taskPatch } from '../../../contract/index.js';
import { toIso, toIsoOrNull } from '../clock.js';
import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import { mapPage, type Page } from '../store/repositories/list-page.js';
import type { ObjectRepositories } from '../store/repositories/objects.js';
import { changedFields, givenFields, hasKeys, type ChangeDeps } from './mutation.js';
import { refuseDeleteWhileReferenced, requireReference, type TaskRow } from './references.js';

export type TaskCreate = z.output<typeof taskCreate>;
export type TaskPatch = z.output<typeof taskPatch>;

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status as Task['status'],
    dueDate: row.dueDate,
    projectId: row.projectId,
    completedAt: toIsoOrNull(row.completedAt),
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

export interface TasksDeps extends ChangeDeps {
  tables: Pick<ObjectRepositories, 'tasks' | 'projects' | 'references'>;
}

export class TasksService {
  constructor(private readonly ctx: TasksDeps) {}

  list(input: ListInput): Page<Task> {
    return mapPage(this.ctx.tables.tasks.page(input), toTask);
  }

  get(id: string): Task {
    return toTask(this.row(id));
  }

  create(input: TaskCreate): Task {
    return this.ctx.work.transaction(() => {
      if (input.projectId) requireReference(this.ctx.tables, 'project', input.projectId, 'projectId');
      const now = this.ctx.clock.now();
      const status = input.status ?? 'open';
      const row = this.ctx.tables.tasks.insert({
        id: newId('task', now),
        title: input.title,
        description: input.description ?? null,
        status,
        dueDate: input.dueDate ?? null,
        projectId: input.projectId ?? null,
        completedAt: status === 'done' ? now : null,
        createdAt: now,
        updatedAt: now,
      });
      const task = toTask(row);
      this.ctx.outbox.record('task.created', task);
      if (status === 'done') this.ctx.outbox.record('task.completed', task);
      return task;
    });
  }

  /** task.updated for any change; then task.completed too when the status moved to done. */
  update(id: string, patch: TaskPatch): Task {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      const changes = changedFields(current, givenFields(patch));
      if (changes.projectId) requireReference(this.ctx.tables, 'project', changes.projectId, 'projectId');
      if (!hasKeys(changes)) return toTask(current);
      const now = this.ctx.clock.now();
      const completes = changes.status === 'done';
      const completedAt = changes.status === undefined ? current.completedAt : completes ? now : null;
      const row = this.ctx.tables.tasks.update({ ...current, ...changes, completedAt, updatedAt: now });
      const task = toTask(row);
      this.ctx.outbox.record('task.updated', task);
      if (completes) this.ctx.outbox.record('task.completed', task);
      return task;
    });
  }

  /** Marks the task done. A task that is already done is returned as it is, with no second event. */
  complete(id: string): Task {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      if (current.status === 'done') return toTask(current);
      const now = this.ctx.clock.now();
      const row = this.ctx.tables.tasks.update({
        ...current,
        status: 'done',
        completedAt: now,
        updatedAt: now,
      });
      const task = toTask(row);
      this.ctx.outbox.record('task.completed', task);
      return task;
    });
  }

  delete(id: string): void {
    this.ctx.work.transaction(() => {
      const current = this.row(id);
      refuseDeleteWhileReferenced(this.ctx.tables, 'task', id);
      this.ctx.tables.tasks.delete(id);
      this.ctx.outbox.record('task.deleted', toTask(current));
    });
  }

  private row(id: string): TaskRow {
    const row = this.ctx.tables.tasks.find(id);
    if (!row) throw notFound('task', id);
    return row;
  }
}
