/**
 * Every error leaves the server as `{ error: { code, message, details? } }`
 * with the status DESIGN.md names. Fastify's own errors (body parsing, content
 * type, size) are translated here, so bad input never becomes a 5xx; the
 * routes' zod validator (`validator.ts`) throws its 422 ready-made. The JSON body parser itself is `json-body.ts`.
 */
import type { FastifyError } from 'fastify';
import { z } from 'zod';
import { AppError, type ErrorCode } from '../errors.js';
import { storageError } from '../store/storage-errors.js';

/** The error body, for the OpenAPI document. */
export const errorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .describe('An error: a stable code, a message that says what was wrong, details such as the fields');

const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Turns anything thrown while handling a request into the AppError to answer with. */
export function toAppError(error: unknown, contentType?: string): AppError {
  if (error instanceof AppError) return error;
  const err = error as FastifyError;
  switch (err?.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(
        'unsupported_media_type',
        `Unsupported Content-Type ${contentType ? `"${contentType}"` : '(none)'}: send the body as application/json`,
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'Request body is larger than 1 MiB (1,048,576 bytes)');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(
        'bad_request',
        'Request body is empty: send a JSON object with Content-Type: application/json',
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('bad_request', 'Content-Length does not match the body that was sent');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('bad_request', `Malformed JSON in request body: ${err.message}`);
  }
  // The JSON parser's own errors carry a 400 (syntax errors and __proto__ keys).
  if (
    err instanceof SyntaxError ||
    (err?.statusCode === 400 && /JSON|prototype|constructor/i.test(err.message))
  ) {
    return new AppError('bad_request', `Malformed JSON in request body: ${err.message}`);
  }
  const status = err?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(CODE_FOR_STATUS[status] ?? 'bad_request', err.message);
  }
  // A full disk or a read-only database file: a 503 that says so, not an anonymous 500.
  const storage = storageError(error);
  if (storage) return storage;
  return new AppError('internal', 'Internal error: the server could not handle this request');
}
