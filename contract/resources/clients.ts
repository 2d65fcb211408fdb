/** Clients: the people and companies the owner works for. */
import { z } from 'zod';
import { idOf, optionalText } from '../common.js';
import { defineResource, iso, nonEmpty, stamps, type SampleContext } from './define.js';

const PREFIX = 'cli';

export const clientId = idOf(PREFIX);
const clientFields = {
  name: z.string().trim().min(1, 'is required').max(200),
  email: z.email('must be an e-mail address').max(320).nullable().optional(),
  phone: optionalText(50),
  company: optionalText(200),
  address: optionalText(1000),
  notes: optionalText(10000),
};
export const clientCreate = z.strictObject(clientFields);
export const clientPatch = z.strictObject(clientFields).partial();
export const clientUpdate = nonEmpty(clientPatch);
export const client = z.object({
  id: clientId,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  address: z.string().nullable(),
  notes: z.string().nullable(),
  ...stamps,
});
export type Client = z.infer<typeof client>;

export const clientResource = defineResource({
  key: 'client',
  list: 'clients',
  segment: 'clients',
  permission: 'clients',
  event: 'client',
  prefix: PREFIX,
  noun: 'client',
  plural: 'clients',
  label: 'Clients',
  path: '/clients',
  schemas: { item: client, create: clientCreate, patch: clientPatch, update: clientUpdate },
  references: {},
  search: ['name', 'email', 'company'],
  events: ['created', 'updated', 'deleted'],
  actions: {},
  incoming: { methods: ['POST', 'PATCH'], access: 'write' },
  examples: {
    create: {
      name: 'Anna Schmidt',
      email: 'anna@example.com',
      phone: '+49 30 1234567',
      company: 'Schmidt Design GmbH',
      address: 'Hauptstraße 1, 10115 Berlin',
    } satisfies z.input<typeof clientCreate>,
    update: { phone: '+49 30 7654321', notes: 'Prefers e-mail' } satisfies z.input<typeof clientUpdate>,
  },
  sample: ({ now, ids }: SampleContext): z.input<typeof client> => ({
    id: ids.client,
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: '+44 20 7946 0958',
    company: 'Analytical Engines Ltd',
    address: '12 St James’s Square, London SW1Y 4JH',
    notes: 'Sample client sent by the dVersum test button',
    createdAt: iso(now),
    updatedAt: iso(now),
  }),
});
