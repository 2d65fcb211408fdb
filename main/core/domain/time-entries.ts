/**
 * Time entries: `minutes`, or `startedAt` and `endedAt` from which the minutes
 * are computed (rounded to the nearest minute). An entry for a task belongs to
 * that task's project: the project is taken from the task when not given, and
 * a different one is refused. Billable unless told otherwise. Events
 * time_entry.created, time_entry.updated and time_entry.deleted (the entry
 * as it was). List, get, delete and the mapping are the generic body's
 * (object-body.ts).
 */
import type { z } from 'zod';
import {
  RESOURCES,
  type TimeEntry,
  type timeEntryCreate,
  type timeEntryPatch,
} from '../../../contract/index.js';
import { invalid } from '../errors.js';
import type { ObjectRepositories } from '../store/repositories/objects.js';
import { ObjectBody, type ObjectDeps } from './object-body.js';
import { requireReference, type ReferenceTables } from './references.js';

export type TimeEntryCreate = z.output<typeof timeEntryCreate>;
export type TimeEntryPatch = z.output<typeof timeEntryPatch>;

const MINUTE = 60_000;
const MAX_MINUTES = 60 * 24 * 31;

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

export interface TimeEntriesDeps extends ObjectDeps<'timeEntry'> {
  tables: Pick<ObjectRepositories, 'timeEntries' | 'projects' | 'tasks' | 'references'>;
}

export class TimeEntriesService extends ObjectBody<'timeEntry', TimeEntriesDeps> {
  constructor(ctx: TimeEntriesDeps) {
    super(RESOURCES.timeEntry, ctx);
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
      return this.insert({
        projectId,
        taskId,
        description: input.description ?? null,
        startedAt,
        endedAt,
        minutes,
        billable: input.billable ?? true,
      });
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
      return this.edit(current, this.changes(current, next));
    });
  }
}
