/**
 * The finishing touches @fastify/swagger cannot take from a zod schema: every
 * error answer refers to one `Error` component, and the headers the server
 * sends are named (RateLimit-* on keyed answers, Retry-After on 429 and 503,
 * WWW-Authenticate on 401). The statuses themselves come from the routes
 * (`api-responses.ts`); nothing here adds one.
 */
import { z } from 'zod';
import { errorResponse } from './http-errors.js';

interface Header {
  description: string;
  required?: boolean;
  schema: { type: 'integer' | 'string' };
}
interface Response {
  description: string;
  headers?: Record<string, Header>;
  content?: Record<string, { schema?: unknown }>;
}
interface Operation {
  security?: unknown[];
  responses?: Record<string, Response>;
}
interface Document {
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };

const integer = (description: string, required = false): Header => ({
  description,
  ...(required ? { required } : {}),
  schema: { type: 'integer' },
});

const rateLimitHeaders = (required: boolean): Record<string, Header> => ({
  'RateLimit-Limit': integer('Requests allowed in the window that is closest to its limit', required),
  'RateLimit-Remaining': integer('Requests left in that window', required),
  'RateLimit-Reset': integer('Seconds until that window allows another request', required),
});

/** Headers by status, for operations that need an API key. Absent when the limits are off (0). */
const KEYED_HEADERS: Record<string, Record<string, Header>> = {
  '2xx': rateLimitHeaders(false),
  '401': {
    'WWW-Authenticate': {
      description: 'The scheme this API wants: `Bearer realm="dVersum API"`',
      required: true,
      schema: { type: 'string' },
    },
  },
  '429': {
    'Retry-After': integer('Seconds to wait before the next request is allowed', true),
    ...rateLimitHeaders(true),
  },
  '503': { 'Retry-After': integer('Seconds to wait before trying again, when the cause passes by itself') },
};

const errorComponent = (): unknown => {
  const schema: Record<string, unknown> = z.toJSONSchema(errorResponse, { target: 'draft-2020-12' });
  delete schema.$schema;
  return schema;
};

/** `documentPath`: where the document itself is served (its answer has no zod schema). */
export function shapeDocument<T extends object>(document: T, documentPath: string): T {
  const doc = document as Document;
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const operation of Object.values(item)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        // /healthz's 503 keeps its own `{status: "not ok", version}`, as monitors read it.
        if (Number(status) >= 400 && path !== '/healthz') {
          response.content = { 'application/json': { schema: ERROR_REF } };
        }
        const headers = operation.security
          ? KEYED_HEADERS[status.startsWith('2') ? '2xx' : status]
          : undefined;
        if (headers) response.headers = { ...response.headers, ...headers };
      }
    }
    const self = path === documentPath ? item.get?.responses?.['200'] : undefined;
    if (self) {
      self.description = 'This OpenAPI 3.1 document';
      self.content = {
        'application/json': {
          schema: {
            type: 'object',
            properties: { openapi: { type: 'string' }, paths: { type: 'object' } },
            required: ['openapi', 'paths'],
          },
        },
      };
    }
  }
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Error: errorComponent() } };
  return document;
}
