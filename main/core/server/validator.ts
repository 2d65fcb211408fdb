/**
 * Fastify's validator for the routes' zod schemas: the bounded check
 * (`contract/bounded-parse.ts`) and the 422 it fails with, built here where
 * the input is at hand, so a REST body is refused in the same words as the
 * contract, and a query or path parameter is named `query.limit`, `path.id`.
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { boundedParse } from '../../../contract/bounded-parse.js';
import { invalid } from '../errors.js';

const WHERE: Readonly<Record<string, string>> = { querystring: 'query', params: 'path', headers: 'header' };

export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const prefix = httpPart ? WHERE[httpPart] : undefined;
  return (data) => {
    const result = boundedParse(schema, data, prefix);
    return result.success ? { value: result.data } : { error: invalid(result.issues) };
  };
};
