/**
 * Reading the OpenAPI document in tests: its operations, and ajv (JSON Schema
 * 2020-12, which OpenAPI 3.1 uses) validators for the schemas in it, with
 * `#/components/schemas/…` references resolved against the document.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { AMOUNT_MARK } from '../../../contract/common.js';

export interface MediaObject {
  schema?: Record<string, unknown>;
  example?: unknown;
}
export interface ResponseObject {
  description: string;
  headers?: Record<string, { required?: boolean; schema?: unknown; description?: string }>;
  content?: Record<string, MediaObject>;
}
export interface OperationObject {
  operationId?: string;
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { required?: boolean; content: Record<string, MediaObject> };
  responses: Record<string, ResponseObject>;
}
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas?: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** "POST /api/v1/webhooks/incoming/tasks" for every operation in the document. */
export function operationsOf(doc: OpenApiDocument): Map<string, OperationObject> {
  const found = new Map<string, OperationObject>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (HTTP_METHODS.includes(method)) found.set(`${method.toUpperCase()} ${path}`, operation);
    }
  }
  return found;
}

/** A schema, or the component a `{ $ref: '#/components/schemas/X' }` names. */
export function resolved(doc: OpenApiDocument, schema: unknown): Record<string, unknown> {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  if (ref === undefined) return schema as Record<string, unknown>;
  const name = ref.replace('#/components/schemas/', '');
  const target = doc.components.schemas?.[name];
  if (!target) throw new Error(`No component ${ref}`);
  return target as Record<string, unknown>;
}

const COMPONENTS_ID = 'https://dversum.invalid/openapi-components';

/** Compiles the document's schemas with ajv; `#/components/schemas/X` points into the document. */
export function schemaValidator(doc: OpenApiDocument): (schema: unknown) => ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  addFormats(ajv);
  // OpenAPI's own schema keywords (3.1 §4.8.24), which JSON Schema does not define.
  ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
  // Specification extensions (3.1 §4.9) the document uses: `x-amount` marks money in minor units.
  ajv.addVocabulary([AMOUNT_MARK]);
  const relink = (schema: unknown): unknown =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${COMPONENTS_ID}#/$defs/`));
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: relink(doc.components.schemas ?? {}) as object });
  const cache = new Map<string, ValidateFunction>();
  return (schema) => {
    const text = JSON.stringify(schema);
    let validate = cache.get(text);
    if (!validate) {
      validate = ajv.compile(relink(schema) as object);
      cache.set(text, validate);
    }
    return validate;
  };
}

export const errorsText = (validate: ValidateFunction): string =>
  (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
