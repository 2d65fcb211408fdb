/** Tasks: what is to be done, perhaps for a project; completing one is its state change. */
import { z } from 'zod';
import { idOf, isoDate, isoDateTime, optionalText } from '../common.js';
import { defineResource, iso, isoDay, nonEmpty, stamps, type SampleContext } from './define.js';
import { projectId } from './projects.js';

const PREFIX = 'tsk';

export const taskId = idOf(PREFIX);
export const TASK_STATUSES = ['open', 'in_progress', 'done'] as const;
const taskFields = {
  title: z.string().trim().min(1, 'is required').max(500),
  description: optionalText(20000),
  status: z.enum(TASK_STATUSES).optional(),
  dueDate: isoDate.nullable().optional(),
  projectId: projectId.nullable().optional(),
};
export const taskCreate = z.strictObject(taskFields);
export const taskPatch = z.strictObject(taskFields).partial();
export const taskUpdate = nonEmpty(taskPatch);
export const task = z.object({
  id: taskId,
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(TASK_STATUSES),
  dueDate: isoDate.nullable(),
  projectId: projectId.nullable(),
  completedAt: isoDateTime.nullable(),
  ...stamps,
});
export type Task = z.infer<typeof task>;

export const taskResource = defineResource({
  key: 'task',
  list: 'tasks',
  segment: 'tasks',
  permission: 'tasks',
  event: 'task',
  prefix: PREFIX,
  noun: 'task',
  plural: 'tasks',
  label: 'Tasks',
  path: '/tasks',
  schemas: { item: task, create: taskCreate, patch: taskPatch, update: taskUpdate },
  references: { projectId: 'project' },
  search: ['title', 'description'],
  events: ['created', 'updated', 'completed', 'deleted'],
  actions: { complete: { event: 'completed' } },
  incoming: { methods: ['POST', 'PATCH', 'DELETE'], access: 'write' },
  examples: {
    // Names no other object, so "Try it out" in /api/docs succeeds with it as it stands.
    create: {
      title: 'New enquiry: website relaunch',
      description: 'Hello, we would like to relaunch our website before the summer…',
      status: 'open',
      dueDate: '2026-06-30',
    } satisfies z.input<typeof taskCreate>,
    update: { status: 'done' } satisfies z.input<typeof taskUpdate>,
  },
  sample: ({ now, ids, event }: SampleContext): z.input<typeof task> => {
    const done = event === 'completed';
    return {
      id: ids.task,
      title: 'Draft the homepage copy',
      description: 'Two variants, one short and one long',
      status: done ? 'done' : 'open',
      dueDate: isoDay(now, 7),
      projectId: ids.project,
      completedAt: done ? iso(now) : null,
      createdAt: iso(now),
      updatedAt: iso(now),
    };
  },
});
