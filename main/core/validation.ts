/** zod failures become a 422 that names each field, the same for HTTP and the contract. */
import type { z } from 'zod';
import { fieldIssues } from '../../contract/field-issues.js';
import { invalid } from './errors.js';

export { fieldIssues };

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(fieldIssues(result.error));
  return result.data;
}
