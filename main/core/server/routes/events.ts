/**
 * `GET /api/v1/events`: the events feed (dispatcher/events-feed.ts has the
 * rules). Any valid key may call it (`permission: null`); what it returns is
 * narrowed to the types the key may read. The items are the stored event
 * bodies spliced into the page as they are, not parsed and re-serialized: a
 * consumer sees byte for byte what the webhook deliveries sent.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { event } from '../../../../contract/index.js';
import { FEED_DEFAULT_LIMIT, FEED_MAX_LIMIT } from '../../dispatcher/events-feed.js';
import { AppError } from '../../errors.js';
import type { Core } from '../../services.js';
import { requestApiKey } from '../api-access.js';
import { errorResponses, KEYED } from '../api-responses.js';

/** What the route uses of the core. */
export type EventsServices = Pick<Core, 'eventsFeed'>;

/** Query strings are text: `limit` is coerced, `types` split on commas; an unknown parameter is a 422 (query-string.ts). */
const feedQuery = z.object({
  after: z
    .string()
    .max(100)
    .optional()
    .describe(
      'An event id (`nextCursor` of the previous page): the page holds the events after it, or before it with `order=desc`',
    ),
  types: z
    .string()
    .max(4000)
    .optional()
    .describe(
      'Comma-separated event types, such as `task.created,invoice.paid` (default: every type the key may read)',
    ),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(FEED_MAX_LIMIT)
    .optional()
    .describe(`Events per page, 1 to ${FEED_MAX_LIMIT} (default ${FEED_DEFAULT_LIMIT})`),
  order: z.enum(['asc', 'desc']).optional().describe('`asc` oldest first (default), `desc` newest first'),
});

const feedPage = z.object({
  items: z.array(event),
  nextCursor: z.string().optional().describe('Pass as `after` for the next page; absent on the last page'),
});

const splitTypes = (types: string | undefined) =>
  types
    ?.split(',')
    .map((type) => type.trim())
    .filter((type) => type !== '');

export async function eventRoutes(
  fastify: FastifyInstance,
  options: { core: EventsServices },
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/events',
    {
      config: { permission: null },
      schema: {
        tags: ['Events'],
        summary: 'List the events (the events feed)',
        description:
          'The events as the webhooks received them, oldest first (`order=desc` for newest first), for as long ' +
          'as log retention keeps them. Any valid key may call it (no permission needed); only the event types ' +
          "the key's read permissions cover are returned. Pass `nextCursor` as `after` for the next page; " +
          "in n8n's HTTP Request node: Pagination, Update a Parameter in Each Request, query `after` = " +
          '`{{ $response.body.nextCursor }}`, complete when `{{ !$response.body.nextCursor }}`.',
        security: [{ bearerAuth: [] }],
        querystring: feedQuery,
        response: {
          200: feedPage.describe('A page of events'),
          ...errorResponses([...KEYED, 422], {
            422: 'A bad parameter, named in `details.fields`: an `after` that names no event (or one of a type the key may not read: the same answer), an unknown type in `types`, a `limit` out of range, a parameter this operation does not take',
          }),
        },
      },
    },
    async (request, reply) => {
      const key = requestApiKey(request);
      if (!key) throw new AppError('internal', 'GET /api/v1/events ran without a checked key');
      const { after, types, limit, order } = request.query;
      const page = options.core.eventsFeed.page(
        { after, types: splitTypes(types), limit, order },
        key.permissions,
      );
      const cursor = page.nextCursor === undefined ? '' : `,"nextCursor":${JSON.stringify(page.nextCursor)}`;
      const body = `{"items":[${page.payloads.join(',')}]${cursor}}`;
      // A string with a JSON content type is sent as is; the schema above still documents its shape.
      return reply.type('application/json; charset=utf-8').send(body as unknown as z.infer<typeof feedPage>);
    },
  );
}
