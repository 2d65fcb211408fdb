/** Projects: work for a client (or for nobody in particular). */
import { z } from 'zod';
import { idOf, optionalText } from '../common.js';
import { clientId } from './clients.js';
import { defineResource, EXAMPLE_IDS, iso, nonEmpty, stamps, type SampleContext } from './define.js';

const PREFIX = 'prj';

export const projectId = idOf(PREFIX);
export const PROJECT_STATUSES = ['active', 'on_hold', 'completed', 'archived'] as const;
const projectFields = {
  name: z.string().trim().min(1, 'is required').max(200),
  clientId: clientId.nullable().optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  description: optionalText(10000),
};
export const projectCreate = z.strictObject(projectFields);
export const projectPatch = z.strictObject(projectFields).partial();
export const projectUpdate = nonEmpty(projectPatch);
export const project = z.object({
  id: projectId,
  name: z.string(),
  clientId: clientId.nullable(),
  status: z.enum(PROJECT_STATUSES),
  description: z.string().nullable(),
  ...stamps,
});
export type Project = z.infer<typeof project>;

export const projectResource = defineResource({
  key: 'project',
  list: 'projects',
  segment: 'projects',
  permission: 'projects',
  event: 'project',
  prefix: PREFIX,
  noun: 'project',
  plural: 'projects',
  label: 'Projects',
  path: '/projects',
  schemas: { item: project, create: projectCreate, patch: projectPatch, update: projectUpdate },
  references: { clientId: 'client' },
  search: ['name', 'description'],
  events: ['created', 'updated', 'deleted'],
  actions: {},
  incoming: { methods: ['POST', 'PATCH'], access: 'write' },
  examples: {
    create: { name: 'Website relaunch', clientId: EXAMPLE_IDS.client, status: 'active' } satisfies z.input<
      typeof projectCreate
    >,
    update: { status: 'completed' } satisfies z.input<typeof projectUpdate>,
  },
  sample: ({ now, ids }: SampleContext): z.input<typeof project> => ({
    id: ids.project,
    name: 'Website relaunch',
    clientId: ids.client,
    status: 'active',
    description: 'New website with online booking',
    createdAt: iso(now),
    updatedAt: iso(now),
  }),
});
