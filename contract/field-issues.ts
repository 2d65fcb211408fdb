/**
 * zod issues as the field messages every side shows: the core's 422s (HTTP and
 * the contract alike) and the window's check before it sends, so a form reads
 * the same words whichever of them refused the input.
 */
import type { z } from 'zod';

/** A field-level problem: `path` is the dotted field name (`items.0.quantity`). */
export interface FieldIssue {
  path: string;
  message: string;
}

export const UNKNOWN_FIELD = 'is not a known field';

/** What a zod issue carries that the mapping reads (Fastify's validator passes the same fields). */
export interface IssueLike {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  keys?: readonly string[];
}

/** One issue as the fields it names: zod reports unknown fields on their parent, so each is named instead. */
export function issueFields(issue: IssueLike): FieldIssue[] {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
    return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: UNKNOWN_FIELD }));
  }
  return [{ path, message: issue.message }];
}

export function fieldIssues(error: z.ZodError | readonly IssueLike[]): FieldIssue[] {
  const issues: readonly IssueLike[] = Array.isArray(error) ? error : (error as z.ZodError).issues;
  return issues.flatMap(issueFields);
}

/** The message of a 422: `Invalid input: name: is required; url: is required`. */
export function invalidInputMessage(issues: readonly FieldIssue[]): string {
  return `Invalid input: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`;
}
