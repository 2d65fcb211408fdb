/** zod failures become a 422 that names each field, the same for HTTP and the contract. */
import type { z } from 'zod';
import { boundedParse } from '../../contract/bounded-parse.js';
import { invalid } from './errors.js';

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = boundedParse(schema, value);
  if (!result.success) throw invalid(result.issues);
  return result.data;
}
