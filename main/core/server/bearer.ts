/**
 * `Authorization: Bearer <token>`, read the same way for API keys (/api/v1)
 * and the admin token (/admin): one scheme name (any case), one token without
 * spaces; anything else is a 401 that shows the expected form.
 */
import { AppError } from '../errors.js';

const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

/**
 * The token, or undefined when no Authorization header (or an empty one) came.
 * `expected` is what the 401 shows for a header of another form (`ik_live_…`).
 */
export function bearerToken(header: string | undefined, expected: string): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = BEARER.exec(header);
  if (!match)
    throw new AppError('unauthorized', `Malformed Authorization header: expected "Bearer ${expected}"`);
  return match[1];
}
