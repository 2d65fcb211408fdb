/** Time entries: minutes worked, perhaps on a project or a task; the API can only record them. */
import { z } from 'zod';
import { idOf, isoDateTime, optionalText } from '../common.js';
import { defineResource, iso, nonEmpty, stamps, type SampleContext } from './define.js';
import { projectId } from './projects.js';
import { taskId } from './tasks.js';

const PREFIX = 'tim';

export const timeEntryId = idOf(PREFIX);
const timeEntryFields = {
  projectId: projectId.nullable().optional(),
  taskId: taskId.nullable().optional(),
  description: optionalText(5000),
  startedAt: isoDateTime.optional(),
  endedAt: isoDateTime.optional(),
  /** Either minutes, or startedAt and endedAt (minutes are then computed). */
  minutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 31)
    .optional(),
  billable: z.boolean().optional(),
};
export const timeEntryCreate = z
  .strictObject(timeEntryFields)
  .refine((v) => v.minutes !== undefined || (v.startedAt !== undefined && v.endedAt !== undefined), {
    message: 'give minutes, or startedAt and endedAt',
    path: ['minutes'],
  })
  .refine((v) => !(v.startedAt && v.endedAt) || Date.parse(v.endedAt) > Date.parse(v.startedAt), {
    message: 'must be after startedAt',
    path: ['endedAt'],
  })
  // Documentation only (the OpenAPI document): the first rule above in JSON Schema, since a
  // refinement has none. Validation and its messages stay the refinements'.
  .meta({
    description:
      'Give `minutes`, or `startedAt` and `endedAt` (the minutes are then their span, rounded to the ' +
      'minute, at least 1 and at most 31 days). `endedAt` must be after `startedAt`. ' +
      "An entry for a task belongs to that task's project.",
    anyOf: [{ required: ['minutes'] }, { required: ['startedAt', 'endedAt'] }],
  });
export const timeEntryPatch = z.strictObject(timeEntryFields).partial();
export const timeEntryUpdate = nonEmpty(timeEntryPatch);
export const timeEntry = z.object({
  id: timeEntryId,
  projectId: projectId.nullable(),
  taskId: taskId.nullable(),
  description: z.string().nullable(),
  startedAt: isoDateTime.nullable(),
  endedAt: isoDateTime.nullable(),
  minutes: z.number().int(),
  billable: z.boolean(),
  ...stamps,
});
export type TimeEntry = z.infer<typeof timeEntry>;

export const timeEntryResource = defineResource({
  key: 'timeEntry',
  list: 'timeEntries',
  segment: 'time-entries',
  permission: 'time_entries',
  event: 'time_entry',
  prefix: PREFIX,
  noun: 'time entry',
  plural: 'time entries',
  label: 'Time',
  path: '/time',
  schemas: { item: timeEntry, create: timeEntryCreate, patch: timeEntryPatch, update: timeEntryUpdate },
  references: { projectId: 'project', taskId: 'task' },
  labels: { minutes: 'Minutes', billable: 'Billable' },
  search: ['description'],
  events: ['created', 'updated', 'deleted'],
  actions: {},
  incoming: { methods: ['POST'], access: 'create' },
  examples: {
    // Names no other object, so "Try it out" in /api/docs succeeds with it as it stands.
    create: { description: 'Design review with the client', minutes: 90, billable: true } satisfies z.input<
      typeof timeEntryCreate
    >,
  },
  sample: ({ now, ids }: SampleContext): z.input<typeof timeEntry> => ({
    id: ids.timeEntry,
    projectId: ids.project,
    taskId: ids.task,
    description: 'Homepage copy, first draft',
    startedAt: iso(now - 90 * 60_000),
    endedAt: iso(now),
    minutes: 90,
    billable: true,
    createdAt: iso(now),
    updatedAt: iso(now),
  }),
});
