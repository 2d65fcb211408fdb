/**
 * Tasks: open, in_progress, done. Becoming done sets `completedAt` and raises
 * task.completed, whether through `complete`, an update, or a task created
 * done; leaving done clears `completedAt`. Events task.created, task.updated,
 * task.completed and task.deleted (which carries the task as it was).
 */
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ListInput, Task, taskCreate, taskPatch } from '../../../contract/index.js';
import { toIso, toIsoOrNull } from '../clock.js';
import type { CoreContext } from '../context.js';
import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import { tasks } from '../store/schema.js';
import { listPage, type Page } from './list.js';
import { changedFields, givenFields, hasKeys, inTransaction } from './mutation.js';
import { refuseDeleteWhileReferenced, requireReference, type TaskRow } from './references.js';
import { findById, insertRow, updateRow } from './statements.js';

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

export class TasksService {
  constructor(private readonly ctx: CoreContext) {}

  list(input: ListInput): Page<Task> {
    return listPage(
      this.ctx.db,
      { table: tasks, searchIn: [tasks.title, tasks.description], toApi: toTask },
      input,
    );
  }

  get(id: string): Task {
    return toTask(this.row(id));
  }

  create(input: TaskCreate): Task {
    return inTransaction(this.ctx, () => {
      if (input.projectId) requireReference(this.ctx.db, 'project', input.projectId, 'projectId');
      const now = this.ctx.clock.now();
      const status = input.status ?? 'open';
      const row = insertRow(this.ctx.db, tasks, {
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
    return inTransaction(this.ctx, () => {
      const current = this.row(id);
      const changes = changedFields(current, givenFields(patch));
      if (changes.projectId) requireReference(this.ctx.db, 'project', changes.projectId, 'projectId');
      if (!hasKeys(changes)) return toTask(current);
      const now = this.ctx.clock.now();
      const completes = changes.status === 'done';
      const completedAt = changes.status === undefined ? current.completedAt : completes ? now : null;
      const row = updateRow(this.ctx.db, tasks, { ...current, ...changes, completedAt, updatedAt: now });
      const task = toTask(row);
      this.ctx.outbox.record('task.updated', task);
      if (completes) this.ctx.outbox.record('task.completed', task);
      return task;
    });
  }

  /** Marks the task done. A task that is already done is returned as it is, with no second event. */
  complete(id: string): Task {
    return inTransaction(this.ctx, () => {
      const current = this.row(id);
      if (current.status === 'done') return toTask(current);
      const now = this.ctx.clock.now();
      const row = updateRow(this.ctx.db, tasks, {
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
    inTransaction(this.ctx, () => {
      const current = this.row(id);
      refuseDeleteWhileReferenced(this.ctx.db, 'task', id);
      this.ctx.db.delete(tasks).where(eq(tasks.id, id)).run();
      this.ctx.outbox.record('task.deleted', toTask(current));
    });
  }

  private row(id: string): TaskRow {
    const row = findById(this.ctx.db, tasks, id);
    if (!row) throw notFound('task', id);
    return row;
  }
}
