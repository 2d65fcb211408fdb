/**
 * The OpenAPI 3.1 `webhooks` section: one entry per event type from the event
 * catalog (contract/event-catalog.ts), as the POST dVersum sends to a
 * subscriber, with the payload schema and a realistic example. /api/docs shows
 * it under "Webhooks". The same entries answer `GET /api/v1/event-types`.
 *
 * A delivery carries no API key: it is signed (Standard Webhooks,
 * dispatcher/signing.ts). Each entry says so: `security: []`, the three
 * signature headers as declared parameters with their formats, and how to
 * check them, a rotation's two signatures included.
 */
import { z } from 'zod';
import { ID_PREFIXES } from '../../../contract/id-prefixes.js';
import { DEFAULT_SETTINGS, EVENT_CATALOG, idOf, payloadJsonSchema } from '../../../contract/index.js';
import type { Operation, Parameter } from './openapi-document.js';

const eventIdPattern = (z.toJSONSchema(idOf(ID_PREFIXES.event)) as { pattern: string }).pattern;
/** `v1,` and the base64 of an HMAC-SHA256 (32 bytes: 43 characters and one `=`). */
const ONE_SIGNATURE = 'v1,[A-Za-z0-9+/]{43}=';

const SIGNING = `
**Signed, not keyed.** dVersum sends no API key: each delivery is signed as
[Standard Webhooks](https://www.standardwebhooks.com) specifies, with the subscription's secret
(\`whsec_…\`, shown when the webhook is created). To check a delivery:

1. Take the raw body as received (before any JSON parsing), \`webhook-id\` and \`webhook-timestamp\`.
2. Compute HMAC-SHA256 over \`<webhook-id>.<webhook-timestamp>.<body>\`, keyed with the base64-decoded
   part of the secret after \`whsec_\`, and encode it in base64.
3. Accept the delivery when that equals any of the \`v1,<signature>\` entries in \`webhook-signature\`
   (compare in constant time), and \`webhook-timestamp\` is within a few minutes of your clock.

**Rotation.** After the secret is rotated in Settings, the previous secret keeps signing for the grace period
(\`secretRotationGraceHours\`, ${DEFAULT_SETTINGS.secretRotationGraceHours} hours by default): during it
\`webhook-signature\` holds two signatures, the new secret's first, separated by a space. Accept either; switch
your receiver to the new secret before the grace period ends.

**Retries.** A retry sends the same body and \`webhook-id\` (the event id) with a new timestamp and signature:
use \`webhook-id\` to drop duplicates. Any 2xx answer counts as delivered; 410 Gone disables the webhook;
anything else is retried on the retry schedule.`.trim();

const SIGNATURE_HEADERS: Parameter[] = [
  {
    in: 'header',
    name: 'webhook-id',
    required: true,
    description:
      'The event id (`evt_…`): the same on every retry of this event, so a receiver can drop duplicates',
    schema: { type: 'string', pattern: eventIdPattern },
  },
  {
    in: 'header',
    name: 'webhook-timestamp',
    required: true,
    description: 'When this attempt was signed, in Unix seconds: refuse one too far from your clock',
    schema: { type: 'string', pattern: '^[0-9]{1,12}$' },
  },
  {
    in: 'header',
    name: 'webhook-signature',
    required: true,
    description:
      '`v1,<base64 HMAC-SHA256>` per secret that signs now: one, or two separated by a space during a ' +
      "secret's rotation (the new secret's first)",
    schema: { type: 'string', pattern: `^${ONE_SIGNATURE}( ${ONE_SIGNATURE})?$` },
  },
];

/** The section, keyed by event type. */
export function webhooksSection(): Record<string, { post: Operation }> {
  return Object.fromEntries(
    EVENT_CATALOG.map((entry) => {
      const { $schema: _dialect, ...schema } = payloadJsonSchema(entry);
      const needs = entry.permission
        ? `A subscription made with an API key receives it only while the key holds \`${entry.permission}\`.`
        : 'Needs no permission: it carries sample data only.';
      const post: Operation = {
        summary: entry.type,
        description: `${entry.description} ${needs}\n\n${SIGNING}`,
        operationId: `event_${entry.type.replace(/\./g, '_')}`,
        tags: ['Webhooks'],
        security: [],
        parameters: SIGNATURE_HEADERS,
        requestBody: {
          required: true,
          content: { 'application/json': { schema, example: entry.example } },
        },
        responses: {
          '200': { description: 'Any 2xx answer counts as delivered' },
          '410': { description: 'Gone: dVersum disables the webhook and sends nothing more' },
        },
      };
      return [entry.type, { post }];
    }),
  );
}
