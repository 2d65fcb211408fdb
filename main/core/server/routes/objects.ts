/**
 * The incoming webhooks (`/api/v1/webhooks/incoming/<objects>`, as the seed
 * names them) and the read endpoints (`GET /api/v1/<objects>[/:id]`). Bodies
 * are validated by the contract's zod schemas; success returns the object
 * itself: 201 on create, 200 on update, 204 on delete.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  client,
  clientCreate,
  clientUpdate,
  invoice,
  invoiceCreate,
  page,
  project,
  projectCreate,
  projectUpdate,
  quote,
  quoteCreate,
  task,
  taskCreate,
  taskUpdate,
  timeEntry,
  timeEntryCreate,
  type ListInput,
} from '../../../../contract/index.js';
import { endpointPermission, type ApiObject } from '../../access/permissions.js';
import type { Core } from '../../services.js';
import { commitIdempotent } from '../idempotency.js';
import { BODY, BY_ID, errorResponses, KEYED, noContent } from '../api-responses.js';
import { EXAMPLES } from './object-examples.js';

/** What every business-object service offers (see docs/architecture.md). */
interface ObjectService {
  list(input: ListInput): { items: unknown[]; nextCursor?: string };
  get(id: string): unknown;
  create(input: unknown): unknown;
  update(id: string, patch: unknown): unknown;
  delete(id: string): void;
}

type ServiceName = keyof Pick<Core, 'tasks' | 'projects' | 'clients' | 'timeEntries' | 'invoices' | 'quotes'>;

interface Resource {
  segment: ApiObject;
  service: ServiceName;
  /** Singular, for summaries. */
  noun: string;
  item: z.ZodType;
  create: z.ZodType;
  update?: z.ZodType;
  deletable?: boolean;
}

const withExample = <T extends z.ZodType>(schema: T, example: unknown): T =>
  schema.meta({ examples: [example] }) as T;

const RESOURCES: Resource[] = [
  {
    segment: 'tasks',
    service: 'tasks',
    noun: 'task',
    item: task,
    create: withExample(taskCreate, EXAMPLES.taskCreate),
    update: withExample(taskUpdate, EXAMPLES.taskUpdate),
    deletable: true,
  },
  {
    segment: 'clients',
    service: 'clients',
    noun: 'client',
    item: client,
    create: withExample(clientCreate, EXAMPLES.clientCreate),
    update: withExample(clientUpdate, EXAMPLES.clientUpdate),
  },
  {
    segment: 'projects',
    service: 'projects',
    noun: 'project',
    item: project,
    create: withExample(projectCreate, EXAMPLES.projectCreate),
    update: withExample(projectUpdate, EXAMPLES.projectUpdate),
  },
  {
    segment: 'time-entries',
    service: 'timeEntries',
    noun: 'time entry',
    item: timeEntry,
    create: withExample(timeEntryCreate, EXAMPLES.timeEntryCreate),
  },
  {
    segment: 'invoices',
    service: 'invoices',
    noun: 'invoice',
    item: invoice,
    create: withExample(invoiceCreate, EXAMPLES.invoiceCreate),
  },
  {
    segment: 'quotes',
    service: 'quotes',
    noun: 'quote',
    item: quote,
    create: withExample(quoteCreate, EXAMPLES.quoteCreate),
  },
];

const idParams = z.object({ id: z.string().max(100).describe('The object id, such as tsk_…') });

/** Query strings are text: `limit` is coerced; unknown parameters are ignored. */
const listQuery = z.object({
  search: z.string().max(200).optional().describe('Case-insensitive text to look for'),
  cursor: z.string().max(100).optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).optional().describe('Items per page, 1 to 200 (default 50)'),
});

const security = [{ bearerAuth: [] }];

/** The bodies are already parsed by the route's schema, so each service gets its own input type. */
const serviceOf = (core: Core, resource: Resource): ObjectService =>
  core[resource.service] as unknown as ObjectService;

