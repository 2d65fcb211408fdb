/**
 * The OpenAPI 3.1 `webhooks` section: one entry per event type from the event
 * catalog (contract/event-catalog.ts), as the POST dVersum sends to a
 * subscriber, with the payload schema and a realistic example. /api/docs shows
 * it under "Webhooks". The same entries answer `GET /api/v1/event-types`.
 */
import { EVENT_CATALOG, payloadJsonSchema } from '../../../contract/index.js';

/** The section, keyed by event type. */
export function webhooksSection(): Record<string, unknown> {
  return Object.fromEntries(
    EVENT_CATALOG.map((entry) => {
      const { $schema: _dialect, ...schema } = payloadJsonSchema(entry);
      const needs = entry.permission
        ? `A subscription made with an API key receives it only while the key holds \`${entry.permission}\`.`
        : 'Needs no permission: it carries sample data only.';
      return [
        entry.type,
        {
          post: {
            summary: entry.type,
            description: `${entry.description} ${needs} Signed as Standard Webhooks (\`webhook-id\`, \`webhook-timestamp\`, \`webhook-signature\`).`,
            operationId: `event_${entry.type.replace(/\./g, '_')}`,
            requestBody: {
              required: true,
              content: { 'application/json': { schema, example: entry.example } },
            },
            responses: {
              '200': { description: 'Any 2xx answer counts as delivered' },
              '410': { description: 'Gone: dVersum disables the webhook and sends nothing more' },
            },
          },
        },
      ];
    }),
  );
}
