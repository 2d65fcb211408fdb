/**
 * The incoming webhooks (`/api/v1/webhooks/incoming/<segment>`, as the seed
 * names them) and the read endpoints (`GET /api/v1/<segment>[/:id]`), one set
 * per entry of the resource table: `endpointsOf` (access/permissions.ts) says
 * which exist and the permission each needs. Bodies are validated by the
 * entry's zod schemas; success returns the object itself: 201 on create, 200
 * on update, 204 on delete. Each operation runs under the commit policy the
 * contract handlers use (`objectRunners`); a create is declared `idempotent`
 * here (`config.idempotent`) and runs under that policy, its Idempotency-Key's
 * answer (`idempotentAnswer`) committed in the same savepoint as the change.
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  page,
  referrersOf,
  RESOURCE_LIST,
  restActionsOf,
  type ResourceEntry,
  type ResourceKey,
} from '../../../../contract/index.js';
import { endpointsOf, type Endpoint } from '../../access/permissions.js';
import { objectRunners, type ObjectRunners } from '../../handlers/object-services.js';
import { commitPolicies } from '../../handlers/policy.js';
import type { Core } from '../../services.js';
import { idempotentAnswer } from '../idempotency.js';
import { BODY, BY_ID, errorResponses, KEYED, noContent } from '../api-responses.js';
import { requestBodies } from './object-examples.js';

const idParams = z.object({ id: z.string().max(100).describe('The object id, such as tsk_…') });

/** Query strings are text: `limit` is coerced; an unknown parameter is a 422 (query-string.ts). */
const listQuery = z.object({
  search: z.string().max(200).optional().describe('Case-insensitive text to look for'),
  cursor: z.string().max(100).optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).optional().describe('Items per page, 1 to 200 (default 50)'),
});

const security = [{ bearerAuth: [] }];

type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** `resource` as its entry's shape: the routes answer whatever its schemas say. */
function registerEndpoint(app: App, resource: ResourceEntry, run: ObjectRunners, endpoint: Endpoint): void {
  const { noun, plural } = resource;
  const { url, permission } = endpoint;
  const needs = `Needs the permission \`${permission}\`.`;
  const bodies = requestBodies(resource);
  switch (endpoint.kind) {
    case 'create':
      app.post(
        url,
        {
          config: { permission, idempotent: true },
          schema: {
            tags: ['Incoming webhooks'],
            summary: `Create a ${noun}`,
            description: `${needs} Send \`Idempotency-Key\` to make retries safe.`,
            security,
            headers: z.looseObject({
              // As idempotency.ts reads it (a 400 otherwise), so the document states the rule.
              'idempotency-key': z
                .string()
                .min(1)
                .max(255)
                .regex(/^[\x21-\x7e]+$/)
                .optional()
                .describe(
                  'Any unique text, 1 to 255 visible ASCII characters; a retry with the same key and body returns the first response',
                ),
            }),
            body: bodies.create,
            response: {
              201: resource.schemas.item.describe(`The new ${noun}`),
              ...errorResponses([...KEYED, ...BODY, 409, 422], {
                409: 'A request with the same Idempotency-Key is still being processed: retry shortly',
                422: 'Invalid fields (each named in `details.fields`), an id that names nothing, or an Idempotency-Key already used with another body',
              }),
            },
          },
        },
        // The idempotent policy: the turn's group commit, with the Idempotency-Key's answer in the same savepoint.
        async (request, reply) => {
          const created = await run.create(request.body, idempotentAnswer(request, reply, 201));
          return reply.code(201).send(created);
        },
      );
      return;
    case 'update':
      app.patch(
        url,
        {
          config: { permission },
          schema: {
            tags: ['Incoming webhooks'],
            summary: `Update a ${noun}`,
            description: `${needs} Send only the fields to change; \`null\` clears an optional field.`,
            security,
            params: idParams,
            body: bodies.update,
            response: {
              200: resource.schemas.item.describe(`The ${noun} after the change`),
              ...errorResponses([...KEYED, ...BODY, ...BY_ID, 422], {
                422: 'Invalid fields (each named in `details.fields`), an id that names nothing, or no field to change',
              }),
            },
          },
        },
        async (request) => run.update(request.params.id, request.body),
      );
      return;
    case 'delete':
      app.delete(
        url,
        {
          config: { permission },
          schema: {
            tags: ['Incoming webhooks'],
            summary: `Delete a ${noun}`,
            description: `${needs} Answers 204 with no body.`,
            security,
            params: idParams,
            response: {
              204: noContent('Deleted: no body'),
              // A 409 only where another entry names this one: nothing else refuses a delete over the API.
              ...errorResponses(
                [
                  ...KEYED,
                  ...BODY,
                  ...BY_ID,
                  ...(referrersOf(resource.key as ResourceKey).length > 0 ? [409] : []),
                ],
                {
                  409: `The ${noun} is still used (the message names by what): delete or reassign that first`,
                },
              ),
            },
          },
        },
        async (request, reply) => {
          await run.delete(request.params.id);
          return reply.code(204).send();
        },
      );
      return;
    case 'list':
      app.get(
        url,
        {
          config: { permission },
          schema: {
            tags: ['Read'],
            summary: `List ${plural}`,
            description: `Newest first. ${needs} Pass \`nextCursor\` as \`cursor\` for the next page.`,
            security,
            querystring: listQuery,
            response: {
              200: page(resource.schemas.item).describe(`A page of ${plural}, newest first`),
              ...errorResponses([...KEYED, 422], {
                422: 'Invalid or unknown query parameters, each named in `details.fields`',
              }),
            },
          },
        },
        async (request) => run.list(request.query),
      );
      return;
    case 'get':
      app.get(
        url,
        {
          config: { permission },
          schema: {
            tags: ['Read'],
            summary: `Get a ${noun}`,
            description: needs,
            security,
            params: idParams,
            response: {
              200: resource.schemas.item.describe(`The ${noun}`),
              ...errorResponses([...KEYED, ...BY_ID]),
            },
          },
        },
        async (request) => run.get(request.params.id),
      );
      return;
    case 'action': {
      const action = restActionsOf(resource).find((a) => a.name === endpoint.action);
      if (!action?.rest) throw new Error(`${resource.list} has no REST state change ${endpoint.action}`);
      const change = run.action(action.name);
      app.post(
        url,
        {
          config: { permission },
          schema: {
            tags: ['Incoming webhooks'],
            summary: action.rest.summary,
            description: `${needs} ${action.rest.description} No body is needed.`,
            security,
            params: idParams,
            response: {
              201: action.output
                ? action.output.describe('What it made')
                : resource.schemas.item.describe(`The ${noun} after the change`),
              ...errorResponses([...KEYED, ...BODY, ...BY_ID, 409], { 409: action.rest.conflict }),
            },
          },
        },
        async (request, reply) => reply.code(201).send(await change(request.params.id)),
      );
      return;
    }
  }
}

export async function objectRoutes(fastify: FastifyInstance, options: { core: Core }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { core } = options;
  const policy = commitPolicies(core);
  for (const resource of RESOURCE_LIST) {
    const run = objectRunners(core, resource, policy);
    for (const endpoint of endpointsOf(resource)) registerEndpoint(app, resource, run, endpoint);
  }
}