export async function objectRoutes(fastify: FastifyInstance, options: { core: Core }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { core } = options;

  for (const resource of RESOURCES) {
    const incoming = `/api/v1/webhooks/incoming/${resource.segment}`;
    const read = `/api/v1/${resource.segment}`;
    const { noun } = resource;

    app.post(
      incoming,
      {
        config: { permission: endpointPermission('POST', incoming), idempotent: true },
        schema: {
          tags: ['Incoming webhooks'],
          summary: `Create a ${noun}`,
          description: `Needs the permission \`${endpointPermission('POST', incoming)}\`. Send \`Idempotency-Key\` to make retries safe.`,
          security,
          headers: z.looseObject({
            'idempotency-key': z
              .string()
              .optional()
              .describe('Any unique text; a retry with the same key and body returns the first response'),
          }),
          body: resource.create,
          response: {
            201: resource.item.describe(`The new ${noun}`),
            ...errorResponses([...KEYED, ...BODY, 409, 422], {
              409: 'A request with the same Idempotency-Key is still being processed: retry shortly',
              422: 'Invalid fields (each named in `details.fields`), an id that names nothing, or an Idempotency-Key already used with another body',
            }),
          },
        },
      },
      // Committed with the other creates of this event-loop turn (with its Idempotency-Key's
      // answer, in the same savepoint), and answered once committed.
      async (request, reply) => {
        const service = serviceOf(core, resource);
        const created = await commitIdempotent(core, request, reply, 201, () => service.create(request.body));
        return reply.code(201).send(created);
      },
    );

    if (resource.update) {
      const url = `${incoming}/:id`;
      app.patch(
        url,
        {
          config: { permission: endpointPermission('PATCH', url) },
          schema: {
            tags: ['Incoming webhooks'],
            summary: `Update a ${noun}`,
            description: `Needs the permission \`${endpointPermission('PATCH', url)}\`. Send only the fields to change; \`null\` clears an optional field.`,
            security,
            params: idParams,
            body: resource.update,
            response: {
              200: resource.item.describe(`The ${noun} after the change`),
              ...errorResponses([...KEYED, ...BODY, ...BY_ID, 422], {
                422: 'Invalid fields (each named in `details.fields`), an id that names nothing, or no field to change',
              }),
            },
          },
        },
        async (request) => serviceOf(core, resource).update(request.params.id, request.body),
      );
    }

    if (resource.deletable) {
      const url = `${incoming}/:id`;
      app.delete(
        url,
        {
          config: { permission: endpointPermission('DELETE', url) },
          schema: {
            tags: ['Incoming webhooks'],
            summary: `Delete a ${noun}`,
            description: `Needs the permission \`${endpointPermission('DELETE', url)}\`. Answers 204 with no body.`,
            security,
            params: idParams,
            response: {
              204: noContent('Deleted: no body'),
              ...errorResponses([...KEYED, ...BODY, ...BY_ID, 409], {
                409: `The ${noun} is still used (the message names by what): delete or reassign that first`,
              }),
            },
          },
        },
        async (request, reply) => {
          serviceOf(core, resource).delete(request.params.id);
          return reply.code(204).send();
        },
      );
    }

    app.get(
      read,
      {
        config: { permission: endpointPermission('GET', read) },
        schema: {
          tags: ['Read'],
          summary: `List ${resource.segment.replace('-', ' ')}`,
          description: `Newest first. Needs the permission \`${endpointPermission('GET', read)}\`. Pass \`nextCursor\` as \`cursor\` for the next page.`,
          security,
          querystring: listQuery,
          response: {
            200: page(resource.item).describe(
              `A page of ${resource.segment.replace('-', ' ')}, newest first`,
            ),
            ...errorResponses([...KEYED, 422], {
              422: 'Invalid query parameters, each named in `details.fields`',
            }),
          },
        },
      },
      async (request) => serviceOf(core, resource).list(request.query),
    );

    const one = `${read}/:id`;
    app.get(
      one,
      {
        config: { permission: endpointPermission('GET', one) },
        schema: {
          tags: ['Read'],
          summary: `Get a ${noun}`,
          description: `Needs the permission \`${endpointPermission('GET', one)}\`.`,
          security,
          params: idParams,
          response: { 200: resource.item.describe(`The ${noun}`), ...errorResponses([...KEYED, ...BY_ID]) },
        },
      },
      async (request) => serviceOf(core, resource).get(request.params.id),
    );
  }
}
