/**
 * The parts of an OpenAPI 3.1 document the finishing modules (`openapi-*.ts`)
 * read and change, typed only as far as they use them, and the walks over it.
 */

export type JsonSchema = Record<string, unknown>;

export interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

export interface Link {
  operationId: string;
  parameters?: Record<string, string>;
  requestBody?: unknown;
  description: string;
}

export interface Response {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: JsonSchema; example?: unknown }>;
  links?: Record<string, Link>;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema; example?: unknown }> };
  responses?: Record<string, Response>;
}

export interface Document {
  info?: Record<string, unknown>;
  tags?: { name: string; description?: string }[];
  paths?: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> } & Record<string, unknown>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Every operation under `paths` with its method and path. */
export function* operationsOf(
  doc: Document,
): Generator<{ method: string; path: string; operation: Operation }> {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (METHODS.has(method)) yield { method, path, operation };
    }
  }
}

/** The JSON media object of a request body or a response, when there is one. */
export const jsonMedia = (
  holder: { content?: Record<string, { schema?: JsonSchema }> } | undefined,
): { schema?: JsonSchema } | undefined => holder?.content?.['application/json'];

/** The component schemas, created when absent. */
export function schemasOf(doc: Document): Record<string, JsonSchema> {
  doc.components = { ...doc.components, schemas: doc.components?.schemas ?? {} };
  return doc.components.schemas as Record<string, JsonSchema>;
}

export const refTo = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
