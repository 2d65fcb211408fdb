/**
 * What each kind of API operation can answer, for the route schemas and so for
 * the OpenAPI document. Only statuses the server really produces are listed
 * (test/core/server/openapi-conformance.test.ts makes each one happen):
 *
 * - a route with a permission passes the key gate (`api-access.ts`): 401 no
 *   or refused key, 403 IP whitelist or permission, 429 rate limit, and 503
 *   when the database cannot be written (the key's last-use time is written
 *   on the way in, and every change after it);
 * - a route that reads a body, which Fastify does on DELETE too when one is
 *   sent: 400 malformed JSON or no body, 413 over 1 MiB, 415 not JSON;
 * - a path with an id: 400 malformed percent-encoding (the router), 404;
 * - 409 and 422 only where a rule of that operation says so.
 */
import { z } from 'zod';
import { errorResponse } from './http-errors.js';

export const KEYED = [401, 403, 429, 503];
export const BODY = [400, 413, 415];
export const BY_ID = [400, 404];

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request: JSON that does not parse (the message says where), no body, a malformed URL or Idempotency-Key',
  401: 'No API key, a malformed Authorization header, or a key that is unknown, revoked or disabled',
  403: "The key lacks this operation's permission, or the caller's address is outside the key's IP whitelist",
  404: 'Nothing with this id (an id that does not match its pattern names nothing either)',
  409: 'Conflict with the current state',
  413: 'The body is larger than 1 MiB (1,048,576 bytes)',
  415: 'The body is not `application/json`',
  422: 'Invalid input: each field is named in `details.fields` (`[{ path, message }]`)',
  429: 'Rate limit reached: retry after `Retry-After` seconds',
  503: 'The database cannot be written (disk full, read-only or busy): nothing was saved; retry later',
};

/** Error responses for these statuses; `descriptions` says what they mean for this operation. */
export function errorResponses(
  statuses: readonly number[],
  descriptions: Record<number, string> = {},
): Record<number, z.ZodType> {
  return Object.fromEntries(
    [...new Set(statuses)]
      .sort((a, b) => a - b)
      .map((status) => [status, errorResponse.describe(descriptions[status] ?? DESCRIPTIONS[status])]),
  );
}

/** A success without a body (204). */
export const noContent = (description: string) => z.undefined().describe(description);
