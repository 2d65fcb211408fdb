/**
 * One error type for the whole core. The HTTP layer and the contract both turn
 * it into `{ error: { code, message, details? } }` with `status`.
 */
import {
  boundedIssues,
  invalidInputMessage,
  validationDetails,
  type FieldIssue,
  type FieldIssues,
} from '../../contract/field-issues.js';

export type { FieldIssue, FieldIssues };

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string, id: string): AppError =>
  new AppError('not_found', `No ${what} with id ${id}`);

/**
 * A 422 naming each field: a list of problems (a fragment such as "must be after the start" gets the
 * field's label) or the bounded list `fieldIssues` made; at most 20 are named, the rest counted.
 */
export function invalid(issues: readonly FieldIssue[] | FieldIssues, message?: string): AppError {
  const bounded = isBounded(issues) ? issues : boundedIssues(issues);
  return new AppError(
    'validation_failed',
    message ?? invalidInputMessage(bounded.fields, bounded.more),
    validationDetails(bounded),
  );
}

const isBounded = (issues: readonly FieldIssue[] | FieldIssues): issues is FieldIssues =>
  !Array.isArray(issues);

export const conflict = (message: string): AppError => new AppError('conflict', message);

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export const errorBody = (err: AppError): ErrorBody => ({
  error: {
    code: err.code,
    message: err.message,
    ...(err.details === undefined ? {} : { details: err.details }),
  },
});
