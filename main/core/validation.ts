/** zod failures become a 422 that names each field, the same for HTTP and the contract. */
import type { z } from 'zod';
import { invalid, type FieldIssue } from './errors.js';

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    // zod reports unknown fields on their parent object; name each field instead.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: path ? `${path}.${key}` : key,
        message: 'is not a known field',
      }));
    }
    return [{ path, message: issue.message }];
  });
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(fieldIssues(result.error));
  return result.data;
}
