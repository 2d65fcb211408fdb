/**
 * `GET /api/v1/event-types`: the event catalog (contract/event-catalog.ts) for
 * automation tools that build their trigger's field list before any event
 * arrives. Any valid key may read it (`permission: null`): it names types and
 * shapes, never data.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EVENT_CATALOG, EVENT_TYPES, PERMISSION_IDS, payloadJsonSchema } from '../../../../contract/index.js';
import { errorResponses, KEYED } from '../api-responses.js';

const eventTypeItem = z.object({
  type: z.enum(EVENT_TYPES),
  description: z.string(),
  permission: z.enum(PERMISSION_IDS).nullable().describe('The read permission a key needs to receive it'),
  schema: z
    .record(z.string(), z.unknown())
    .describe('The payload `{ id, type, timestamp, data }` as JSON Schema'),
  example: z.object({
    id: z.string(),
    type: z.string(),
    timestamp: z.string(),
    data: z.record(z.string(), z.unknown()),
  }),
});

/** Built once: the catalog is fixed for the life of the process. */
const ITEMS = EVENT_CATALOG.map((entry) => ({
  type: entry.type,
  description: entry.description,
  permission: entry.permission,
  schema: payloadJsonSchema(entry),
  example: entry.example,
}));

export async function eventTypeRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/event-types',
    {
      config: { permission: null },
      schema: {
        tags: ['System'],
        summary: 'List the event types',
        description:
          'Every event type webhooks can receive, with its description, the read permission it needs, ' +
          'its payload schema and an example. Any valid key may call it (no permission needed).',
        security: [{ bearerAuth: [] }],
        response: {
          200: z.object({ items: z.array(eventTypeItem) }).describe('The event catalog'),
          ...errorResponses(KEYED),
        },
      },
    },
    async () => ({ items: ITEMS }),
  );
}
