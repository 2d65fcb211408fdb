/** zod failures become a 422 that names each field, the same for HTTP and the contract. */
import type { z } from 'zod';
import { invalid, type FieldIssue } from './errors.js';

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(fieldIssues(result.error));
  return result.data;
}
