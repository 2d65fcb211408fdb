/**
 * Time entries: `minutes`, or `startedAt` and `endedAt` from which the minutes
 * are computed (rounded to the nearest minute). An entry for a task belongs to
 * that task's project: the project is taken from the task when not given, and
 * a different one is refused. Billable unless told otherwise. Events
 * time_entry.created, time_entry.updated and time_entry.deleted (the entry
 * as it was).
 */
import type { z } from 'zod';
import type { ListInput, TimeEntry, timeEntryCreate, timeEntryPatch } from '../../../contract/index.js';
import { toIso, toIsoOrNull } from '../clock.js';
import { invalid, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { mapPage, type Page } from '../store/repositories/list-page.js';
import type { TimeEntryRow, ObjectRepositories } from '../store/repositories/objects.js';
import { changedFields, hasKeys, type ChangeDeps } from './mutation.js';
import { requireReference, type ReferenceTables } from './references.js';

export type TimeEntryCreate = z.output<typeof timeEntryCreate>;
export type TimeEntryPatch = z.output<typeof timeEntryPatch>;

const MINUTE = 60_000;
const MAX_MINUTES = 60 * 24 * 31;

export function toTimeEntry(row: TimeEntryRow): TimeEntry {
  return {
    id: row.id,
    projectId: row.projectId,
    taskId: row.taskId,
    description: row.description,
    startedAt: toIsoOrNull(row.startedAt),
    endedAt: toIsoOrNull(row.endedAt),
    minutes: row.minutes,
    billable: row.billable,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

const parseTime = (iso: string | null | undefined): number | null | undefined =>
  iso == null ? iso : Date.parse(iso);

/** Minutes between two instants, rounded; refuses an empty, reversed or over-long span. */
export function minutesBetween(startedAt: number, endedAt: number): number {
  if (endedAt <= startedAt) throw invalid([{ path: 'endedAt', message: 'must be after startedAt' }]);
  const minutes = Math.round((endedAt - startedAt) / MINUTE);
  if (minutes < 1) throw invalid([{ path: 'endedAt', message: 'must be at least a minute after startedAt' }]);
  if (minutes > MAX_MINUTES)
    throw invalid([{ path: 'endedAt', message: 'must be at most 31 days after startedAt' }]);
  return minutes;
}

/** The project an entry ends up with, given its task: checks both exist and agree. */
function resolveProject(
  tables: Pick<ReferenceTables, 'projects' | 'tasks'>,
  projectId: string | null,
  taskId: string | null,
): string | null {
  if (projectId) requireReference(tables, 'project', projectId, 'projectId');
  if (!taskId) return projectId;
  const task = requireReference(tables, 'task', taskId, 'taskId');
  if (!task.projectId) return projectId;
  if (projectId && projectId !== task.projectId) {
    throw invalid([
      { path: 'taskId', message: `task ${taskId} belongs to project ${task.projectId}, not ${projectId}` },
    ]);
  }
  return task.projectId;
}

export interface TimeEntriesDeps extends ChangeDeps {
  tables: Pick<ObjectRepositories, 'timeEntries' | 'projects' | 'tasks'>;
}

export class TimeEntriesService {
  constructor(private readonly ctx: TimeEntriesDeps) {}

  list(input: ListInput): Page<TimeEntry> {
    return mapPage(this.ctx.tables.timeEntries.page(input), toTimeEntry);
  }

  get(id: string): TimeEntry {
    return toTimeEntry(this.row(id));
  }

  create(input: TimeEntryCreate): TimeEntry {
    return this.ctx.work.transaction(() => {
      const startedAt = parseTime(input.startedAt) ?? null;
      const endedAt = parseTime(input.endedAt) ?? null;
      let minutes = input.minutes;
      if (startedAt !== null && endedAt !== null) {
        const span = minutesBetween(startedAt, endedAt);
        minutes ??= span;
      }
      if (minutes === undefined)
        throw invalid([{ path: 'minutes', message: 'give minutes, or startedAt and endedAt' }]);
      const taskId = input.taskId ?? null;
      const projectId = resolveProject(this.ctx.tables, input.projectId ?? null, taskId);
      const now = this.ctx.clock.now();
      const row = this.ctx.tables.timeEntries.insert({
        id: newId('timeEntry', now),
        projectId,
        taskId,
        description: input.description ?? null,
        startedAt,
        endedAt,
        minutes,
        billable: input.billable ?? true,
        createdAt: now,
        updatedAt: now,
      });
      const entry = toTimeEntry(row);
      this.ctx.outbox.record('time_entry.created', entry);
      return entry;
    });
  }

  /**
   * Changing startedAt or endedAt recomputes the minutes unless minutes are
   * given too. time_entry.updated for any change; none when nothing changed.
   */
  update(id: string, patch: TimeEntryPatch): TimeEntry {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      const next = {
        projectId: patch.projectId === undefined ? current.projectId : patch.projectId,
        taskId: patch.taskId === undefined ? current.taskId : patch.taskId,
        description: patch.description === undefined ? current.description : patch.description,
        startedAt: parseTime(patch.startedAt) ?? current.startedAt,
        endedAt: parseTime(patch.endedAt) ?? current.endedAt,
        minutes: patch.minutes ?? current.minutes,
        billable: patch.billable ?? current.billable,
      };
      if (next.startedAt !== null && next.endedAt !== null) {
        const span = minutesBetween(next.startedAt, next.endedAt);
        const timesChanged = patch.startedAt !== undefined || patch.endedAt !== undefined;
        if (timesChanged && patch.minutes === undefined) next.minutes = span;
      }
      if (patch.projectId !== undefined || patch.taskId !== undefined) {
        // Moving the entry to another task moves it to that task's project, unless a project is given too.
        const followTask = patch.projectId === undefined && next.taskId !== null;
        const resolved = resolveProject(this.ctx.tables, followTask ? null : next.projectId, next.taskId);
        next.projectId = followTask && resolved === null ? current.projectId : resolved;
      }
      const changes = changedFields(current, next);
      if (!hasKeys(changes)) return toTimeEntry(current);
      const row = this.ctx.tables.timeEntries.update({
        ...current,
        ...changes,
        updatedAt: this.ctx.clock.now(),
      });
      const entry = toTimeEntry(row);
      this.ctx.outbox.record('time_entry.updated', entry);
      return entry;
    });
  }

  delete(id: string): void {
    this.ctx.work.transaction(() => {
      const current = this.row(id);
      this.ctx.tables.timeEntries.delete(id);
      this.ctx.outbox.record('time_entry.deleted', toTimeEntry(current));
    });
  }

  private row(id: string): TimeEntryRow {
    const row = this.ctx.tables.timeEntries.find(id);
    if (!row) throw notFound('time entry', id);
    return row;
  }
}
